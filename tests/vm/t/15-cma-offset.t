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

# Offsets from the start of RAM (0 on x86_64, 1 GiB on arm64's virt).
at=$((KX_RAM_BASE_MIB + 512))
odd=$((KX_RAM_BASE_MIB + 264))

vm_run cma-resize --mem 1G --timeout 120 --append "nokaslr crashkernel=256M@${at}M kxcma.steps=64,192,0"
check_vm_ended "@${at}M"
check_log_clean "@${at}M"
check_script_ran "@${at}M: the guest script ran to its end"
is_fact boot.cma_size $((256 * MIB)) "@${at}M: kexec_crash_cma_size is 256 MiB"
is_fact boot.main.base_pfn $((at * MIB / 4096)) "@${at}M: the area starts at $at MiB"
check_state boot 0 0 "@${at}M: boot"
for i in 1 2; do
	s=$((i == 1 ? 64 : 192))
	is_fact "step$i.errno" OK "@${at}M: $s MiB allocated"
	check_state "step$i" $((s * MIB)) 0 "@${at}M, $s MiB"
	start=$((16#$(fact "step$i.iomem" | cut -d- -f1)))
	check "@${at}M, $s MiB: the range lies inside [${at}M, $((at + 256))M)" \
		test $start -ge $((at * MIB)) -a $((start + s * MIB)) -le $(((at + 256) * MIB))
done
check_state step3 0 0 "@${at}M: freed"

vm_run cma-resize --mem 1G --timeout 120 --append "nokaslr crashkernel=128M@${odd}M kxcma.steps="
check_vm_ended "@${odd}M"
check_script_ran "@${odd}M: the guest script ran to its end"
is_fact boot.cma_size 0 "@${odd}M (not 16 MiB aligned): no CMA area"
check "@${odd}M: the kernel log says why" grep -q "128 MiB at $odd MiB are not 16 MiB aligned" "$KX_LOG"
# What follows is the classic reservation's own behaviour: 6.1 reserves
# at 264 MiB (1 MiB alignment for a fixed base), and so does 6.12 on
# arm64 (CRASH_ALIGN 2 MiB); 6.12 on x86_64 aligns it to 16 MiB and so
# cannot.
if [ "$KX_KVER" = 6.1 ] || [ "$KX_ARCH" = arm64 ]; then
	is_fact boot.size $((128 * MIB)) "@${odd}M: the classic reservation was made instead"
	is_fact boot.iomem "$(printf '%x-%x' $((odd * MIB)) $(((odd + 128) * MIB - 1)))" \
		"@${odd}M: reserved at exactly $odd MiB"
else
	is_fact boot.size 0 "@${odd}M: the classic reservation fails, as upstream 6.12's"
	check "@${odd}M: the kernel log says so" grep -q "crashkernel reservation failed - memory is in use" "$KX_LOG"
fi
done_testing
