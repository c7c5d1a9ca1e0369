#!/bin/bash
# KEXEC_CMA, allocations that cannot be met, forced by taking part of the
# area through the CMA debugfs "alloc" file: the write fails with ENOMEM,
# logs exactly one line, and leaves the previous state (no stale range, no
# page held): for a first allocation, for a grow that has to give the old
# range back first (and succeeds), for a grow that fails and takes the old
# size again, and for a ,high allocation whose low area is busy (the main
# allocation is rolled back).
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/vm/cma/lib.sh
. "$(dirname "$0")/../cma/lib.sh"
cma_setup

blocked=$((16 * MIB / 4096))
cma_vm_run cma-failure --mem 1G --timeout 120 --append "crashkernel=256M"
check_vm_ended "crashkernel=256M"
check_log_clean "crashkernel=256M"
is_fact first.rc 0 "the guest script ran to its end"
is_fact boot.logged 0 "nothing logged at boot"
is_fact blocked.main.used $blocked "16 MiB of the area taken through debugfs"
is_fact whole.errno ENOMEM "the whole area cannot be had: ENOMEM"
is "$(fact whole.size)/$(fact whole.iomem)/$(fact whole.main.used)" "0//$blocked" \
	"the failed allocation left nothing behind"
is_fact whole.logged 1 "one line logged for it"
is_fact a128.errno OK "128 MiB can be had"
is_fact g240.errno OK "growing to 240 MiB works by giving the old range back first"
is "$(fact g240.size)/$(iomem_sum "$(fact g240.iomem)")/$(fact g240.main.used)" \
	"$((240 * MIB))/$((240 * MIB))/$((blocked + 240 * MIB / 4096))" \
	"240 MiB held, in /proc/iomem and in debugfs"
is_fact g240.logged 1 "nothing logged for a grow that worked"
is_fact g256.errno ENOMEM "growing to 256 MiB fails with ENOMEM"
is "$(fact g256.size)/$(iomem_sum "$(fact g256.iomem)")/$(fact g256.main.used)" \
	"$((240 * MIB))/$((240 * MIB))/$((blocked + 240 * MIB / 4096))" \
	"the failed grow kept 240 MiB, and nothing more"
is_fact g256.logged 2 "one line logged for it"
check "the line says 240 MiB were kept" grep -q "kexec_cma: cannot grow .* from 240 MiB to 256 MiB.* kept 240 MiB" "$KX_LOG"
is_fact g256b.errno OK "with the debugfs pages back, 256 MiB can be had"
check_state g256b $((256 * MIB)) 0 "256 MiB"
check_state free 0 0 "freed"

cma_vm_run cma-failure --mem 6G --timeout 120 --append "crashkernel=256M,high"
check_vm_ended "crashkernel=256M,high"
check_log_clean "crashkernel=256M,high"
is_fact first.rc 0 ",high: the guest script ran to its end"
is_fact blocked.low.used 1 ",high: a page of the low area taken through debugfs"
is_fact low.errno ENOMEM ",high: the allocation fails with ENOMEM"
is "$(fact low.size)/$(fact low.iomem)/$(fact low.main.used)/$(fact low.low.used)" "0//0/1" \
	",high: the main allocation was rolled back, no range, no page held"
is_fact low.logged 1 ",high: one line logged"
check ",high: the line names the low area" grep -q "kexec_cma: cannot allocate 256 MiB of low crash kernel memory" "$KX_LOG"
is_fact ok.errno OK ",high: with the page back, 64 MiB and the low area can be had"
check_state ok $((64 * MIB)) $((256 * MIB)) ",high: 64 MiB"
check_state free 0 0 ",high: freed"
done_testing
