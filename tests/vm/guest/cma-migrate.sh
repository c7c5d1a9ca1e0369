# shellcheck shell=sh
# Fill the CMA area with tmpfs and anonymous pages, then allocate all of
# it: the allocation must migrate them, and the data must read back
# unchanged. The page allocator only serves movable pages from CMA once
# free CMA exceeds half of all free memory, so ordinary memory is filled
# first and released after the data is written.
# shellcheck source=tests/vm/guest/cma-lib.sh
. "$KX_TESTS/guest/cma-lib.sh"
size=$(kx_arg kxcma.size)
data_mib=$(kx_arg kxcma.data)
anon_mib=$(kx_arg kxcma.anon)
dir=/run/kxcma
mkdir -p $dir
mount -t tmpfs -o size=90% tmpfs $dir
state boot

free_kb=$(meminfo MemFree)
cma_kb=$(meminfo CmaFree)
filler=$(((free_kb - cma_kb) / 1024 - 48))
fact filler_mib "$filler"
dd if=/dev/zero of=$dir/filler bs=1M count="$filler" 2>/dev/null
fact filled.cmafree_kb "$(meminfo CmaFree)"

write_data $dir/data "$data_mib"
"$KXCMA" anon "$anon_mib" >$dir/anon.out &
anon=$!
while ! grep -q ready $dir/anon.out; do
	sleep 1
done
rm $dir/filler
fact loaded.cmafree_kb "$(meminfo CmaFree)"
fact loaded.cmatotal_kb "$(meminfo CmaTotal)"

wr alloc "$size"
state alloc
fact alloc.data.sum "$(sha1sum <$dir/data | cut -d' ' -f1)"
kill -USR1 $anon
wait $anon || true
fact alloc.anon "$(tail -n 1 $dir/anon.out)"
wr free 0
state free
