#!/bin/bash
# KEXEC_CMA, concurrent writers are serialised by the kexec lock: while one
# writer allocates the whole area (full of movable pages, so it takes a
# while), a second one asking for the same size is turned away with EBUSY;
# in the end exactly one allocation of that size exists.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/vm/cma/lib.sh
. "$(dirname "$0")/../cma/lib.sh"
cma_setup

vm_run cma-concurrent --mem 2G --timeout 240 --append "crashkernel=512M"
check_vm_ended cma-concurrent
check_log_clean cma-concurrent
is_fact first.rc 0 "the guest script ran to its end"
diag "$(($(fact in_cma_kb) / 1024)) MiB of movable pages in the area; the first writer took $(($(fact a.ns) / 1000000)) ms; the second tried $(fact b.tries) times"
is_fact a.errno OK "the first writer allocated the whole area"
check "the second writer was turned away with EBUSY at least once" \
	test "$(fact b.busy)" -ge 1
is_fact b.other 0 "the second writer saw no error but EBUSY"
check_state end $((512 * MIB)) 0 "in the end, one allocation of 512 MiB"
check_state free 0 0 "freed"
done_testing
