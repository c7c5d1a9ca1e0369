# Host-side judgement of a guest/stress-endure.sh run, shared by
# tests/vm/t/74-rel-endurance.t and tests/stress/endurance.t.
# shellcheck shell=bash

endure_check() {
	local n=$1 i
	check_vm_ended "$n cycles"
	check_log_clean "$n cycles"
	is_fact first.rc 0 "the guest script ran to its end"
	is_fact cycles.done "$n" "$n cycles ran"
	is_fact cycles.mismatches 0 "every write had the outcome the ABI documents"
	grep '^mismatch\.' "$KX_RUN/out/facts" | head -n 5 | sed 's/^/#   /'
	is_fact cycles.sizebad 0 "kexec_crash_size always read what was last accepted"
	read -r t0 t1 <<<"$(fact cycles.seconds)"
	diag "$n cycles in $(echo "$t1 - $t0" | bc) s: $(fact cycles.allocs) allocations or resizes, $(fact cycles.frees) frees, $(fact cycles.invalid) invalid writes"
	for ((i = 100; i <= n; i += 100)); do
		agree "c$i" "after $i cycles"
	done
	is_fact end.free.errno OK "the final free succeeded"
	nothing_held end "after $n cycles"
	cmafree_back end
	if [ "$(fact end.kmemleak)" != none ]; then
		# KASAN's quarantine keeps freed objects, so slab grows; kmemleak
		# is the leak check there.
		kmemleak_clean end
		diag "unreclaimable slab $(fact boot.sunreclaim_kb) -> $(fact end.sunreclaim_kb) kB (KASAN quarantine included)"
	else
		near "$(fact end.sunreclaim_kb)" "$(fact boot.sunreclaim_kb)" 1024 \
			"unreclaimable slab is where it was at boot (+- 1 MiB): $(fact boot.sunreclaim_kb) -> $(fact end.sunreclaim_kb) kB"
	fi
}
