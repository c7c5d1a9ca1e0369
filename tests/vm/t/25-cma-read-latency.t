#!/bin/bash
# KEXEC_CMA, reads during an allocation: pages migrate outside the kexec
# lock, so reads of kexec_crash_size while 1 GiB is allocated out of an
# area holding hundreds of MiB of page cache are never refused (v1 held
# the kexec lock and reads failed with EBUSY) and never wait for the
# allocation: the longest read is under a tenth of the allocation's time.
# The guest runs on its TSC (a loaded host can leave it with jiffies, 4 ms
# steps). The 10 ms bound is a figure of make bench, measured on both
# kernels: a TCG vCPU that the host preempts (seen here: 16 ms with a
# kernel build beside the guest) stalls any read, lock or not: make check
# runs this file alone, never beside another test file.
# run-tests: serial
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/vm/cma/lib.sh
. "$(dirname "$0")/../cma/lib.sh"
cma_setup

tsc_khz=$(awk -F': *' '/^cpu MHz/ { printf "%d", $2 * 1000; exit }' /proc/cpuinfo)
# Over half the memory in one area: nokaslr, so that the kernel image
# never splits the range it needs (see 24-cma-killed-grow.t).
vm_run cma-readlat --mem 2G --smp 2 --timeout 240 \
	--append "nokaslr tsc=reliable tsc_early_khz=$tsc_khz crashkernel=1088M kxcma.size=1024 kxcma.data=640"
check_vm_ended readlat
check_log_clean readlat
check_script_ran "the guest script ran to its end"
diag "filler $(fact fill.filler_mib) MiB (dd status $(fact fill.filler_rc)), data dd status $(fact fill.data_rc)"
used=$((($(fact loaded.cmatotal_kb) - $(fact loaded.cmafree_kb)) / 1024))
check "at least 256 MiB of page cache sat in the area ($used MiB)" test "$used" -ge 256
is_fact rw.errno OK "1 GiB allocated"
check_state rw $((1024 * MIB)) 0 "1 GiB"
ns=$(fact rw.ns) reads=$(fact rw.reads) max=$(fact rw.max_ns)
diag "allocation $((ns / 1000000)) ms; $reads reads, longest $((max / 1000)) us"
check "reads ran while it allocated ($reads)" test "${reads:-0}" -ge 10
is_fact rw.failed 0 "no read was refused"
check "the longest read took under a tenth of the allocation ($((max / 1000)) us of $((ns / 1000)) us)" \
	test $((max * 10)) -lt "$ns"
check_state free 0 0 "freed"
done_testing
