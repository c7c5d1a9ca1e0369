# shellcheck shell=sh
# Guest helpers of the KEXEC_CMA tests, sourced by guest/cma-*.sh after
# guest/lib.sh. They record observations; the host judges them.

# Keep the guest scripts' error messages for the host.
exec 2>>"$KX_OUT/guest-stderr"

KXCMA=$KX_IN/kxcma
CRASH_SIZE=/sys/kernel/kexec_crash_size
CMA_DEBUG=/sys/kernel/debug/cma

if ! grep -q " /sys/kernel/debug debugfs" /proc/mounts; then
	mount -t debugfs debugfs /sys/kernel/debug
fi

# kx_arg NAME: the value of NAME= on the kernel command line.
kx_arg() {
	read -r kx_cmdline </proc/cmdline
	for kx_w in $kx_cmdline; do
		case $kx_w in
		"$1"=*) echo "${kx_w#*=}"; return 0 ;;
		esac
	done
	return 1
}

# cma_areas: the names of the CMA areas in debugfs, space-separated.
cma_areas() {
	for kx_a in "$CMA_DEBUG"/*; do
		[ -d "$kx_a" ] && printf '%s\n' "${kx_a##*/}"
	done | paste -sd ' ' -
}

# cma_area_fact KEY AREA: count, used and base_pfn of a CMA area.
cma_area_fact() {
	if [ -d "$CMA_DEBUG/$2" ]; then
		fact "$1.count" "$(cat "$CMA_DEBUG/$2/count")"
		fact "$1.used" "$(cat "$CMA_DEBUG/$2/used")"
		fact "$1.base_pfn" "$(cat "$CMA_DEBUG/$2/base_pfn")"
	else
		fact "$1.count" none
		fact "$1.used" none
		fact "$1.base_pfn" none
	fi
}

# iomem_crash: the "Crash kernel" ranges of /proc/iomem, ';'-separated.
iomem_crash() {
	grep ' : Crash kernel$' /proc/iomem | sed 's/^ *//; s/ : Crash kernel$//' |
		paste -sd ';' -
}

# pcp_kb: KiB of free pages waiting in the per-CPU lists of every zone
# (/proc/zoneinfo "count:"), which MemFree and CmaFree do not count; the
# lists grow and shrink with load since 6.7, so their size is recorded,
# not assumed. (4 KiB pages.)
pcp_kb() {
	awk '$1 == "count:" { n += $2 } END { print n * 4 }' /proc/zoneinfo
}

# write_data FILE MIB: MIB (a multiple of 16) of random data in FILE, a
# 16 MiB chunk from /dev/urandom repeated, cheaper than reading all of it
# from there; its SHA-1 is the fact data.sum.
write_data() {
	dd if=/dev/urandom of="$1.chunk" bs=1M count=16 2>/dev/null
	kx_i=0
	while [ $kx_i -lt $(($2 / 16)) ]; do
		cat "$1.chunk"
		kx_i=$((kx_i + 1))
	done >"$1"
	rm "$1.chunk"
	fact data.sum "$(sha1sum <"$1" | cut -d' ' -f1)"
}

# state KEY: everything the host checks after a step.
state() {
	fact "$1.size" "$(cat "$CRASH_SIZE")"
	fact "$1.cmafree_kb" "$(meminfo CmaFree)"
	fact "$1.pcp_kb" "$(pcp_kb)"
	fact "$1.iomem" "$(iomem_crash)"
	cma_area_fact "$1.main" kexec_crash
	cma_area_fact "$1.low" kexec_crash_low
}

# wr KEY VALUE: write VALUE to kexec_crash_size ("\n" is a newline) and
# record the outcome (OK or an errno name) and the time it took.
wr() {
	kx_r=$("$KXCMA" write "$2")
	fact "$1.errno" "${kx_r% *}"
	fact "$1.ns" "${kx_r#* }"
}

# sys_ram_bytes: the first kernel's memory as /proc/iomem lists it.
sys_ram_bytes() {
	grep '^[0-9a-f].* : System RAM$' /proc/iomem | sed 's/ : System RAM$//' | {
		kx_total=0
		while IFS=- read -r kx_s kx_e; do
			kx_total=$((kx_total + 0x$kx_e - 0x$kx_s + 1))
		done
		echo "$kx_total"
	}
}

# vmcore_loads: the physical ranges of the PT_LOAD headers of /proc/vmcore
# (ELF64), as "start-end;..." in hex.
vmcore_loads() {
	kx_phoff=$(od -A n -t u8 -j 32 -N 8 /proc/vmcore)
	kx_phnum=$(od -A n -t u2 -j 56 -N 2 /proc/vmcore)
	kx_i=0
	while [ "$kx_i" -lt "$kx_phnum" ]; do
		kx_o=$((kx_phoff + kx_i * 56))
		if [ "$(od -A n -t u4 -j "$kx_o" -N 4 /proc/vmcore)" -eq 1 ]; then
			kx_pa=$(od -A n -t u8 -j $((kx_o + 24)) -N 8 /proc/vmcore)
			kx_sz=$(od -A n -t u8 -j $((kx_o + 40)) -N 8 /proc/vmcore)
			printf '%x-%x\n' $((kx_pa)) $((kx_pa + kx_sz - 1))
		fi
		kx_i=$((kx_i + 1))
	done | paste -sd ';' -
}
