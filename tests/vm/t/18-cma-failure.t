#!/bin/bash
# KEXEC_CMA, allocations that cannot be met, forced by taking part of the
# area through the CMA debugfs "alloc" file: the write fails with ENOMEM,
# logs exactly one line, and leaves the previous state (no stale range, no
# page held): for a first allocation, for a grow that finds no room beside
# the range it holds (the range stays exactly where it was, also after the
# debugfs pages are back), and for a ,high allocation whose low area is
# busy (the main allocation is rolled back).
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/vm/cma/lib.sh
. "$(dirname "$0")/../cma/lib.sh"
cma_setup

blocked=$((16 * MIB / 4096))
vm_run cma-failure --mem 1G --timeout 120 --append "crashkernel=256M"
check_vm_ended "crashkernel=256M"
check_log_clean "crashkernel=256M"
check_script_ran "the guest script ran to its end"
is_fact boot.logged 0 "nothing logged at boot"
is_fact blocked.main.used $blocked "16 MiB of the area taken through debugfs"
is_fact whole.errno ENOMEM "the whole area cannot be had: ENOMEM"
is "$(fact whole.size)/$(fact whole.iomem)/$(fact whole.main.used)" "0//$blocked" \
	"the failed allocation left nothing behind"
is_fact whole.logged 1 "one line logged for it"
is_fact a64.errno OK "64 MiB can be had"
is "$(fact a64.size)/$(iomem_sum "$(fact a64.iomem)")/$(fact a64.main.used)" \
	"$((64 * MIB))/$((64 * MIB))/$((blocked + 64 * MIB / 4096))" \
	"64 MiB held, in /proc/iomem and in debugfs"
is_fact g112.errno OK "growing to 112 MiB works: there is room beside the 64 held"
is "$(iomem_sum "$(fact g112.iomem)")/$(fact g112.main.used)" \
	"$((112 * MIB))/$((blocked + 112 * MIB / 4096))" \
	"112 MiB held, in /proc/iomem and in debugfs; the 64 MiB were given back"
is_fact g112.logged 1 "nothing logged for a grow that worked"
kept=$(fact g112.iomem)
# g240 with the debugfs pages taken, g240b with them given back
for k in g240:$blocked g240b:0; do
	b=${k#*:} k=${k%:*}
	is_fact "$k.errno" ENOMEM "$k: growing to 240 MiB beside the 112 held fails with ENOMEM"
	is_fact "$k.iomem" "$kept" "$k: the failed grow kept the same range ($kept)"
	is "$(fact "$k.size")/$(fact "$k.main.used")" \
		"$((112 * MIB))/$((b + 112 * MIB / 4096))" \
		"$k: 112 MiB held, and nothing more"
done
is_fact g240.logged 2 "one line logged for the failed grow"
check "the line says 112 MiB were kept" \
	grep -q "crash_cma: cannot allocate 240 MiB .* 112 MiB kept" "$KX_LOG"
is_fact free0.errno OK "0 gives the 112 MiB back"
check_state free0 0 0 "freed"
is_fact all256.errno OK "from nothing, the whole 256 MiB can be had"
check_state all256 $((256 * MIB)) 0 "256 MiB"
check_state free 0 0 "freed"

vm_run cma-failure --mem 6G --timeout 120 --append "crashkernel=256M,high"
check_vm_ended "crashkernel=256M,high"
check_log_clean "crashkernel=256M,high"
check_script_ran ",high: the guest script ran to its end"
is_fact blocked.low.used 1 ",high: a page of the low area taken through debugfs"
is_fact low.errno ENOMEM ",high: the allocation fails with ENOMEM"
is "$(fact low.size)/$(fact low.iomem)/$(fact low.main.used)/$(fact low.low.used)" "0//0/1" \
	",high: the main allocation was rolled back, no range, no page held"
is_fact low.logged 1 ",high: one line logged"
check ",high: the line names the low area" \
	grep -q "crash_cma: cannot allocate $KX_LOW_DEFAULT_MIB MiB of low crash kernel memory" "$KX_LOG"
is_fact ok.errno OK ",high: with the page back, 64 MiB and the low area can be had"
check_state ok $((64 * MIB)) $((KX_LOW_DEFAULT_MIB * MIB)) ",high: 64 MiB"
check_state free 0 0 ",high: freed"
done_testing
