#!/bin/bash
# KEXEC_CMA, allocate, grow, shrink and free on crashkernel=256M: after
# each step kexec_crash_size, the Crash kernel range of /proc/iomem and
# debugfs cma/kexec_crash/used hold exactly the size asked for, and
# CmaFree no longer counts it; 0 gives everything back.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/vm/cma/lib.sh
. "$(dirname "$0")/../cma/lib.sh"
cma_setup

# A grow takes its new range beside the one it holds (and keeps the old
# one if there is no room): 32 -> 160 fits beside 32 in a 256 MiB area,
# the whole area only from nothing.
steps=(64 128 32 160 16 48M 0 256 0)
vm_run cma-resize --mem 1G --timeout 120 \
	--append "crashkernel=256M kxcma.steps=$(IFS=,; echo "${steps[*]}")"
check_vm_ended cma-resize
check_log_clean cma-resize
check_script_ran "the guest script ran to its end"
is_fact steps ${#steps[@]} "all ${#steps[@]} steps ran"
check_state boot 0 0 "boot"
boot_free=$(fact boot.cmafree_kb)
prev=none
for ((i = 1; i <= ${#steps[@]}; i++)); do
	s=${steps[i - 1]}
	mib=${s%M}
	bytes=$((mib * MIB))
	what="grow"
	[ "$prev" != none ] && [ "$mib" -lt "$prev" ] && what="shrink"
	[ "$prev" = none ] || [ "$prev" = 0 ] && what="allocate"
	[ "$mib" = 0 ] && what="free"
	desc="step $i, $what to $s"
	is_fact "step$i.errno" OK "$desc: write succeeds"
	check_state "step$i" "$bytes" 0 "$desc"
	# The allocation no longer counts as free. Other movable allocations
	# come and go in the area (on 6.12 up to 25 MiB of it between steps),
	# so CmaFree may be lower still; the debugfs count above is the exact
	# check.
	free_kb=$(fact "step$i.cmafree_kb")
	check "$desc: CmaFree is at most the boot value less $mib MiB, +8 MiB ($free_kb kB)" \
		test "$free_kb" -le $((boot_free - mib * 1024 + 8 * 1024))
	if [ "$what" = shrink ]; then
		is "$(fact "step$i.iomem" | cut -d- -f1)" \
			"$(fact "step$((i - 1)).iomem" | cut -d- -f1)" \
			"$desc: shrinking keeps the start of the range"
	fi
	prev=$mib
done
done_testing
