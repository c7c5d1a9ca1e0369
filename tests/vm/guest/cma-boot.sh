# shellcheck shell=sh
# KEXEC_CMA boot state: what crashkernel= left behind before anything was
# asked for.
# shellcheck source=tests/vm/guest/cma-lib.sh
. "$KX_TESTS/guest/cma-lib.sh"
fact boot.cma_size "$(cat /sys/kernel/kexec_crash_cma_size 2>/dev/null || echo missing)"
fact boot.cmatotal_kb "$(meminfo CmaTotal)"
fact boot.areas "$(cma_areas)"
fact boot.loaded "$(cat /sys/kernel/kexec_crash_loaded)"
state boot
dmesg >"$KX_OUT/dmesg.txt"
