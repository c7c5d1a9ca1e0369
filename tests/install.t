#!/bin/bash
# make install DESTDIR= installs exactly the "all" files of
# tests/expected-files, with their modes: the same files the RPMs and the
# .debs ship (tests/rpm.t, tests/deb.t), the two kernel series under
# /usr/share/kexeccma/kernel-patches/6.12/ and 6.1/ included.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
# shellcheck source=tests/lib-files.sh
. "$top/tests/lib-files.sh"

work=$top/build/install-test
rm -rf "$work"
mkdir -p "$work"

# check_install DESC TREE: make install from TREE into $root installs
# TREE's list.
check_install() {
	local desc=$1 tree=$2
	root=$work/root-$n
	# make install builds the helper if it is not: one make in
	# kdumpctl-ext at a time (the unit and VM tests build there too).
	if ! flock "$top/build/.kdumpctl-ext.lock" make -s -C "$tree" install \
		DESTDIR="$root" >"$work/install-$n.log" 2>&1; then
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
check "both kernel series (6.12, 6.1) are installed with every patch their series files name" \
	series_installed "$root"

echo "1..$n"
[ "$failed" -eq 0 ]
