#!/bin/bash
# The Debian packaging: make deb builds the three packages, they hold
# exactly the files of tests/expected-files (the list the RPM and make
# install are checked against too), with the dependencies and conffile a
# Debian maintainer sets, maintainer scripts that never start or restart
# a service, and no lintian error or warning (every override explained).
# Then dpkg installs them into the Debian test root and purges them, and
# nothing of them is left. (The VM test 50-distro-kdump-tools.t does the
# same with systemd running.)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
# shellcheck source=tests/lib-files.sh
. "$top/tests/lib-files.sh"

version=$(cat VERSION)
debver=$(dpkg-parsechangelog -l debian/changelog -S Version)
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
work=$top/build/deb-test
rm -rf "$work"
mkdir -p "$work"
check "debian/changelog's version $debver is VERSION $version plus a revision" \
	test "${debver%-*}" = "$version"
# The distro tests' images build and read build/deb too (make check runs
# two test files at a time): one build at a time, under the lock
# tests/distro/make-image takes, and the packages are checked in a copy.
d=$work/deb
mkdir -p "$d"
if ! (flock 9 && make -s deb &&
	cp build/deb/*.deb build/deb/*.changes build/deb/*.buildinfo "$d/") \
	9>build/.deb.lock >"$work/build.log" 2>&1; then
	not_ok "make deb builds the packages"
	tail -n 20 "$work/build.log" | sed 's/^/# /'
	echo "1..$n"
	exit 1
fi
ok "make deb builds the packages"

main=$d/kexeccma_${debver}_$arch.deb
dracut=$d/kexeccma-dracut_${debver}_all.deb
patches=$d/kexeccma-kernel-patches_${debver}_all.deb
changes=$d/kexeccma_${debver}_$arch.changes
check "the three packages and the .changes exist" \
	test -f "$main" -a -f "$dracut" -a -f "$patches" -a -f "$changes"

expected_files deb >"$work/files.want"
deb_files "$main" "$dracut" "$patches" >"$work/files"
if diff -u "$work/files.want" "$work/files" >"$work/files.diff"; then
	ok "the packages hold exactly tests/expected-files ($(wc -l <"$work/files") files)"
else
	not_ok "the packages hold exactly tests/expected-files"
	sed 's/^/# /' "$work/files.diff"
fi

# field DEB NAME: one control field.
field() { dpkg-deb -f "$1" "$2"; }
check "kexeccma depends on kexec-tools" \
	grep -qw kexec-tools <<<"$(field "$main" Depends)"
check "kexeccma depends on xz-utils (the crash kernel's payload)" \
	grep -qw xz-utils <<<"$(field "$main" Depends)"
check "kexeccma does not depend on kdump-tools or dracut" \
	sh -c "! dpkg-deb -f '$main' Depends Pre-Depends Recommends | grep -Eq 'kdump-tools|dracut'"
check "kexeccma suggests or enhances kdump-tools" \
	grep -qw kdump-tools <<<"$(field "$main" Suggests) $(field "$main" Enhances)"
check "kexeccma-dracut depends on dracut-core and kexeccma" \
	sh -c "dpkg-deb -f '$dracut' Depends | grep -w dracut-core | grep -qw kexeccma"
check "kexeccma-dracut and kexeccma-kernel-patches are Architecture: all" \
	test "$(field "$dracut" Architecture) $(field "$patches" Architecture)" = "all all"
dpkg-deb -e "$main" "$work/control"
check "/etc/kexeccma.conf is a conffile" \
	grep -qx /etc/kexeccma.conf "$work/control/conffiles"
scripts=$(cd "$work/control" && ls preinst postinst prerm postrm 2>/dev/null)
syntax_ok() {
	local s
	for s in $scripts; do sh -n "$work/control/$s" || return 1; done
}
check "the maintainer scripts ($(echo "$scripts" | tr '\n' ' '| sed 's/ $//')) are valid sh" syntax_ok
# No start, restart or reload of a unit: restarting kdump-tools on
# upgrade would free and re-allocate an armed area.
no_restart() {
	local s
	for s in $scripts; do
		grep -v '^[[:space:]]*#' "$work/control/$s" |
			grep -Eq 'restart|(invoke|systemctl)[^#]* (start|reload)\b' && return 1
	done
	return 0
}
check "no maintainer script starts, restarts or reloads a service" no_restart
# shellcheck disable=SC2016 # the literal text of the script
check "prerm stops the kdump services only on remove" \
	grep -qF '[ "$1" = remove ]' "$work/control/prerm"

# lintian on the .changes (and so on every package it lists): no error,
# no warning, and every override carries a comment that explains it.
lintian --info --show-overrides "$changes" >"$work/lintian.log" 2>&1
grep -E '^[EW]: ' "$work/lintian.log" | sed 's/^/# lintian: /'
check "lintian reports no error and no warning" \
	sh -c "! grep -Eq '^[EW]: ' '$work/lintian.log'"
checked_all() {
	local p
	for p in kexeccma kexeccma-dracut kexeccma-kernel-patches; do
		grep -q "^[A-Z]: $p: " "$work/lintian.log" || return 1
	done
}
check "lintian checked all three packages (overrides shown for each)" checked_all
explained() {
	local f
	for f in debian/*.lintian-overrides debian/source/lintian-overrides; do
		[ -f "$f" ] || continue
		awk '/^[^#[:space:]]/ && prev !~ /^#/ { bad = 1 } { prev = $0 } END { exit bad }' "$f" ||
			return 1
	done
}
check "every lintian override is preceded by its explanation" explained
check "lintian uses every override" \
	sh -c "! grep -q 'unused-override' '$work/lintian.log'"

# dpkg, for real, in the Debian test root (no systemd running there: the
# maintainer scripts skip their systemctl calls): install, run, purge.
if ! command -v mmdebstrap >/dev/null; then
	echo "1..$n"
	[ "$failed" -eq 0 ]
	exit
fi
# shellcheck source=tests/distro/rootfs.sh
. "$top/tests/distro/rootfs.sh"
rootfs_hold base 2>"$work/rootfs.log"
root=$work/root
mkdir -p "$root"
tar -C "$root" -xf "$ROOTFS_TAR"
snapshot() {
	(cd "$root" && find . -path ./var/lib/dpkg -prune -o -path ./var/log -prune \
		-o -path ./var/cache -prune -o -path ./tmp -prune -o -print) | LC_ALL=C sort
}
snapshot >"$work/before"
# dpkg_log NAME ARGS...: dpkg on the root, its output to NAME.log.
dpkg_log() {
	local name=$1
	shift
	dpkg --root="$root" --log=/dev/null "$@" >"$work/$name.log" 2>&1 ||
		{ sed 's/^/# /' "$work/$name.log"; return 1; }
}
check "dpkg installs kexeccma and kexeccma-kernel-patches into the Debian root" \
	dpkg_log dpkg-install -i "$main" "$patches"
got=$(chroot "$root" kexeccma --version 2>&1)
check "the installed helper runs in the root ($got)" grep -q "$version" <<<"$got"
check "both kernel series (6.12, 6.1) are installed with every patch their series files name" \
	series_installed "$root"
check "dpkg purges them again" \
	dpkg_log dpkg-purge --purge kexeccma kexeccma-kernel-patches
snapshot >"$work/after"
if diff -u "$work/before" "$work/after" >"$work/left.diff"; then
	ok "nothing of the packages is left after purge"
else
	not_ok "nothing of the packages is left after purge"
	sed 's/^/# /' "$work/left.diff" | head -n 20
fi
rm -rf "$root"

echo "1..$n"
[ "$failed" -eq 0 ]
