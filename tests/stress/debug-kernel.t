#!/bin/bash
# make stress: the kernel VM tests (tests/vm/t/1x-3x: boot state, classic
# fallback, invalid input, resizing, every crashkernel= form, a loaded
# crash kernel, kdump cycles, 200 cycles, migration, the kselftest) on
# the debug kernel (kernel-config/debug.config: KASAN, lockdep, DEBUG_VM,
# DEBUG_LIST, kmemleak). Each test already fails on any splat in its
# console log; this runs them as subtests. Then the reliability tests
# 70-72 (security, pinned pages, kills) on the same kernel. About 40
# minutes under TCG (every boot is about three times slower).
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../vm/lib.sh"

debug=$KX_BUILD/kernel-debug/bzImage
[ -f "$debug" ] || skip_all "no debug kernel: run make kernel-debug"
# The series runs in the first kernel, the debug one; the capture kernel is
# the VM kernel, which fits the tests' crash areas (the debug kernel needs
# several times more memory to boot as a capture kernel).
export KX_KERNEL=$debug KX_TIMEOUT_SCALE=${KX_TIMEOUT_SCALE:-4}
export KX_CAPTURE_KERNEL=$KX_BUILD/kernel/bzImage
# Runs keep their own folders, build/vm-runs/debug/TEST/: the same tests
# on the VM kernel may run in the same clone.
export KX_BUILD KX_RUNS=${KX_RUNS:-$KX_BUILD/vm-runs}/debug
for t in "$KX_TOP"/tests/vm/t/1[0-9]-*.t "$KX_TOP"/tests/vm/t/[23][0-9]-*.t \
	"$KX_TOP"/tests/vm/t/7[0-2]-*.t; do
	[ -e "$t" ] || continue
	name=${t##*/}
	start=$(date +%s)
	if out=$("$t" 2>&1); then
		ok "debug kernel: $name ($(($(date +%s) - start)) s)"
	else
		not_ok "debug kernel: $name ($(($(date +%s) - start)) s)"
		printf '%s\n' "$out" | grep -E '^not ok|^# ' | head -n 20 | sed 's/^/# /'
	fi
done
done_testing
