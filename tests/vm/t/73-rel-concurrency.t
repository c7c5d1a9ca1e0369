#!/bin/bash
# Reliability, concurrency (short; tests/stress/concurrency.t runs longer
# and on the debug kernel): two vCPUs, three writers of random valid and
# invalid sizes to kexec_crash_size, a kexec -p load/unload loop, a
# kexeccma start/stop loop and a reader, all at once for 20 s. Invalid
# sizes are always refused, every outcome is documented, afterwards
# kexec_crash_size, /proc/iomem and debugfs agree, freeing gives CmaFree
# back, and a capture still works.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/stress/lib.sh
. "$KX_TOP/tests/stress/lib.sh"
# shellcheck source=tests/stress/conc-check.sh
. "$KX_TOP/tests/stress/conc-check.sh"
stress_setup

vm_run stress-conc --mem 1G --smp 2 --timeout 360 \
	--append "crashkernel=256M kxst.writes=150 kxst.writers=3"
conc_check "3 x 150 writes"
done_testing
