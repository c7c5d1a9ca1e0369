# Host side helpers of the KEXEC_CMA VM tests; source after tests/vm/lib.sh.
# shellcheck shell=bash

KX_CMA_HELPERS=$KX_BUILD/cma-helpers-${KX_KVER:-6.12}${KX_CC:+-$KX_ARCH}
# shellcheck disable=SC2034 # used by the tests that source this file
MIB=$((1 << 20))

# cma_setup: skip unless the kernel has KEXEC_CMA, build the guest helpers
# and hand them to the guest (/kx/in/kxcma, /kx/in/test_kexec_cma).
cma_setup() {
	need_kexec_cma "$KX_TOP/tests/vm/cma/build-helpers" "$KX_CMA_HELPERS"
}

# iomem_sum RANGES: bytes covered by "start-end;start-end" (hex).
iomem_sum() {
	local r total=0
	local IFS=';'
	for r in $1; do
		total=$((total + 16#${r#*-} - 16#${r%-*} + 1))
	done
	echo "$total"
}

# iomem_count RANGES
iomem_count() {
	local IFS=';'
	# shellcheck disable=SC2086
	set -- $1
	echo $#
}

# near GOT WANT SLACK DESC: |GOT - WANT| <= SLACK
near() {
	local d=$(($1 - $2))
	if [ "${d#-}" -le "$3" ]; then
		ok "$4"
	else
		not_ok "$4"
		diag "  got: $1, want: $2 +- $3"
	fi
}

# cmafree_back KEY [WHAT]: CmaFree after step KEY is back at its boot value,
# but for the free pages that wait in the per-CPU lists (the guest's
# pcp_kb at KEY, which may also hold pages from outside the areas) and
# 2 MiB of what the quiet guest itself allocates meanwhile. The exact
# check of what the areas hand out is debugfs "used" (check_state).
cmafree_back() {
	local free boot pcp
	free=$(fact "$1.cmafree_kb") boot=$(fact boot.cmafree_kb)
	pcp=$(fact "$1.pcp_kb")
	set -- "$1" "${2:+$2: }CmaFree is back at its boot value, but for the per-CPU lists"
	if [ "$free" -le "$boot" ] && [ $((free + pcp + 2048)) -ge "$boot" ]; then
		ok "$2"
	else
		not_ok "$2"
		diag "  CmaFree $free kB at $1, $boot kB at boot, $pcp kB in per-CPU lists"
	fi
}

# reads_bytes BYTES LOW_BYTES: what kexec_crash_size reads with BYTES
# allocated and a low area of LOW_BYTES: since 6.5 reads count the low
# area too, 6.1 counts the main range only.
reads_bytes() {
	if [ "$1" = 0 ] || [ "$KX_KVER" = 6.1 ]; then
		echo "$1"
	else
		echo $(($1 + $2))
	fi
}

# check_state KEY BYTES LOW_BYTES DESC: after step KEY the guest showed
# BYTES (plus LOW_BYTES where the kernel counts them, see reads_bytes) in
# kexec_crash_size, exactly BYTES (+ LOW_BYTES) in the Crash kernel
# ranges of /proc/iomem and in the debugfs "used" of the areas.
check_state() {
	local key=$1 bytes=$2 low=$3 desc=$4 ranges want_ranges=1 reads
	ranges=$(fact "$key.iomem")
	reads=$(reads_bytes "$bytes" "$low")
	is "$(fact "$key.size")" "$reads" "$desc: kexec_crash_size reads $reads"
	if [ "$bytes" = 0 ]; then
		is "$ranges" "" "$desc: no Crash kernel range in /proc/iomem"
		low=0
	else
		[ "$low" = 0 ] || want_ranges=2
		is "$(iomem_count "$ranges")/$(iomem_sum "$ranges")" \
			"$want_ranges/$((bytes + low))" \
			"$desc: /proc/iomem has $want_ranges Crash kernel range(s) of $((bytes + low)) bytes"
	fi
	is "$(fact "$key.main.used")" $((bytes / 4096)) \
		"$desc: debugfs cma/kexec_crash/used is $((bytes / 4096)) pages"
	if [ "$(fact "$key.low.count")" != none ]; then
		is "$(fact "$key.low.used")" $((low / 4096)) \
			"$desc: debugfs cma/kexec_crash_low/used is $((low / 4096)) pages"
	fi
}
