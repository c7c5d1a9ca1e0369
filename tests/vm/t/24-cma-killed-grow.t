#!/bin/bash
# KEXEC_CMA, a grow killed while it migrates keeps the range it held: with
# ~200 MiB of tmpfs data in the area, 64 MiB are allocated, then a grow to
# 448 MiB is killed with SIGKILL after 5 to 400 ms. After every kill that
# interrupted the grow, kexec_crash_size, the Crash kernel range of
# /proc/iomem and the debugfs count of the area are exactly what they
# were (same physical range, 64 MiB, no page of the new range left held);
# a grow that finished before its kill holds 448 MiB. The data read back
# unchanged at the end.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/vm/cma/lib.sh
. "$(dirname "$0")/../cma/lib.sh"
cma_setup

delays=5,20,50,100,200,400
# Half the memory in one area: with KASLR the kernel image can land in
# the middle of it and leave no 512 MiB range to reserve (seen on 6.1,
# one boot in six). Placement is not what this test is about.
vm_run cma-killgrow --mem 1G --smp 2 --timeout 240 \
	--append "nokaslr crashkernel=512M kxcma.small=64 kxcma.grow=448 kxcma.data=208 kxcma.kill=$delays"
check_vm_ended killgrow
check_log_clean killgrow
check_script_ran "the guest script ran to its end"
is_fact small.errno OK "64 MiB allocated"
check_state small $((64 * MIB)) 0 "64 MiB"
is_fact kills 6 "6 kills were tried"
interrupted=0
for ((n = 1; n <= 6; n++)); do
	d="kill after $(fact "k$n.ms") ms"
	before=$(fact "k$n.before.iomem")
	if [ "$(fact "k$n.size")" = $((448 * MIB)) ]; then
		diag "$d: the grow finished first ($(fact "k$n.outcome"))"
		check_state "k$n" $((448 * MIB)) 0 "$d, finished"
		is_fact "k$n.free.errno" OK "$d: freed"
		is_fact "k$n.back.errno" OK "$d: 64 MiB allocated again"
		continue
	fi
	interrupted=$((interrupted + 1))
	is_fact "k$n.outcome" killed "$d: the write was killed before it returned"
	check_state "k$n" $((64 * MIB)) 0 "$d, interrupted"
	is_fact "k$n.iomem" "$before" "$d: the same physical range as before ($before)"
done
check "at least 3 grows were interrupted by their kill ($interrupted)" test "$interrupted" -ge 3
is "$(fact end.data.sum)" "$(fact data.sum)" "the data in the area read back unchanged"
check_state free 0 0 "freed at the end"
done_testing
