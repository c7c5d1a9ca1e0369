#!/bin/bash
# KEXEC_CMA, a whole-area allocation while two writers rewrite tmpfs
# pages in the area: alloc_contig_range() fails for a moment with -EBUSY
# on a page a writer holds, and a request as large as the area has no
# other position, so only the series' retries make it succeed. Without
# them, on 6.12 under load, each of 2 boots had one of its three rounds
# fail with ENOMEM (and with one writer, 6 of 13 rounds); with them,
# every round of 3 boots allocated. nokaslr: the kernel must not split
# the 1 GiB area's range.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/vm/cma/lib.sh
. "$(dirname "$0")/../cma/lib.sh"
cma_setup

rounds=3
vm_run cma-busy --mem 3G --smp 2 --timeout 600 \
	--append "nokaslr crashkernel=1G kxcma.size=1024 kxcma.rounds=$rounds"
check_vm_ended cma-busy
check_log_clean cma-busy
check_script_ran "the guest script ran to its end"
is_fact rounds_done "$rounds" "the guest ran $rounds rounds"
for r in $(seq "$rounds"); do
	in_cma=$(($(fact "r$r.loaded.cmatotal_kb") - $(fact "r$r.loaded.cmafree_kb")))
	diag "round $r: $((in_cma / 1024)) MiB of the writers' file in the area"
	check "round $r: at least 512 MiB of the file lived in the area" \
		test "$in_cma" -ge $((512 * 1024))
	is_fact "r$r.alloc.errno" OK \
		"round $r: the whole 1 GiB area is allocated while the writers run"
	check_state "r$r.alloc" $((1024 * MIB)) 0 "round $r: whole area"
	diag "round $r: allocating took $(($(fact "r$r.alloc.ns") / 1000000)) ms under TCG"
	is_fact "r$r.free.errno" OK "round $r: 0 gives the area back"
	check_state "r$r.free" 0 0 "round $r: freed"
done
done_testing
