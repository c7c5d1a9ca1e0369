#!/bin/bash
# KEXEC_CMA, an area full of movable pages: with 256 MiB of tmpfs data and
# 128 MiB of anonymous memory sitting largely in the 1 GiB area, allocating
# the whole area succeeds by migrating them out, and both read back
# unchanged.
# A large area needs one free stretch of that size, which the kernel
# itself, placed at random by KASLR, can split: these boots use nokaslr.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/vm/cma/lib.sh
. "$(dirname "$0")/../cma/lib.sh"
cma_setup

vm_run cma-migrate --mem 2G --timeout 300 \
	--append "nokaslr crashkernel=1G kxcma.size=1024 kxcma.data=256 kxcma.anon=128"
check_vm_ended cma-migrate
check_log_clean cma-migrate
check_script_ran "the guest script ran to its end"
in_cma=$(($(fact loaded.cmatotal_kb) - $(fact loaded.cmafree_kb)))
diag "movable pages in the area before allocating: $((in_cma / 1024)) MiB"
check "at least 192 MiB of the data lived in the area before allocating" \
	test "$in_cma" -ge $((192 * 1024))
is_fact alloc.errno OK "allocating the whole 1 GiB area succeeded"
check_state alloc $((1024 * MIB)) 0 "whole area"
diag "allocating 1 GiB over $((in_cma / 1024)) MiB of movable pages took $(($(fact alloc.ns) / 1000000)) ms under TCG"
is "$(fact alloc.data.sum)" "$(fact data.sum)" "the tmpfs data reads back unchanged"
is_fact alloc.anon intact "the anonymous memory reads back unchanged"
is_fact free.errno OK "0 gives the area back"
check_state free 0 0 "freed"
done_testing
