# Host side of the KEXEC_CMA kdump cycle tests (t/2x-cma-kdump-*.t).
# shellcheck shell=bash

# cma_kdump_cycle DESC MEM SIZE_MIB LOW_MIB APPEND [LOAD-OPTION]
cma_kdump_cycle() {
	local desc=$1 mem=$2 size=$3 low=$4 append=$5 load=${6:-}
	local args="$append kxcma.size=$size"
	[ -n "$load" ] && args="$args kxcma.load=$load"
	vm_run cma-kdump --mem "$mem" --timeout 180 --append "$args"
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
	# RAM less the crash ranges. On top come the first kernel's image
	# once more (its text mapping is a PT_LOAD of its own: 11 MiB for
	# the VM kernel, 37 MiB for the debug kernel) and the ELF headers
	# and notes (under 1 MiB here; 8 MiB allowed).
	local ram crash vmcore image=$((24 * MIB)) vmlinux
	vmlinux=$(dirname "$KX_KERNEL")/vmlinux
	[ -f "$vmlinux" ] && image=$(vmlinux_bytes "$vmlinux")
	ram=$(fact first.ram_bytes)
	crash=$(iomem_sum "$(fact alloc.iomem)")
	vmcore=$(fact capture.vmcore_bytes)
	diag "$desc: RAM $ram, crash ranges $crash, kernel image $image, /proc/vmcore $vmcore bytes"
	check "$desc: /proc/vmcore covers all RAM but the crash ranges" \
		test "$vmcore" -ge $((ram - crash)) -a "$vmcore" -le $((ram - crash + image + 8 * MIB))
	check_vmcore_area "$desc" main
	[ "$low" = 0 ] || check_vmcore_area "$desc" low
	diag "$desc: kdump cycle ${KX_ELAPSED}s under TCG"
}

# in_ranges ADDR RANGES: ADDR lies in one of "start-end;..." (hex)
in_ranges() {
	local r IFS=';'
	for r in $2; do
		if [ "$1" -ge $((16#${r%-*})) ] && [ "$1" -le $((16#${r#*-})) ]; then
			return 0
		fi
	done
	return 1
}

# check_vmcore_area DESC main|low: walking the CMA area in 1 MiB steps,
# every address that was not allocated for the crash kernel lies in a
# PT_LOAD of /proc/vmcore, and none that was does.
check_vmcore_area() {
	local desc=$1 area=$2 base count crash loads a end bad=0 in_dump=0
	base=$(($(fact "boot.$area.base_pfn") * 4096))
	count=$(fact "boot.$area.count")
	end=$((base + count * 4096))
	crash=$(fact alloc.iomem)
	loads=$(fact capture.vmcore_loads)
	for ((a = base; a < end; a += MIB)); do
		if in_ranges $a "$crash"; then
			in_ranges $a "$loads" && bad=$((bad + 1))
		else
			if in_ranges $a "$loads"; then
				in_dump=$((in_dump + 1))
			else
				bad=$((bad + 1))
			fi
		fi
	done
	diag "$desc: $in_dump MiB of the $area area were not allocated and are in the dump"
	is "$bad" 0 "$desc: /proc/vmcore holds exactly the $area area's unallocated part"
}
