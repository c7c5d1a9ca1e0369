#!/bin/bash
# make stress: 1000 allocate/free cycles with random valid and invalid
# sizes (guest/stress-endure.sh), on the VM kernel with a low area-less
# 256 MiB area, and on the debug kernel (KASAN, lockdep, kmemleak) with a
# 6 GiB guest whose area lies above 4G with its low companion. Under TCG
# on the 2-core machine, shared: 2.5 minutes for the VM kernel's 1000
# cycles, 7 for the debug kernel's 200 (1000 would take about half an
# hour); each boot has a hard timeout. STRESS_CYCLES and
# STRESS_DEBUG_CYCLES change the counts.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../vm/lib.sh"
# shellcheck source=tests/stress/lib.sh
. "$KX_TOP/tests/stress/lib.sh"
# shellcheck source=tests/stress/endure-check.sh
. "$KX_TOP/tests/stress/endure-check.sh"
stress_setup
n=${STRESS_CYCLES:-1000}
# A debug-kernel cycle costs about nine VM-kernel cycles under TCG.
nd=${STRESS_DEBUG_CYCLES:-200}

vm_run stress-endure --mem 1G --timeout 900 \
	--append "crashkernel=256M kxst.cycles=$n"
endure_check "$n"

debug=$KX_BUILD/kernel-debug/bzImage
if [ -f "$debug" ]; then
	vm_run stress-endure --kernel "$debug" --mem 6G --timeout 2400 \
		--append "crashkernel=256M,high kxst.cycles=$nd"
	diag "debug kernel, crashkernel=256M,high on 6 GiB:"
	endure_check "$nd"
else
	diag "no debug kernel (make kernel-debug): its run is skipped"
fi
done_testing
