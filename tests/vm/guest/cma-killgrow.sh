# shellcheck shell=sh
# A grow killed with SIGKILL while it migrates: tmpfs data fill the CMA
# area, a small size is allocated, then a grow to most of the area is
# killed after each of the delays in kxcma.kill (ms). After every kill
# the state is recorded; a grow that finished first is freed and the
# small size allocated anew: shrinking would keep the grown range's start,
# and a grow needs room beside the range it holds.
# The page allocator only serves movable pages from CMA once free CMA
# exceeds half of all free memory, so ordinary memory is filled first.
# shellcheck source=tests/vm/guest/cma-lib.sh
. "$KX_TESTS/guest/cma-lib.sh"
small=$(kx_arg kxcma.small)
grow=$(kx_arg kxcma.grow)
data_mib=$(kx_arg kxcma.data)
delays=$(kx_arg kxcma.kill | tr , ' ')
dir=/run/kxcma
mkdir -p $dir
mount -t tmpfs -o size=90% tmpfs $dir
state boot

filler=$((($(meminfo MemFree) - $(meminfo CmaFree)) / 1024 - 48))
dd if=/dev/zero of=$dir/filler bs=1M count="$filler" 2>/dev/null
write_data $dir/data "$data_mib"
rm $dir/filler
fact loaded.cmafree_kb "$(meminfo CmaFree)"

wr small "$small"
state small
n=0
for ms in $delays; do
	n=$((n + 1))
	fact "k$n.ms" "$ms"
	state "k$n.before"
	fact "k$n.outcome" "$("$KXCMA" killwrite "$grow" "$ms")"
	state "k$n"
	if [ "$(cat "$CRASH_SIZE")" != $((small << 20)) ]; then
		wr "k$n.free" 0
		wr "k$n.back" "$small"
	fi
done
fact kills "$n"
fact end.data.sum "$(sha1sum <$dir/data | cut -d' ' -f1)"
wr free 0
state free
