#!/bin/bash
# KEXEC_CMA, zone boundaries the area cannot know when it is declared:
# with movablecore= ZONE_MOVABLE begins inside the crash area, the CMA core
# cannot activate an area that spans two zones, and the memory must then
# be the classic reservation (one log line, kexec_crash_size reads it at
# boot, shrinking works) instead of silently lost. With ,high the main
# area (at the top of memory, where ZONE_MOVABLE begins 128 MiB below the
# end) falls back the same way and is not dropped. An area that lies
# wholly inside ZONE_MOVABLE is activated as usual. The boots use
# nokaslr: KASLR may put the kernel image at the top of memory, and the
# area then lies wholly below ZONE_MOVABLE, which is not the case tested
# (seen on 6.1).
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/vm/cma/lib.sh
. "$(dirname "$0")/../cma/lib.sh"
cma_setup

for spec in "1G:crashkernel=256M movablecore=128M nokaslr" \
	"6G:crashkernel=256M,high movablecore=128M nokaslr"; do
	mem=${spec%%:*} append=${spec#*:}
	d=$append
	vm_run cma-classic --mem "$mem" --timeout 180 --append "$append"
	check_vm_ended "$d"
	# The CMA core reports the area it could not activate with pr_err;
	# that line is expected here, any splat is not.
	check_log_clean "$d"
	check_script_ran "$d: the guest script ran to its end"
	is_fact boot.cma_size 0 "$d: no crash CMA area left (kexec_crash_cma_size 0)"
	is_fact boot.size $((256 * MIB)) "$d: 256 MiB reserved instead, read at boot"
	is "$(iomem_sum "$(fact boot.iomem | cut -d';' -f1)")" $((256 * MIB)) \
		"$d: /proc/iomem shows the reservation"
	check "$d: one line says the area became a reservation" \
		grep -q "crash_cma: CMA area kexec_crash could not be activated: 256 MiB reserved instead" "$KX_LOG"
	is_fact shrink.errno OK "$d: shrinking the reservation works (classic)"
	is_fact zero.errno OK "$d: giving it up works (classic)"
	is_fact zero.size 0 "$d: nothing left"
done
done_testing
