#!/bin/bash
# The RPM packaging: make rpm builds the packages, they hold exactly the
# expected files, rpmlint finds no error, and they install into a root,
# run from there, and erase without leaving anything behind.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
check() {
	local desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

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
patches=$(find "$rpms" -name "kexeccma-kernel-patches-$version-*.noarch.rpm")
srpm=$(find "$top/build/rpm/SRPMS" -name "kexeccma-$version-*.src.rpm")
check "the binary, noarch and source packages exist" \
	test -f "$main" -a -f "$patches" -a -f "$srpm"

# The file lists must match the checked-in expectation exactly, so that a
# file gained or lost by an install rule is noticed. The patches are
# compared with kernel-patches/ itself, and build-id links vary by build.
pdir=/usr/share/kexeccma/kernel-patches
{
	rpm -qlp "$main"
	rpm -qlp "$patches"
} | grep -v '^/usr/lib/.build-id' | sed "s/$version/VERSION/g" | sort >"$work/all"
grep -v "^$pdir/0.*\.patch\$" "$work/all" >"$work/files"
if diff -u spec/expected-files "$work/files" >"$work/files.diff"; then
	ok "the packages hold exactly spec/expected-files"
else
	not_ok "the packages hold exactly spec/expected-files"
	sed 's/^/# /' "$work/files.diff"
fi
grep "^$pdir/0.*\.patch\$" "$work/all" >"$work/patches"
(cd kernel-patches && ls 0*.patch) | sed "s|^|$pdir/|" >"$work/patches.want"
check "the patch package holds every patch of kernel-patches/" \
	diff -u "$work/patches.want" "$work/patches"
check "the configuration file is %config(noreplace)" \
	sh -c "rpm -qp --configfiles '$main' | grep -qx /etc/kexeccma.conf"

# rpmlint: no error and no warning that spec/kexeccma.rpmlintrc does not
# explain.
rpmlint -r spec/kexeccma.rpmlintrc "$work/../dist/kexeccma.spec" \
	"$main" "$patches" "$srpm" >"$work/rpmlint.log" 2>&1
check "rpmlint reports no error and no unexplained warning" \
	grep -q ' 0 errors, 0 warnings' "$work/rpmlint.log"
grep -E ' [EW]: ' "$work/rpmlint.log" | sed 's/^/# rpmlint: /'

# Scriptlets need the root's own shell and libc, which this bare root
# lacks; they are checked for syntax instead.
root=$work/root
mkdir -p "$root"
check "the packages install into an empty root" \
	rpm -i --root "$root" --dbpath /var/lib/rpm --nodeps --noscripts "$main" "$patches"
got=$("$root/usr/sbin/kexeccma" --version 2>&1)
check "the installed helper reports version $version ($got)" \
	grep -q "$version" <<<"$got"
check "the installed kernel patches include the series" \
	test -s "$root/usr/share/kexeccma/kernel-patches/series"
rpm -qp --scripts "$main" | sed -n '/scriptlet (using \/bin\/sh)/,$p' |
	grep -v 'scriptlet (using' >"$work/scripts.sh"
check "the scriptlets are valid sh" sh -n "$work/scripts.sh"
check "the packages erase from the root" \
	rpm -e --root "$root" --dbpath /var/lib/rpm --nodeps --noscripts kexeccma kexeccma-kernel-patches
left=$(find "$root" -mindepth 1 -path "$root/var/lib/rpm" -prune -o ! -type d -print)
check "nothing is left behind after erase${left:+: $left}" test -z "$left"

echo "1..$n"
[ "$failed" -eq 0 ]
