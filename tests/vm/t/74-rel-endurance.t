#!/bin/bash
# Reliability, endurance (short: 100 cycles; tests/stress/endurance.t runs
# 1000): random valid and invalid sizes written to kexec_crash_size, each
# outcome as the ABI says, the kernel's views agreeing every 100 cycles,
# and at the end nothing held, CmaFree back at its boot value and the
# unreclaimable slab where it was.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/stress/lib.sh
. "$KX_TOP/tests/stress/lib.sh"
# shellcheck source=tests/stress/endure-check.sh
. "$KX_TOP/tests/stress/endure-check.sh"
stress_setup

vm_run stress-endure --mem 1G --timeout 300 \
	--append "crashkernel=256M kxst.cycles=100"
endure_check 100
done_testing
