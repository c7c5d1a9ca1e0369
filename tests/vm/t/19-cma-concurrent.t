#!/bin/bash
# KEXEC_CMA, concurrent writers are serialised by the kexec lock: while one
# writer allocates the whole area (full of movable pages, so it takes a
# while), the other one asking for the same size is turned away with
# EBUSY; in the end exactly one allocation of that size exists.
# A large area needs one free stretch of that size, which the kernel
# itself, placed at random by KASLR, can split: these boots use nokaslr.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/vm/cma/lib.sh
. "$(dirname "$0")/../cma/lib.sh"
cma_setup

vm_run cma-concurrent --mem 2G --timeout 240 --append "nokaslr crashkernel=512M"
check_vm_ended cma-concurrent
check_log_clean cma-concurrent
check_script_ran "the guest script ran to its end"
diag "$(($(fact in_cma_kb) / 1024)) MiB of movable pages in the area; the first writer took $(($(fact a.ns) / 1000000)) ms; the second tried $(fact b.tries) times"
# Either writer may take the lock first: the other must see EBUSY.
a=$(fact a.errno)
busy=$(fact b.busy)
[ "$a" = EBUSY ] && busy=$((busy + 1))
check "the writer in the background succeeded or was turned away with EBUSY" \
	test "$a" = OK -o "$a" = EBUSY
check "a writer was turned away with EBUSY while the other allocated" \
	test "$busy" -ge 1
is_fact b.other 0 "the looping writer saw no error but EBUSY"
check_state end $((512 * MIB)) 0 "in the end, one allocation of 512 MiB"
check_state free 0 0 "freed"
done_testing
