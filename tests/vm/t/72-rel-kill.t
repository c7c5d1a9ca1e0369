#!/bin/bash
# Reliability, the helper killed with SIGKILL between its steps on a real
# kernel: held in kexec before and after the load (start) and before and
# after the unload (stop), with kexec killed too or left to finish, and
# in the kernel's allocation of a full area (a raw write and a start,
# killed after 300 ms). After every kill the kernel's views agree and a
# crash kernel is never loaded without an area; then a stop leaves
# nothing held, or a start arms and a stop disarms (in turn from one
# point to the next; make check tries 2 points: after the load, recovered
# by stop, and in the kernel's allocation, recovered by start;
# tests/stress/kill.t tries all 7, both ways from every point). At
# the end a start arms once more and a crash is captured.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/stress/lib.sh
. "$KX_TOP/tests/stress/lib.sh"
stress_setup

vm_run stress-kill --mem 640M --timeout "${KX_KILL_TIMEOUT:-400}" \
	--append "crashkernel=128M ${KX_KILL_APPEND:-kxst.points=la,wh}"
check_vm_ended kill
check_log_clean kill
is_fact final.loaded 1 "the guest script got to the final crash"

names="lb:killed in kexec before the load
la:killed in kexec after the load
lo:killed before the load, kexec finishing alone
ub:killed in kexec before the unload
ua:killed in kexec after the unload
wr:raw write killed during the allocation
wh:start killed during the allocation"
kills=0
while IFS=: read -r k what; do
	for rec in stop start; do
		key=$k.$rec
		# Without kxst.both=1 each point recovers one way only.
		[ -n "$(fact "$key.reached")" ] || continue
		kills=$((kills + 1))
		is_fact "$key.reached" 1 "$what ($rec): the kill point was reached"
		agree "$key.killed" "$what ($rec): after the kill"
		if [ "$(fact "$key.killed.loaded")" = 1 ]; then
			check "$what ($rec): a loaded crash kernel has its area" \
				test "$(fact "$key.killed.size")" -gt 0
		fi
		if [ $rec = start ]; then
			is_fact "$key.start.exit" 0 "$what: a later start succeeds"
			agree "$key.start" "$what: after the later start"
			is_fact "$key.start.loaded" 1 "$what: the later start loaded the crash kernel"
		fi
		is_fact "$key.stop.exit" 0 "$what ($rec): a later stop succeeds"
		nothing_held "$key.stop" "$what ($rec): after the stop"
	done
done <<<"$names"
diag "$kills kills"
nothing_held end "at the end"
is_fact final.exit 0 "a final start arms again"
agree final "the final start"
is_fact capture.rc 0 "the capture kernel ran makedumpfile"
check "at least 2 kill points were tried" test "$kills" -ge 2
check_dump "after $kills kills"
done_testing
