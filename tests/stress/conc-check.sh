# Host-side judgement of a guest/stress-conc.sh run, shared by
# tests/vm/t/73-rel-concurrency.t and tests/stress/concurrency.t.
# shellcheck shell=bash

conc_check() {
	local what=$1 out=$KX_RUN/out cap n bad
	check_vm_ended "$what"
	check_log_clean "$what"
	cap=$(($(fact boot.main.count) * 4096 >> 20))
	read -r t0 t1 <<<"$(fact ran.seconds)"
	diag "$what: $(fact writers) writers of $(fact writes) writes each, $(echo "$t1 - $t0" | bc) s by the guest's clock"
	n=$(wc -l <"$out/writes.log")
	check "$what: the writers wrote ($n writes)" test "$n" -gt 0
	diag "$what: write outcomes: $(awk '{print $2}' "$out/writes.log" | sort | uniq -c | tr -s ' ' | paste -sd ',')"
	bad=$(awk -v cap="$cap" '($1 == 17 || $1 == cap + 16) && $2 != "EINVAL"' "$out/writes.log" | wc -l)
	is "$bad" 0 "$what: every invalid size was refused with EINVAL"
	bad=$(awk '$2 !~ /^(OK|EINVAL|ENOENT|EBUSY|ENOMEM|ENOSPC)$/' "$out/writes.log" | wc -l)
	is "$bad" 0 "$what: every outcome is one the ABI documents"
	bad=$(awk '$2 == "OK" && $1 != 0 && $1 != 17 && ($1 % 16) != 0' "$out/writes.log" | wc -l)
	is "$bad" 0 "$what: no size that is not a multiple of 16 MiB was accepted"
	diag "$what: loads: $(sort "$out/loader.log" | uniq -c | tr -s ' ' | paste -sd ',')"
	check "$what: some kexec -p loads succeeded" grep -qE '^(load|file) 0$' "$out/loader.log"
	diag "$what: kexeccma: $(sort "$out/cycler.log" | uniq -c | tr -s ' ' | paste -sd ',')"
	# Raw writers and kexec race the helper, which serialises only with
	# itself: a start can lose its area to a writer before it loads (7),
	# its rollback can find the area taken again (9), a stop can find a
	# kernel loaded behind its back (1). All are documented exits; what
	# must hold is the kernel's state afterwards (below).
	bad=$(grep -cvE '^(start|stop) (0|1|6|7|8|9)$' "$out/cycler.log")
	is "$bad" 0 "$what: kexeccma exited only with documented codes"
	is_fact status_failed 0 "$what: kexeccma status never failed ($(fact reads) reads, $(fact read_busy) raw reads of kexec_crash_size got EBUSY)"
	agree after "$what: when the load held"
	agree unloaded "$what: after unloading"
	is_fact unloaded.loaded 0 "$what: unloaded"
	is_fact freed.w.errno OK "$what: writing 0 succeeded"
	nothing_held freed "$what: after writing 0"
	cmafree_back freed "$what"
	kmemleak_clean freed "$what"
	is_fact final.exit 0 "$what: kexeccma start arms afterwards"
	agree final "$what: the final start"
	is_fact capture.rc 0 "$what: the capture kernel ran makedumpfile"
	check_dump "$what"
}
