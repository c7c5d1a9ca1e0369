#!/bin/bash
# The helper's parsers under libFuzzer (clang, ASan and UBSan), a bounded
# run per target for CI: the checked-in corpus first (every input that
# ever mattered, crash reproducers included), then FUZZ_SECONDS (default
# 4) of new inputs. Longer runs: make -C tests/fuzz run T=NAME SECONDS=N.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=$top/build/fuzz
secs=${FUZZ_SECONDS:-4}
n=0
failed=0

tap() {
	n=$((n + 1))
	if [ "$1" = ok ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=1; fi
}

if ! command -v clang >/dev/null; then
	echo "1..0 # SKIP clang is not installed"
	exit 0
fi
if ! log=$(make -s -C "$here" OUT="$out" 2>&1); then
	tap fail "build the fuzzers with -fsanitize=fuzzer,address,undefined"
	printf '%s\n' "$log" | tail -n 20 | sed 's/^/# /'
	echo "1..$n"
	exit 1
fi
tap ok "build the fuzzers with -fsanitize=fuzzer,address,undefined"

for src in "$here"/fuzz_*.c; do
	t=${src##*/fuzz_}
	t=${t%.c}
	bin=$out/fuzz_$t
	work=$out/corpus/$t
	mkdir -p "$work" "$out/artifacts"
	rm -f "$out/artifacts/$t-"*
	flog=$out/$t.log
	if timeout -k 5 $((secs + 60)) "$bin" -max_total_time="$secs" \
		-timeout=10 -rss_limit_mb=1024 -max_len=8192 -close_fd_mask=3 \
		-artifact_prefix="$out/artifacts/$t-" \
		"$work" "$here/corpus/$t" >"$flog" 2>&1; then
		execs=$(sed -n 's/^#\([0-9]*\)[[:space:]]*DONE.*/\1/p' "$flog" | tail -n 1)
		tap ok "$t: corpus and ${secs}s of fuzzing, ${execs:-?} executions, no crash"
	else
		tap fail "$t: corpus and ${secs}s of fuzzing, no crash"
		grep -E 'ERROR|SUMMARY|Test unit written' "$flog" | head -n 5 | sed 's/^/# /'
	fi
done
echo "1..$n"
exit "$failed"
