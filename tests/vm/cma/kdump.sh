# Host side of the KEXEC_CMA kdump cycle tests (t/2x-cma-kdump-*.t).
# shellcheck shell=bash

# cma_kdump_cycle DESC MEM SIZE_MIB LOW_MIB APPEND [LOAD-OPTION]
cma_kdump_cycle() {
	local desc=$1 mem=$2 size=$3 low=$4 append=$5 load=${6:-}
	local args="$append kxcma.size=$size"
	[ -n "$load" ] && args="$args kxcma.load=$load"
	vm_run cma-kdump --mem "$mem" --timeout 120 --append "$args"
	check_vm_ended "$desc"
	check_log_clean "$desc"
	check_state boot 0 0 "$desc: boot"
	is_fact alloc.errno OK "$desc: $size MiB allocated"
	check_state alloc $((size * MIB)) $((low * MIB)) "$desc, allocated"
	is_fact first.loaded 1 "$desc: the crash kernel is loaded into it"
	is_fact capture.rc 0 "$desc: the capture kernel ran makedumpfile"
	check_dump "$desc"
	# The vmcore holds all first-kernel RAM but the allocated crash
	# ranges, so the part of the area that was not allocated is in it:
	# had it been left out, the vmcore would be that much smaller than
	# RAM less the crash ranges. On top come the ELF headers and notes
	# and the kernel image once more (its text mapping is a PT_LOAD of
	# its own): up to 32 MiB.
	local ram crash vmcore
	ram=$(fact first.ram_bytes)
	crash=$(iomem_sum "$(fact alloc.iomem)")
	vmcore=$(fact capture.vmcore_bytes)
	diag "$desc: RAM $ram, crash ranges $crash, /proc/vmcore $vmcore bytes"
	check "$desc: /proc/vmcore covers all RAM but the crash ranges" \
		test "$vmcore" -ge $((ram - crash)) -a "$vmcore" -le $((ram - crash + 32 * MIB))
	diag "$desc: kdump cycle ${KX_ELAPSED}s under TCG"
}
