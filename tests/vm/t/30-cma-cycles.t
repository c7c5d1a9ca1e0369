#!/bin/bash
# KEXEC_CMA, 200 allocate/free cycles of 128 MiB (with ,high: the low area
# too) all succeed and leave nothing behind: kexec_crash_size 0, no Crash
# kernel range, debugfs used 0 (the exact check: it counts what CMA has
# handed out) and CmaFree back at its boot value. Freed pages first wait
# in the per-CPU free lists, which CmaFree does not count, so CmaFree may
# stay below its boot value by what those lists hold (cmafree_back).
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/vm/cma/lib.sh
. "$(dirname "$0")/../cma/lib.sh"
cma_setup

for spec in "1G:crashkernel=256M" "6G:crashkernel=256M,high"; do
	mem=${spec%%:*} ck=${spec#*:}
	vm_run cma-cycles --mem "$mem" --timeout 400 \
		--append "$ck kxcma.cycles=200 kxcma.size=128"
	check_vm_ended "$ck"
	check_log_clean "$ck"
	check_script_ran "$ck: the guest script ran to its end"
	is_fact cycles.done 200 "$ck: 200 cycles ran"
	is_fact cycles.fails 0 "$ck: every allocation and release succeeded"
	check_state end 0 0 "$ck: after 200 cycles"
	cmafree_back end "$ck"
	diag "$ck: CmaFree boot $(fact boot.cmafree_kb) kB, after one cycle $(fact first.cmafree_kb) kB, after 200 $(fact end.cmafree_kb) kB ($(fact end.pcp_kb) kB in per-CPU lists)"
	read -r t0 t1 <<<"$(fact cycles.seconds)"
	diag "$ck: 200 cycles in $(echo "$t1 - $t0" | bc) s under TCG"
done
done_testing
