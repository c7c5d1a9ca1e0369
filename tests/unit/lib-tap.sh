# shellcheck shell=bash
# Shared by the unit test runners (unit.t, arm64-cross.t): relay what a
# cmocka test program prints as TAP into the runner's own stream.

# relay LABEL GROUP COMMAND...: run COMMAND, a cmocka program printing
# TAP, and renumber its points as "ok N - [LABEL] GROUP: name"; other
# lines become comments. A program that reports fewer tests than it
# planned (a crash, a sanitizer abort) adds a failing point. Counts in
# the caller's n (points) and failed (failures).
relay() {
	local label=$1 group=$2 line status name seen=0 planned=-1
	shift 2
	while IFS= read -r line; do
		case $line in
		"ok "* | "not ok "*)
			n=$((n + 1))
			seen=$((seen + 1))
			status=${line%% [0-9]*}
			name=${line#* - }
			[ "$status" = ok ] || failed=$((failed + 1))
			echo "$status $n - [$label] $group: $name"
			;;
		1..*)
			planned=${line#1..}
			;;
		*)
			echo "# $line"
			;;
		esac
	done < <("$@" 2>&1)
	if [ "$seen" -ne "$planned" ]; then
		n=$((n + 1))
		failed=$((failed + 1))
		echo "not ok $n - [$label] $group: ran $seen of $planned tests"
	fi
}
