#!/bin/bash
# make install DESTDIR= installs exactly the "all" files of
# tests/expected-files, with their modes: the same files the RPMs and the
# .debs ship (tests/rpm.t, tests/deb.t). The kernel patch tree is
# installed as kernel-patches/ lays it out, so the same check runs on a
# copy of the tree with the other layout too: a single series at the top,
# or a folder per kernel version with its own series.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
# shellcheck source=tests/lib-files.sh
. "$top/tests/lib-files.sh"
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
check() {
	local desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

work=$top/build/install-test
rm -rf "$work"
mkdir -p "$work"

# check_install DESC TREE: make install from TREE into $root installs
# TREE's list.
check_install() {
	local desc=$1 tree=$2
	root=$work/root-$n
	if ! make -s -C "$tree" install DESTDIR="$root" >"$work/install-$n.log" 2>&1; then
		not_ok "$desc: make install succeeds"
		tail -n 20 "$work/install-$n.log" | sed 's/^/# /'
		return
	fi
	ok "$desc: make install succeeds"
	(files_top=$tree && expected_files install) >"$work/want-$n"
	installed_files "$root" >"$work/got-$n"
	if diff -u "$work/want-$n" "$work/got-$n" >"$work/diff-$n"; then
		ok "$desc: it installs exactly tests/expected-files ($(wc -l <"$work/got-$n") files)"
	else
		not_ok "$desc: it installs exactly tests/expected-files"
		sed 's/^/# /' "$work/diff-$n"
	fi
}

check_install "this tree" "$top"

# A copy of the tree (built helper included, the kernel build left out)
# with the patches laid out the other way.
tree=$work/tree
mkdir -p "$tree"
tar -C "$top" --exclude=./build --exclude=./.git -cf - . | tar -C "$tree" -xf -
kp=$tree/kernel-patches
if [ -f "$kp/series" ]; then
	layout="a folder per kernel version"
	mkdir "$kp/6.1"
	find "$kp" -maxdepth 1 -type f -exec mv {} "$kp/6.1/" \;
	cp -a "$kp/6.1" "$kp/6.12"
else
	layout="a single series"
	find "$kp" -mindepth 2 -type f -path "$(find "$kp" -mindepth 1 -maxdepth 1 -type d | sort | head -n 1)/*" \
		-exec mv {} "$kp/" \;
	find "$kp" -mindepth 1 -maxdepth 1 -type d -exec rm -rf {} +
fi
check_install "kernel-patches/ as $layout" "$tree"
check "kernel-patches/ as $layout: every series file is installed" \
	test "$(find "$root/usr/share/kexeccma/kernel-patches" -name series | wc -l)" \
	= "$(find "$kp" -name series | wc -l)"

echo "1..$n"
[ "$failed" -eq 0 ]
