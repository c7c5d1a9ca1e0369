#!/bin/bash
# The RPM packaging: make rpm builds the packages, they hold exactly the
# files of tests/expected-files (the list the .deb and make install are
# checked against too), rpmlint finds no error, and they install into a
# root, run from there, and erase without leaving anything behind.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
# shellcheck source=tests/lib-files.sh
. "$top/tests/lib-files.sh"

version=$(cat VERSION)
work=$top/build/rpm-test
rm -rf "$work"
mkdir -p "$work"
if ! make -s rpm >"$work/build.log" 2>&1; then
	not_ok "make rpm builds the packages"
	tail -n 20 "$work/build.log" | sed 's/^/# /'
	echo "1..$n"
	exit 1
fi
ok "make rpm builds the packages"

rpms=$top/build/rpm/RPMS
main=$(find "$rpms" -name "kexeccma-$version-*.x86_64.rpm")
dracut=$(find "$rpms" -name "kexeccma-dracut-$version-*.noarch.rpm")
patches=$(find "$rpms" -name "kexeccma-kernel-patches-$version-*.noarch.rpm")
srpm=$(find "$top/build/rpm/SRPMS" -name "kexeccma-$version-*.src.rpm")
check "the binary, two noarch and source packages exist" \
	test -f "$main" -a -f "$dracut" -a -f "$patches" -a -f "$srpm"

# Exactly the expected files, in the expected packages, with the expected
# modes, so that a file gained or lost by an install rule is noticed.
expected_files rpm >"$work/files.want"
rpm_files "$main" "$dracut" "$patches" >"$work/files"
if diff -u "$work/files.want" "$work/files" >"$work/files.diff"; then
	ok "the packages hold exactly tests/expected-files ($(wc -l <"$work/files") files)"
else
	not_ok "the packages hold exactly tests/expected-files"
	sed 's/^/# /' "$work/files.diff"
fi
check "the configuration file is %config(noreplace)" \
	sh -c "rpm -qp --configfiles '$main' | grep -qx /etc/kexeccma.conf"
check "the main package does not require dracut" \
	sh -c "! rpm -qp --requires '$main' | grep -q '^dracut'"
check "the main package requires xz (the crash kernel's payload)" \
	sh -c "rpm -qp --requires '$main' | grep -qx xz"
check "kexeccma-dracut requires dracut" \
	sh -c "rpm -qp --requires '$dracut' | grep -qx dracut"
rpm -qp --scripts "$main" >"$work/scripts.txt"
check "no scriptlet restarts a service" \
	sh -c "! grep -v '^ *#' '$work/scripts.txt' | grep -Eq 'restart|systemctl (start|reload)'"

# rpmlint: no error and no warning that spec/kexeccma.rpmlintrc does not
# explain.
rpmlint -r spec/kexeccma.rpmlintrc "$work/../dist/kexeccma.spec" \
	"$main" "$dracut" "$patches" "$srpm" >"$work/rpmlint.log" 2>&1
check "rpmlint reports no error and no unexplained warning" \
	grep -q ' 0 errors, 0 warnings' "$work/rpmlint.log"
grep -E ' [EW]: ' "$work/rpmlint.log" | sed 's/^/# rpmlint: /'

# Scriptlets need the root's own shell and libc, which this bare root
# lacks; they are checked for syntax instead.
root=$work/root
mkdir -p "$root"
check "the packages install into an empty root" \
	rpm -i --root "$root" --dbpath /var/lib/rpm --nodeps --noscripts "$main" "$dracut" "$patches"
got=$("$root/usr/sbin/kexeccma" --version 2>&1)
check "the installed helper reports version $version ($got)" \
	grep -q "$version" <<<"$got"
check "both kernel series (6.12, 6.1) are installed with every patch their series files name" \
	series_installed "$root"
sed -n '/scriptlet (using \/bin\/sh)/,$p' "$work/scripts.txt" |
	grep -v 'scriptlet (using' >"$work/scripts.sh"
check "the scriptlets are valid sh" sh -n "$work/scripts.sh"
check "the packages erase from the root" \
	rpm -e --root "$root" --dbpath /var/lib/rpm --nodeps --noscripts kexeccma kexeccma-dracut kexeccma-kernel-patches
left=$(find "$root" -mindepth 1 -path "$root/var/lib/rpm" -prune -o ! -type d -print)
check "nothing is left behind after erase${left:+: $left}" test -z "$left"

echo "1..$n"
[ "$failed" -eq 0 ]
