#!/bin/bash
# KEXEC_CMA, a loaded crash kernel pins its memory: with 128 MiB allocated
# and a crash kernel loaded (kexec_load, then kexec_file_load), writing 0,
# a smaller, a larger or the same size fails with ENOENT (input that does
# not parse still fails with EINVAL) and changes nothing; after kexec -p -u
# resizing works again.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/vm/cma/lib.sh
. "$(dirname "$0")/../cma/lib.sh"
cma_setup

vm_run cma-loaded --mem 1G --timeout 180 --append "crashkernel=256M"
check_vm_ended cma-loaded
check_log_clean cma-loaded
check_script_ran "the guest script ran to its end"
is_fact alloc.errno OK "128 MiB allocated"
check_state alloc $((128 * MIB)) 0 "128 MiB"
ref=alloc
for how in load file; do
	d=kexec_load
	[ $how = file ] && d=kexec_file_load
	is_fact "$how.loaded" 1 "$d: the crash kernel is loaded"
	for s in 0 64 256 128 abc; do
		want=ENOENT
		[ $s = abc ] && want=EINVAL
		is_fact "$how.w$s.errno" $want "$d: writing '$s' while loaded fails with $want"
		is "$(fact "$how.w$s.size")/$(fact "$how.w$s.iomem")/$(fact "$how.w$s.main.used")" \
			"$((128 * MIB))/$(fact $ref.iomem)/$((128 * MIB / 4096))" \
			"$d: '$s' changed nothing"
	done
	is_fact "$how.unloaded" 0 "$d: kexec -p -u unloaded it"
	is_fact "$how.after.errno" OK "$d: after unloading, shrinking to 64 MiB works"
	check_state "$how.after" $((64 * MIB)) 0 "$d, unloaded, 64 MiB"
	is_fact "$how.back.errno" OK "$d: and growing back to 128 MiB"
	check_state "$how.back" $((128 * MIB)) 0 "$d, unloaded, 128 MiB"
	ref=$how.back
done
check_state free 0 0 "freed at the end"
done_testing
