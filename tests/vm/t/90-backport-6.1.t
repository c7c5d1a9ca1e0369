#!/bin/bash
# The 6.1 backport (kernel-patches/6.1) in make check: the kernel tests
# that cover every behaviour and every fixed defect of the series run
# again on the 6.1 kernel, their test points renumbered and named "6.1:".
# `make check KVER=6.1` runs the whole suite on it instead (this file
# then has nothing left to do). 25-cma-read-latency, whose bound a busy
# host can break, runs on 6.1 in 91-backport-6.1-read-latency.t, which
# make check runs alone; that file sources this one with
# KX_BACKPORT_TESTS set.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"

kernel=$KX_BUILD/kernel-6.1/bzImage
[ "$KX_KVER" = 6.1 ] && skip_all "the whole suite runs on 6.1 already"
[ -f "$kernel" ] || { not_ok "a 6.1 kernel in $kernel (make kernels)"; done_testing; }

tests=${KX_BACKPORT_TESTS:-"10-cma-boot 11-cma-classic 12-cma-invalid
13-cma-resize 14-cma-high 17-cma-loaded 18-cma-failure 19-cma-concurrent
20-cma-kdump-load 21-cma-kdump-file 22-cma-kdump-high-load
24-cma-killed-grow 26-cma-permissions 27-cma-movable 28-cma-busy
32-cma-kselftest"}
# The same files may run on 6.12 meanwhile (make check runs two files at
# a time): the 6.1 runs get folders of their own, build/vm-runs/6.1/TEST/.
export KX_RUNS=${KX_RUNS:-$KX_BUILD/vm-runs}/6.1
for t in $tests; do
	diag "6.1: $t"
	before=$tap_count
	while IFS= read -r line; do
		case $line in
		"ok "*) ok "6.1: ${line#ok * - }" ;;
		"not ok "*) not_ok "6.1: ${line#not ok * - }" ;;
		"1..0 # SKIP"*) not_ok "6.1: $t skipped: ${line#1..0 # SKIP }" ;;
		"Bail out!"*) not_ok "6.1: $t: $line" ;;
		"#"*) echo "$line" ;;
		esac
	done < <(KX_KERNEL=$kernel "$(dirname "$0")/$t.t" 2>&1)
	[ "$tap_count" -gt "$before" ] || not_ok "6.1: $t reported nothing"
done
done_testing
