#!/bin/bash
# KEXEC_CMA, crashkernel=X,high on a 6 GiB guest: the main area lies above
# 4 GiB and a low companion area below 4 GiB is sized as the classic low
# reservation (the default: 256 MiB on x86_64, 128 MiB on arm64;
# crashkernel=Y,low; none with 0,low). The
# first allocation takes the whole low area too, as its own Crash kernel
# range below 4 GiB; 0 gives both back.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/vm/cma/lib.sh
. "$(dirname "$0")/../cma/lib.sh"
cma_setup

G4=$((4096 * MIB))
for low in default 128 0; do
	append="crashkernel=256M,high kxcma.steps=64,128,0"
	low_mib=$KX_LOW_DEFAULT_MIB
	if [ $low != default ]; then
		append="$append crashkernel=${low}M,low"
		low_mib=$low
	fi
	vm_run cma-resize --mem 6G --timeout 180 --append "$append"
	d="low $low"
	check_vm_ended "$d"
	check_log_clean "$d"
	check_script_ran "$d: the guest script ran to its end"
	is_fact boot.cma_size $((256 * MIB)) "$d: kexec_crash_cma_size is the main area, 256 MiB"
	check_state boot 0 0 "$d: boot"
	check "$d: the main area lies above 4 GiB" \
		test $(($(fact boot.main.base_pfn) * 4096)) -ge $G4
	if [ "$low_mib" = 0 ]; then
		is_fact boot.areas kexec_crash "$d: no low area"
	else
		is_fact boot.areas "kexec_crash kexec_crash_low" "$d: a low area"
		is_fact boot.low.count $((low_mib * 256)) "$d: the low area is $low_mib MiB"
		check "$d: the low area lies below 4 GiB" \
			test $(($(fact boot.low.base_pfn) * 4096 + low_mib * MIB)) -le $G4
	fi
	for i in 1 2; do
		s=$((i * 64))
		is_fact "step$i.errno" OK "$d: $s MiB allocated"
		check_state "step$i" $((s * MIB)) $((low_mib * MIB)) "$d, $s MiB"
	done
	ranges=$(fact step1.iomem)
	above=0 below=0
	IFS=';' read -ra rr <<<"$ranges"
	for r in "${rr[@]}"; do
		if [ $((16#${r%-*})) -ge $G4 ]; then above=$((above + 1)); else below=$((below + 1)); fi
	done
	want_below=1
	[ "$low_mib" = 0 ] && want_below=0
	is "$above/$below" "1/$want_below" "$d: one range above 4 GiB, $want_below below"
	is_fact step3.errno OK "$d: 0 accepted"
	check_state step3 0 0 "$d: after 0, nothing held"
done
done_testing
