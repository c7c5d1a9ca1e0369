#!/bin/bash
# The kexeccma helper and its unit tests cross-built for arm64 with
# aarch64-linux-gnu-gcc into kdumpctl-ext/build-aarch64/cross, and every
# unit test program run under qemu-aarch64-static: "ok N - [arm64] group:
# test".
#
# The tests link Debian's arm64 libcmocka, dynamically: `make deps`
# unpacks libcmocka-dev, libcmocka0 and libc6 for arm64 into
# build/arm64-sysroot (scripts/fetch-arm64-packages --extract), where the
# compiler finds cmocka's header and library and qemu-aarch64-static -L
# the loader and the shared libraries. The helper itself is linked
# statically and needs no sysroot. No ASan flavour: the sanitizers do not
# run under qemu-user. The programs the tests run (the fake kexec and
# front ends are shell scripts, gzip, xz, zstd...) are this machine's
# own: qemu-user hands an execve of a host program to the kernel.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
ext=$top/kdumpctl-ext
cc="aarch64-linux-gnu-gcc"
qemu="qemu-aarch64-static"
# A tree of its own: the helper there is static, unlike that of a plain
# make CC=aarch64-linux-gnu-gcc.
build=$ext/build-aarch64/cross
prog=$build/kexeccma
sysroot=$top/build/arm64-sysroot
libdir=$sysroot/usr/lib/aarch64-linux-gnu
n=0
failed=0
# shellcheck source=tests/unit/lib-tap.sh
. "$top/tests/unit/lib-tap.sh"

missing=
for tool in "$cc" "$qemu" readelf; do
	command -v "$tool" >/dev/null || missing="$missing $tool"
done
if [ -n "$missing" ]; then
	echo "1..0 # SKIP not installed:$missing (scripts/deps installs them)"
	exit 0
fi
for f in usr/include/cmocka.h usr/lib/aarch64-linux-gnu/libcmocka.so \
	lib/ld-linux-aarch64.so.1; do
	if [ ! -e "$sysroot/$f" ]; then
		echo "Bail out! no $f in build/arm64-sysroot (Debian's arm64 cmocka): run make deps"
		exit 1
	fi
done

result() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		failed=$((failed + 1))
		echo "not ok $n - $2"
	fi
}

# Two runs of make: LDFLAGS=-static would link the tests statically too.
# The helper and its objects, which the arm64 VM tests' helper build
# (tests/stress/build-helpers) shares, are made under the lock every make
# of them takes (make check runs two test files at a time); the test
# programs are this file's alone.
mkdir -p "$top/build"
out=$(flock "$top/build/.kdumpctl-ext.lock" make -s -C "$ext" CC="$cc" \
	BUILD="$build" PROG="$prog" LDFLAGS=-static "$prog" 2>&1 &&
	make -s -C "$ext" CC="$cc" BUILD="$build" PROG="$prog" \
		CMOCKA_CFLAGS="-I$sysroot/usr/include" \
		CMOCKA_LIBS="-L$libdir -lcmocka" tests-plain 2>&1)
status=$?
result "$status" "cross-build the helper (static) and its unit tests ($cc, Debian's arm64 libcmocka)"
if [ "$status" -ne 0 ]; then
	printf '%s\n' "$out" | sed 's/^/# /'
	echo "1..$n"
	exit 1
fi

# What was built is arm64 code: the helper needs no loader, the tests
# load Debian's libcmocka.
check_elf() { # FILE WHAT PATTERN... (!PATTERN: must not match)
	local bin=$1 what=$2 hdr p good=1
	shift 2
	hdr=$(readelf -h -l -d "$bin" 2>&1)
	for p in 'Machine: *AArch64' "$@"; do
		case $p in
		!*) grep -q -- "${p#!}" <<<"$hdr" && good=0 ;;
		*) grep -q -- "$p" <<<"$hdr" || good=0 ;;
		esac
	done
	[ "$good" -eq 1 ] && return 0
	result 1 "${bin#"$ext"/} is $what"
	printf '%s\n' "$hdr" | grep -E 'Machine|INTERP|NEEDED' | sed 's/^/# /'
}
check_elf "$prog" "a static aarch64 executable" '!INTERP'
for bin in "$build"/plain/t/test_*; do
	[ -x "$bin" ] || continue
	check_elf "$bin" "an aarch64 executable linked to libcmocka.so.0" \
		'INTERP' 'NEEDED.*\[libcmocka\.so\.0\]'
done
out=$("$qemu" "$prog" --version 2>&1)
status=$?
grep -q '^kexeccma ' <<<"$out" || status=1
result "$status" "kexeccma --version under $qemu"
[ "$status" -eq 0 ] || printf '%s\n' "$out" | sed 's/^/# /'

for bin in "$build"/plain/t/test_*; do
	[ -x "$bin" ] || continue
	relay arm64 "${bin##*/test_}" \
		env CMOCKA_MESSAGE_OUTPUT=TAP "$qemu" -L "$sysroot" "$bin"
done
echo "1..$n"
[ "$failed" -eq 0 ]
