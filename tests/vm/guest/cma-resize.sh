# shellcheck shell=sh
# Allocate, grow, shrink and free, recording the state after each step.
# KXCMA_STEPS on the command line (kxcma.steps=64,128,...) lists the sizes.
# shellcheck source=tests/vm/guest/cma-lib.sh
. "$KX_TESTS/guest/cma-lib.sh"
fact boot.cma_size "$(cat /sys/kernel/kexec_crash_cma_size)"
fact boot.areas "$(cma_areas)"
state boot
n=0
for size in $(kx_arg kxcma.steps | tr , ' '); do
	n=$((n + 1))
	fact "step$n.input" "$size"
	wr "step$n" "$size"
	state "step$n"
done
fact steps "$n"
