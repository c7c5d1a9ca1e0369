#!/bin/bash
# The harness must turn a capture that cannot work into a prompt failure,
# not a hang: the crash kernel gets far too little memory, so it cannot
# unpack its initramfs and panics; panic= and -no-reboot end the VM.
# Every assertion here is about the harness noticing, so this test fails
# if the harness ever reports a dump that was not written or waits out the
# timeout.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"

# Too little for the capture, enough to load into (the arm64 test image
# is smaller: see 80-arm64-harness-failed-capture.t).
mib=${KX_FAILED_CAPTURE_MIB:-32}
timeout=60
vm_run failed-capture --mem 1G --timeout $timeout --append "crashkernel=${mib}M crashkernel_cma=off"
is_fact first.loaded 1 "kexec -p loaded the crash kernel into $mib MiB"
is "$(fact capture.rc)" "" "the capture never completed"
check "no dump was written" test ! -e "$KX_RUN/out/vmcore"
check "the VM ended by itself before the ${timeout}s timeout" \
	test "$KX_STATUS" = 0
done_testing
