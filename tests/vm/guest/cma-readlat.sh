# shellcheck shell=sh
# Reads of kexec_crash_size while a large allocation migrates page cache
# out of the area: tmpfs data fill the area first (ordinary memory is
# filled before so that the page allocator serves them from CMA), then
# kxcma readwhile allocates kxcma.size MiB and reads in a loop until the
# write returned.
# shellcheck source=tests/vm/guest/cma-lib.sh
. "$KX_TESTS/guest/cma-lib.sh"
size=$(kx_arg kxcma.size)
data_mib=$(kx_arg kxcma.data)
dir=/run/kxcma
mkdir -p $dir
mount -t tmpfs -o size=90% tmpfs $dir
filler=$((($(meminfo MemFree) - $(meminfo CmaFree)) / 1024 - 48))
# The filler only steers the data into the area; one that ends early
# (the free memory it was sized from moved meanwhile, as seen on a
# loaded host) leaves less data there, which the host checks, and the
# test goes on. Each dd's status is recorded.
rc=0
[ "$filler" -le 0 ] ||
	dd if=/dev/zero of=$dir/filler bs=1M count="$filler" 2>/dev/null || rc=$?
fact fill.filler_mib "$filler"
fact fill.filler_rc "$rc"
rc=0
dd if=/dev/zero of=$dir/data bs=1M count="$data_mib" 2>/dev/null || rc=$?
fact fill.data_rc "$rc"
rm -f $dir/filler
fact loaded.cmafree_kb "$(meminfo CmaFree)"
fact loaded.cmatotal_kb "$(meminfo CmaTotal)"
# shellcheck disable=SC2046 # the five words of the outcome
set -- $("$KXCMA" readwhile "$size")
fact rw.errno "$1"
fact rw.ns "$2"
fact rw.reads "$3"
fact rw.failed "$4"
fact rw.max_ns "$5"
state rw
wr free 0
state free
