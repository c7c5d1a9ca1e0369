#!/bin/bash
# KEXEC_CMA, invalid sizes: each input of tests/vm/cma/invalid-inputs
# (malformed, not a multiple of 16 MiB, larger than the 256 MiB area, or
# overflowing 64 bits once scaled) is refused with EINVAL and leaves
# kexec_crash_size, /proc/iomem and the debugfs count unchanged, both with
# nothing allocated and with 32 MiB allocated. An empty input is "\n", what
# `echo "" >` writes: a write of zero bytes never reaches the kernel's
# store function, so it cannot be refused.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/vm/cma/lib.sh
. "$(dirname "$0")/../cma/lib.sh"
cma_setup

vm_run cma-invalid --mem 1G --timeout 180 --append "crashkernel=256M"
check_vm_ended cma-invalid
check_log_clean cma-invalid
check_script_ran "the guest script ran to its end"
want=$(wc -l <"$KX_TOP/tests/vm/cma/invalid-inputs")
is_fact alloc.errno OK "32 MiB allocated for the second round"
for phase in nothing allocated; do
	is_fact "$phase.count" "$want" "$phase allocated: all $want inputs tried"
	bytes=0
	[ $phase = allocated ] && bytes=$((32 * MIB))
	ref=boot
	[ $phase = allocated ] && ref=alloc
	for ((i = 1; i <= want; i++)); do
		input=$(fact "$phase.$i.input")
		desc="'$input' with $((bytes / MIB)) MiB allocated"
		is_fact "$phase.$i.errno" EINVAL "$desc: EINVAL"
		is "$(fact "$phase.$i.size")/$(fact "$phase.$i.iomem")/$(fact "$phase.$i.main.used")" \
			"$bytes/$(fact "$ref.iomem")/$((bytes / 4096))" \
			"$desc: size, /proc/iomem and debugfs used unchanged"
	done
done
check_state free 0 0 "after the test, 0"
check "no allocation failure was logged" \
	bash -c "! grep -q 'crash_cma: cannot' '$KX_LOG'"
done_testing
