#!/bin/bash
# The kexeccma helper's unit tests (cmocka programs printing TAP), built
# by kdumpctl-ext/Makefile and run plainly and under ASan+UBSan, merged
# into one TAP stream for prove: "ok N - [flavour] group: test".
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
ext=$top/kdumpctl-ext
n=0
failed=0
# shellcheck source=tests/unit/lib-tap.sh
. "$top/tests/unit/lib-tap.sh"

# The helper's objects, which the VM tests' helper build (tests/stress/
# build-helpers) shares, are made under the lock every make of them takes
# (make check runs two test files at a time); the test programs and the
# sanitizer flavour are this file's alone, and built beside.
mkdir -p "$top/build"
if ! out=$(flock "$top/build/.kdumpctl-ext.lock" make -s -C "$ext" kexeccma 2>&1 &&
	make -s -C "$ext" tests 2>&1); then
	echo "not ok 1 - build the unit tests"
	printf '%s\n' "$out" | sed 's/^/# /'
	echo "1..1"
	exit 1
fi

export CMOCKA_MESSAGE_OUTPUT=TAP
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

for flavour in plain san; do
	for bin in "$ext"/build/"$flavour"/t/test_*; do
		[ -x "$bin" ] || continue
		relay "$flavour" "${bin##*/test_}" "$bin"
	done
done
echo "1..$n"
[ "$failed" -eq 0 ]
