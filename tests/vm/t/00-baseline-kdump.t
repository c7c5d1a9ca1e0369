#!/bin/bash
# The baseline every later comparison uses: a classic crashkernel=
# reservation (crashkernel_cma=off keeps the patched kernel classic),
# kexec -p, sysrq-c, the capture kernel writes the dump with
# makedumpfile, and the host reads the panic back out of the dump.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"

vm_run baseline --mem 1G --timeout 90 --append "crashkernel=160M crashkernel_cma=off"
check_vm_ended baseline
check_log_clean baseline
is_fact first.crash_size $((160 << 20)) "classic reservation is 160 MiB"
is_fact first.iomem_crash 1 "/proc/iomem shows one Crash kernel range"
is_fact first.loaded 1 "kexec -p loaded the crash kernel"
is_fact capture.rc 0 "the capture kernel ran makedumpfile successfully"
check_dump baseline
diag "baseline kdump cycle: ${KX_ELAPSED}s under TCG"
done_testing
