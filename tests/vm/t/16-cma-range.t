#!/bin/bash
# KEXEC_CMA, range syntax: crashkernel=512M-2G:128M,2G-:256M picks the
# size by the guest's memory, with and without @offset.
# A fixed offset fails like a classic one when the kernel sits there, and
# KASLR may put it anywhere: those boots use nokaslr.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/vm/cma/lib.sh
. "$(dirname "$0")/../cma/lib.sh"
cma_setup

range="512M-2G:128M,2G-:256M"
vm_run cma-resize --mem 1G --timeout 120 --append "crashkernel=$range kxcma.steps=128,0"
d="1 GiB guest"
check_vm_ended "$d"
check_log_clean "$d"
check_script_ran "$d: the guest script ran to its end"
is_fact boot.cma_size $((128 * MIB)) "$d: a 128 MiB area"
check_state boot 0 0 "$d: boot"
is_fact step1.errno OK "$d: the whole 128 MiB allocated"
check_state step1 $((128 * MIB)) 0 "$d, 128 MiB"
check_state step2 0 0 "$d: freed"

# 1 GiB into RAM (0 on x86_64, 1 GiB on arm64's virt).
at=$((KX_RAM_BASE_MIB + 1024))
vm_run cma-resize --mem 3G --timeout 120 --append "nokaslr crashkernel=$range@${at}M kxcma.steps=256,0"
d="3 GiB guest, @${at}M"
check_vm_ended "$d"
check_log_clean "$d"
check_script_ran "$d: the guest script ran to its end"
is_fact boot.cma_size $((256 * MIB)) "$d: a 256 MiB area"
is_fact boot.main.base_pfn $((at * MIB / 4096)) "$d: the area starts at $at MiB"
is_fact step1.errno OK "$d: the whole 256 MiB allocated"
check_state step1 $((256 * MIB)) 0 "$d, 256 MiB"
check_state step2 0 0 "$d: freed"

vm_run cma-resize --mem 1G --timeout 120 --append "crashkernel=2G-:256M kxcma.steps="
d="1 GiB guest, no range matches"
check_vm_ended "$d"
is_fact boot.cma_size 0 "$d: no area"
is_fact boot.areas "" "$d: nothing in debugfs"
done_testing
