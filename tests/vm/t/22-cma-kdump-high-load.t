#!/bin/bash
# KEXEC_CMA, full kdump cycle with kexec_load on a 6G guest booted with
# crashkernel=256M,high: 160 MiB allocated (and the default low area), the crash kernel
# loaded into it, sysrq-c, the capture kernel writes the dump and the host
# reads the panic back out of it; the vmcore covers all memory but the
# allocated crash ranges.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/vm/cma/lib.sh
. "$(dirname "$0")/../cma/lib.sh"
# shellcheck source=tests/vm/cma/kdump.sh
. "$(dirname "$0")/../cma/kdump.sh"
cma_setup

cma_kdump_cycle "kexec_load, crashkernel=256M,high" 6G 160 "$KX_LOW_DEFAULT_MIB" "crashkernel=256M,high" 
done_testing
