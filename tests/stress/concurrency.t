#!/bin/bash
# make stress: the concurrency run of t/73 for longer: 4 writers of
# STRESS_WRITES writes each (default 2000), the kexec load/unload loop,
# the kexeccma start/stop loop and a reader on two vCPUs, on the VM kernel
# and on the debug kernel with 4 writers of STRESS_DEBUG_WRITES (default
# 250; KASAN, lockdep, kmemleak scanned afterwards); then a capture.
# Measured under TCG on the shared 2-core machine: 4.5 minutes on the VM
# kernel, 8 on the debug kernel; hard timeouts of 15 and 40 minutes. The
# debug run's capture kernel is the VM kernel: the debug kernel does not
# fit the test's crash area.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../vm/lib.sh"
# shellcheck source=tests/stress/lib.sh
. "$KX_TOP/tests/stress/lib.sh"
# shellcheck source=tests/stress/conc-check.sh
. "$KX_TOP/tests/stress/conc-check.sh"
stress_setup
n=${STRESS_WRITES:-2000}
# Under TCG a debug-kernel write costs tens of VM-kernel writes: 4 x 2000
# did not end within 40 minutes there.
nd=${STRESS_DEBUG_WRITES:-250}

vm_run stress-conc --mem 1G --smp 2 --timeout 900 \
	--append "crashkernel=256M kxst.writes=$n kxst.writers=4"
conc_check "VM kernel, 4 x $n writes"

debug=$KX_BUILD/kernel-debug/bzImage
if [ -f "$debug" ]; then
	KX_CAPTURE_KERNEL=$KX_KERNEL vm_run stress-conc --kernel "$debug" --mem 1G --smp 2 --timeout 2400 \
		--append "crashkernel=256M kxst.writes=$nd kxst.writers=4"
	conc_check "debug kernel, 4 x $nd writes"
else
	diag "no debug kernel (make kernel-debug): its run is skipped"
fi
done_testing
