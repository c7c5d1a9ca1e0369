#!/bin/bash
# KEXEC_CMA, classic mode: with crashkernel_cma=off the memory is reserved
# at boot and kexec_crash_size behaves exactly as upstream (bytes,
# shrink only); without crashkernel= there is no area at all.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/vm/cma/lib.sh
. "$(dirname "$0")/../cma/lib.sh"
cma_setup

vm_run cma-classic --mem 1G --timeout 120 \
	--append "crashkernel=256M crashkernel_cma=off"
check_vm_ended "crashkernel_cma=off"
check_log_clean "crashkernel_cma=off"
check_script_ran "crashkernel_cma=off: the guest script ran to its end"
is_fact boot.cma_size 0 "crashkernel_cma=off: kexec_crash_cma_size is 0"
is_fact boot.areas "" "crashkernel_cma=off: no CMA area"
is_fact boot.size $((256 * MIB)) "crashkernel_cma=off: 256 MiB reserved at boot"
is "$(iomem_sum "$(fact boot.iomem)")" $((256 * MIB)) \
	"crashkernel_cma=off: /proc/iomem shows the reservation"
is_fact grow.errno EINVAL "classic: growing is refused with EINVAL"
is_fact grow.size $((256 * MIB)) "classic: a refused grow changes nothing"
is_fact suffix.errno EINVAL "classic: a K/M/G suffix is refused (bytes only)"
is_fact shrink.errno OK "classic: shrinking by a byte count works"
is_fact shrink.size $((128 * MIB)) "classic: kexec_crash_size reads the new size"
is "$(iomem_sum "$(fact shrink.iomem)")" $((128 * MIB)) \
	"classic: /proc/iomem shows the shrunk reservation"
is_fact zero.errno OK "classic: 0 gives the rest up"
is_fact zero.size 0 "classic: kexec_crash_size reads 0"
is_fact zero.iomem "" "classic: no Crash kernel range left"

vm_run cma-classic --mem 1G --timeout 120 --append ""
check_vm_ended "no crashkernel="
check_script_ran "no crashkernel=: the guest script ran to its end"
is_fact boot.cma_size 0 "no crashkernel=: kexec_crash_cma_size is 0"
is_fact boot.areas "" "no crashkernel=: no CMA area"
is_fact boot.size 0 "no crashkernel=: kexec_crash_size reads 0"
is_fact zero.errno OK "no crashkernel=: writing 0 succeeds, as upstream"
is_fact grow.errno EINVAL "no crashkernel=: writing a size fails with EINVAL, as upstream"
done_testing
