#!/bin/bash
# KEXEC_CMA, crashkernel=size@offset: the area sits exactly at the offset
# and allocations come from it; an offset that is not 16 MiB aligned
# cannot be a CMA area and falls back to the classic reservation, which
# behaves as upstream's does for that version.
# A fixed offset fails like a classic one when the kernel sits there, and
# KASLR may put it anywhere: those boots use nokaslr.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/vm/cma/lib.sh
. "$(dirname "$0")/../cma/lib.sh"
cma_setup

vm_run cma-resize --mem 1G --timeout 120 --append "nokaslr crashkernel=256M@512M kxcma.steps=64,192,0"
check_vm_ended "@512M"
check_log_clean "@512M"
is_fact first.rc 0 "@512M: the guest script ran to its end"
is_fact boot.cma_size $((256 * MIB)) "@512M: kexec_crash_cma_size is 256 MiB"
is_fact boot.main.base_pfn $((512 * MIB / 4096)) "@512M: the area starts at 512 MiB"
check_state boot 0 0 "@512M: boot"
for i in 1 2; do
	s=$((i == 1 ? 64 : 192))
	is_fact "step$i.errno" OK "@512M: $s MiB allocated"
	check_state "step$i" $((s * MIB)) 0 "@512M, $s MiB"
	start=$((16#$(fact "step$i.iomem" | cut -d- -f1)))
	check "@512M, $s MiB: the range lies inside [512M, 768M)" \
		test $start -ge $((512 * MIB)) -a $((start + s * MIB)) -le $((768 * MIB))
done
check_state step3 0 0 "@512M: freed"

vm_run cma-resize --mem 1G --timeout 120 --append "nokaslr crashkernel=128M@264M kxcma.steps="
check_vm_ended "@264M"
is_fact first.rc 0 "@264M: the guest script ran to its end"
is_fact boot.cma_size 0 "@264M (not 16 MiB aligned): no CMA area"
check "@264M: the kernel log says why" grep -q "128 MiB at 264 MiB are not 16 MiB aligned" "$KX_LOG"
# What follows is the classic reservation's own behaviour: 6.1 reserves
# at 264 MiB (1 MiB alignment for a fixed base); 6.12 aligns it to 16 MiB
# and so cannot.
if [ "$KX_KVER" = 6.1 ]; then
	is_fact boot.size $((128 * MIB)) "@264M: the classic reservation was made instead"
	is_fact boot.iomem "10800000-187fffff" "@264M: reserved at exactly 264 MiB"
else
	is_fact boot.size 0 "@264M: the classic reservation fails, as upstream 6.12's"
	check "@264M: the kernel log says so" grep -q "crashkernel reservation failed - memory is in use" "$KX_LOG"
fi
done_testing
