#!/bin/bash
# The kexeccma helper's unit tests (cmocka programs printing TAP), built
# by kdumpctl-ext/Makefile and run plainly and under ASan+UBSan, merged
# into one TAP stream for prove: "ok N - [flavour] group: test".
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
ext=$top/kdumpctl-ext
n=0

if ! out=$(make -s -C "$ext" tests 2>&1); then
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
				echo "$status $n - [$flavour] $group: $name"
				;;
			1..*)
				planned=${line#1..}
				;;
			*)
				echo "# $line"
				;;
			esac
		done < <("$bin" 2>&1)
		# A crash (sanitizer abort) leaves tests unreported.
		if [ "$seen" -ne "$planned" ]; then
			n=$((n + 1))
			echo "not ok $n - [$flavour] $group: ran $seen of $planned tests"
		fi
	done
done
echo "1..$n"
