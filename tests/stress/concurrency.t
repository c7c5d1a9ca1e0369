#!/bin/bash
# make stress: the concurrency run of t/73 for longer: 4 writers of
# STRESS_WRITES writes each (default 2000), the kexec load/unload loop,
# the kexeccma start/stop loop and a reader on two vCPUs, on the VM kernel
# and on the debug kernel (KASAN, lockdep, kmemleak scanned afterwards);
# then a capture. About 5 minutes on the VM kernel and 20 on the debug
# kernel under TCG; hard timeouts of 15 and 40 minutes. The debug run's
# capture kernel is the VM kernel: the debug kernel does not boot in the
# 256 MiB area.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../vm/lib.sh"
# shellcheck source=tests/stress/lib.sh
. "$KX_TOP/tests/stress/lib.sh"
# shellcheck source=tests/stress/conc-check.sh
. "$KX_TOP/tests/stress/conc-check.sh"
stress_setup
n=${STRESS_WRITES:-2000}

vm_run stress-conc --mem 1G --smp 2 --timeout 900 \
	--append "crashkernel=256M kxst.writes=$n kxst.writers=4 no_timer_check"
conc_check "VM kernel, 4 x $n writes"

debug=$KX_BUILD/kernel-debug/bzImage
if [ -f "$debug" ]; then
	KX_CAPTURE_KERNEL=$KX_KERNEL vm_run stress-conc --kernel "$debug" --mem 1G --smp 2 --timeout 2400 \
		--append "crashkernel=256M kxst.writes=$n kxst.writers=4 no_timer_check"
	conc_check "debug kernel, 4 x $n writes"
else
	diag "no debug kernel (make kernel-debug): its run is skipped"
fi
done_testing
