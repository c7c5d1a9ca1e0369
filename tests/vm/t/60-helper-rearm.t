#!/bin/bash
# kexeccma on a real kernel, a failed re-arm (issue 15, defect 1): armed
# at 64 MiB, part of the area taken through the CMA debugfs "alloc" file,
# "kexeccma start --size 240" fails (exit 6) and leaves 64 MiB allocated
# and the crash kernel loaded, saying so; "--size 512", larger than the
# area, fails (exit 5) and leaves the same. The kept arm is the recorded
# one (a start at 64 MiB is a no-op) and a stop frees everything.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/stress/lib.sh
. "$KX_TOP/tests/stress/lib.sh"
stress_setup

vm_run helper-rearm --mem 1G --timeout 240 \
	--append "crashkernel=256M"
check_vm_ended rearm
check_log_clean rearm
check_script_ran "the guest script ran to its end"
err() { cat "$KX_RUN/out/$1.err" 2>/dev/null; }
# kept KEY DESC: 64 MiB allocated in one range; debugfs "used" counts
# the 8192 pages taken through debugfs too.
kept() {
	is "$(fact "$1.size")/$(iomem_sum "$(fact "$1.iomem")")/$(fact "$1.main.used")" \
		"$((64 * MIB))/$((64 * MIB))/$((64 * MIB / 4096 + 8192))" \
		"$2: 64 MiB still allocated (kexec_crash_size, /proc/iomem, debugfs used)"
	is_fact "$1.loaded" 1 "$2: a crash kernel is loaded"
}

is_fact arm.exit 0 "start --size 64 arms"
check_state arm $((64 * MIB)) 0 "armed"
is_fact arm.loaded 1 "armed: the crash kernel is loaded"

is_fact grow.exit 6 "start --size 240 with 32 MiB of the area busy fails with exit 6"
kept grow "after the failed grow"
check "the failed grow says the old arm is back" \
	grep -q "the crash kernel loaded before is armed again at 64 MiB" "$KX_RUN/out/grow.err"

is_fact huge.exit 5 "start --size 512, larger than the area, fails with exit 5"
kept huge "after the refused size"
check "the refused size did not unload" \
	sh -c "! grep -q unloading '$KX_RUN/out/huge.err'"

is_fact same.exit 0 "start --size 64 afterwards succeeds"
check "and is a no-op: the kept arm is the recorded one" \
	grep -q "nothing to do" "$KX_RUN/out/same.err"
is_fact stop.exit 0 "stop succeeds"
nothing_held stop "after the stop"
[ "$(fact grow.exit)" = 6 ] || diag "grow: $(err grow)"
done_testing
