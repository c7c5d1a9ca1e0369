#!/bin/bash
# KEXEC_CMA, boot state: crashkernel=256M declares a 256 MiB CMA area named
# kexec_crash and allocates nothing: kexec_crash_size reads 0, no Crash
# kernel range in /proc/iomem, the area counts in CmaTotal and CmaFree and
# shows in debugfs unused; kexec_crash_cma_size gives its size.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/vm/cma/lib.sh
. "$(dirname "$0")/../cma/lib.sh"
cma_setup

vm_run cma-boot --mem 1G --timeout 120 --append "crashkernel=256M"
check_vm_ended cma-boot
check_log_clean cma-boot
check_script_ran "the guest script ran to its end"
is_fact boot.cma_size $((256 * MIB)) "kexec_crash_cma_size is 256 MiB"
is_fact boot.size 0 "kexec_crash_size reads 0"
is_fact boot.iomem "" "no Crash kernel range in /proc/iomem"
is_fact boot.loaded 0 "no crash kernel loaded"
is_fact boot.areas kexec_crash "one crash CMA area in debugfs, named kexec_crash"
is_fact boot.main.count $((256 * MIB / 4096)) "the area has 256 MiB of pages"
is_fact boot.main.used 0 "nothing is allocated from it"
base=$(fact boot.main.base_pfn)
check "the area is 16 MiB aligned and below 4 GiB" \
	test $((base % 4096)) = 0 -a $((base * 4096 + 256 * MIB)) -le $((4096 * MIB))
check "CmaTotal counts the area" test "$(fact boot.cmatotal_kb)" -ge $((256 * 1024))
check "CmaFree counts the area as free memory" \
	test "$(fact boot.cmafree_kb)" -ge $((240 * 1024))
check "the kernel log names the area" grep -q "declared as CMA area kexec_crash" "$KX_RUN/out/dmesg.txt"
check "the kernel log does not reserve classically" \
	bash -c "! grep -qE 'Reserving .* for crashkernel|crashkernel reserved:' '$KX_RUN/out/dmesg.txt'"
done_testing
