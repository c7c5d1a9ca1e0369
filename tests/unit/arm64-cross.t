#!/bin/bash
# The kexeccma helper and its unit tests cross-built for arm64 with
# aarch64-linux-gnu-gcc, statically (qemu-aarch64-static then needs no
# arm64 sysroot), into kdumpctl-ext/build-aarch64/static, and every unit
# test program run under qemu-aarch64-static: "ok N - [arm64] group: test".
#
# There is no cmocka library for arm64 on the build machine (and Debian
# ships none to link statically), so the tests are built with the
# stand-in in tests/unit/cmocka-lite (make CMOCKA=lite), which prints the
# same TAP. No ASan flavour: the sanitizers do not run under qemu-user.
# The programs the tests run (the fake kexec and front ends are shell
# scripts, gzip, xz, zstd...) are this machine's own: qemu-user hands an
# execve of a host program to the kernel.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
ext=$top/kdumpctl-ext
cc="aarch64-linux-gnu-gcc"
qemu="qemu-aarch64-static"
build=$ext/build-aarch64/static
prog=$build/kexeccma
n=0
failed=0

missing=
for tool in "$cc" "$qemu" readelf; do
	command -v "$tool" >/dev/null || missing="$missing $tool"
done
if [ -n "$missing" ]; then
	echo "1..0 # SKIP not installed:$missing (scripts/deps installs them)"
	exit 0
fi

result() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		failed=$((failed + 1))
		echo "not ok $n - $2"
	fi
}

out=$(make -s -C "$ext" CC="$cc" BUILD="$build" PROG="$prog" \
	LDFLAGS=-static CMOCKA=lite "$prog" tests-plain 2>&1)
status=$?
result "$status" "cross-build the helper and its unit tests ($cc, static)"
if [ "$status" -ne 0 ]; then
	printf '%s\n' "$out" | sed 's/^/# /'
	echo "1..$n"
	exit 1
fi

# What was built is arm64 code that needs no loader.
for bin in "$prog" "$build"/plain/t/test_*; do
	[ -x "$bin" ] || continue
	hdr=$(readelf -h -l "$bin" 2>&1)
	if grep -q 'Machine: *AArch64' <<<"$hdr" &&
		! grep -q 'INTERP' <<<"$hdr"; then
		continue
	fi
	result 1 "${bin#"$ext"/} is a static aarch64 executable"
	printf '%s\n' "$hdr" | grep -E 'Machine|INTERP' | sed 's/^/# /'
done
out=$("$qemu" "$prog" --version 2>&1)
status=$?
grep -q '^kexeccma ' <<<"$out" || status=1
result "$status" "kexeccma --version under $qemu"
[ "$status" -eq 0 ] || printf '%s\n' "$out" | sed 's/^/# /'

for bin in "$build"/plain/t/test_*; do
	[ -x "$bin" ] || continue
	group=${bin##*/test_}
	seen=0
	planned=-1
	while IFS= read -r line; do
		case $line in
		"ok "* | "not ok "*)
			n=$((n + 1))
			seen=$((seen + 1))
			status=${line%% [0-9]*}
			name=${line#* - }
			[ "$status" = ok ] || failed=$((failed + 1))
			echo "$status $n - [arm64] $group: $name"
			;;
		1..*)
			planned=${line#1..}
			;;
		*)
			echo "# $line"
			;;
		esac
	done < <("$qemu" "$bin" 2>&1)
	# A crash leaves tests unreported.
	if [ "$seen" -ne "$planned" ]; then
		n=$((n + 1))
		failed=$((failed + 1))
		echo "not ok $n - [arm64] $group: ran $seen of $planned tests"
	fi
done
echo "1..$n"
[ "$failed" -eq 0 ]
