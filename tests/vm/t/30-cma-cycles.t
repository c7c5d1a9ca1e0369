#!/bin/bash
# KEXEC_CMA, 200 allocate/free cycles of 128 MiB (with ,high: the low area
# too) all succeed and leave nothing behind: kexec_crash_size 0, no Crash
# kernel range, debugfs used 0 (the exact check: it counts what CMA has
# handed out) and CmaFree back at its boot value. Freed pages first wait
# in the per-CPU free lists of their zone, which CmaFree does not count
# (about 4 MiB per zone here), so CmaFree may stay up to 8 MiB per area
# below its boot value.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/vm/cma/lib.sh
. "$(dirname "$0")/../cma/lib.sh"
cma_setup

for spec in "1G:crashkernel=256M" "6G:crashkernel=256M,high"; do
	mem=${spec%%:*} ck=${spec#*:}
	cma_vm_run cma-cycles --mem "$mem" --timeout 400 \
		--append "$ck kxcma.cycles=200 kxcma.size=128"
	check_vm_ended "$ck"
	check_log_clean "$ck"
	is_fact first.rc 0 "$ck: the guest script ran to its end"
	is_fact cycles.done 200 "$ck: 200 cycles ran"
	is_fact cycles.fails 0 "$ck: every allocation and release succeeded"
	check_state end 0 0 "$ck: after 200 cycles"
	areas=1
	[ "$(fact end.low.count)" = none ] || areas=2
	near "$(fact end.cmafree_kb)" "$(fact boot.cmafree_kb)" $((areas * 8192)) \
		"$ck: CmaFree is back at its boot value (+- 8 MiB of per-CPU lists per area)"
	diag "$ck: CmaFree boot $(fact boot.cmafree_kb) kB, after one cycle $(fact first.cmafree_kb) kB, after 200 $(fact end.cmafree_kb) kB"
	read -r t0 t1 <<<"$(fact cycles.seconds)"
	diag "$ck: 200 cycles in $(echo "$t1 - $t0" | bc) s under TCG"
done
done_testing
