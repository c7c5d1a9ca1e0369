#!/bin/bash
# KEXEC_CMA, permissions: changing crash kernel memory takes what loading a
# crash kernel takes. Without CAP_SYS_BOOT a write fails with EPERM and
# changes nothing; with kexec_load_disabled set even root's write fails
# with EPERM; reads stay allowed.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/vm/cma/lib.sh
. "$(dirname "$0")/../cma/lib.sh"
cma_setup

vm_run cma-perm --mem 1G --timeout 120 --append "crashkernel=256M"
check_vm_ended perm
check_log_clean perm
check_script_ran "the guest script ran to its end"
is_fact nocap.errno EPERM "without CAP_SYS_BOOT: EPERM"
check_state nocap 0 0 "without CAP_SYS_BOOT, nothing allocated"
is_fact root.errno OK "root with CAP_SYS_BOOT: allowed"
check_state root $((64 * MIB)) 0 "64 MiB"
is_fact nocap0.errno EPERM "without CAP_SYS_BOOT, 0 is refused too"
check_state nocap0 $((64 * MIB)) 0 "64 MiB kept"
is_fact disabled.errno EPERM "with kexec_load_disabled: EPERM for root"
check_state disabled $((64 * MIB)) 0 "64 MiB kept"
is_fact disabled.read $((64 * MIB)) "reads still work"
done_testing
