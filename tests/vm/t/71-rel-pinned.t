#!/bin/bash
# Reliability, pinned pages: a 32 MiB buffer placed inside the 128 MiB
# crash CMA area, its pages held while the whole area is allocated.
# - vmsplice (page references held by a pipe nobody reads): the raw write
#   fails with ENOMEM or EBUSY, the helper's allocate fails after its
#   retries with exit 6; afterwards nothing is allocated, debugfs used is
#   0 (no stuck area), and the same allocation succeeds once unpinned.
# - vmsplice let go while the helper retries: start succeeds on a later
#   attempt.
# - O_DIRECT reads in flight into the buffer: start succeeds or fails
#   cleanly; every read returned the file's data.
# - io_uring registered buffer (FOLL_LONGTERM): the pin moves the pages
#   out of the area first, so start succeeds at once.
# The buffer's data is intact after each case; the log has no splat.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/stress/lib.sh
. "$KX_TOP/tests/stress/lib.sh"
stress_setup

vm_run stress-pin --mem 640M --smp 2 --timeout 400 \
	--append "crashkernel=128M kxst.pin_mib=32"
check_vm_ended pinned
check_log_clean pinned
check_script_ran "the guest script ran to its end"
cap=$(fact cap_mib)

attempts() { sed -n 's/.*"attempts":\([0-9]*\).*/\1/p' "$KX_RUN/out/$1.out"; }
inarea() { fact "$1.ready" | sed -n 's/.*ready inarea=\([0-9]*\).*/\1/p'; }
held() { fact "$1.ready" | sed -n 's/.*held=\([0-9]*\).*/\1/p'; }
intact() { fact "$1.done" | sed -n 's/.*intact=\([01]\).*/\1/p'; }

# 1. vmsplice held throughout.
n=$(inarea vms)
check "vmsplice: the buffer lies in the area ($n of 8192 pages) and $(held vms) are held" \
	test "${n:-0}" -gt 0 -a "$(held vms)" -gt 0
e=$(fact vms.raw.errno)
check "vmsplice: the raw write of $cap MiB fails with ENOMEM or EBUSY (got $e)" in_set "$e" ENOMEM EBUSY
nothing_held vms.raw "vmsplice: after the failed raw write"
is_fact vms.alloc.exit 6 "vmsplice: kexeccma allocate fails after its retries with exit 6"
check "vmsplice: the helper reported 3 attempts" \
	grep -q 'attempt 3/3: allocating' "$KX_RUN/out/vms.alloc.err"
nothing_held vms.alloc "vmsplice: after the failed allocate"
is "$(intact vms)" 1 "vmsplice: the held pages' data is intact"
is_fact vms.after.exit 0 "unpinned: kexeccma allocate succeeds"
agree vms.after "unpinned"
is_fact vms.after.size $((cap << 20)) "unpinned: the whole area is allocated"
is_fact vms.release.exit 0 "unpinned: kexeccma release succeeds"
nothing_held vms.release "unpinned: after release"

# 2. Let go during the retries.
is_fact late.start.exit 0 "let go while retrying: kexeccma start succeeds"
a=$(attempts late.start)
check "let go while retrying: it took more than one attempt ($a)" test "${a:-0}" -gt 1
agree late.start "let go while retrying"
is_fact late.start.loaded 1 "let go while retrying: the crash kernel is loaded"
is "$(intact late)" 1 "let go while retrying: the data is intact"
is_fact late.stop.exit 0 "let go while retrying: kexeccma stop succeeds"
nothing_held late.stop "let go while retrying: after stop"

# 3. O_DIRECT in flight.
e=$(fact odir.start.exit)
check "O_DIRECT in flight: start succeeds or fails cleanly with exit 6 (got $e, $(attempts odir.start) attempts)" in_set "$e" 0 6
if [ "$e" = 0 ]; then
	agree odir.start "O_DIRECT in flight"
	is_fact odir.start.loaded 1 "O_DIRECT in flight: the crash kernel is loaded"
else
	nothing_held odir.start "O_DIRECT in flight: after the failed start"
fi
reads=$(fact odir.done | sed -n 's/.* reads=\([0-9]*\).*/\1/p')
check "O_DIRECT in flight: reads ran during the allocation ($reads)" test "${reads:-0}" -gt 0
is "$(fact odir.done | sed -n 's/.*bad_reads=\([0-9]*\).*/\1/p')" 0 \
	"O_DIRECT in flight: every read returned the file's data"
is "$(intact odir)" 1 "O_DIRECT in flight: the buffer is intact"
nothing_held odir.stop "O_DIRECT in flight: after stop"

# 4. io_uring registered buffer.
after=$(fact uring.ready | sed -n 's/.*inarea_after=\([0-9]*\).*/\1/p')
diag "io_uring: $(inarea uring) pages in the area before registration, ${after:-?} after"
is "${after:-x}" 0 "io_uring: registration moved the buffer out of the area (long-term pin)"
is_fact uring.start.exit 0 "io_uring: kexeccma start succeeds"
is "$(attempts uring.start)" 1 "io_uring: at the first attempt"
agree uring.start "io_uring"
is "$(intact uring)" 1 "io_uring: the registered buffer is intact"
nothing_held uring.stop "io_uring: after stop"

nothing_held end "at the end"
cmafree_back end
done_testing
