# shellcheck shell=sh
# How long `echo N > kexec_crash_size` takes: for each size of
# kxcma.sizes, kxcma.idle runs on an idle area and kxcma.full runs on an
# area full of movable (tmpfs) pages. Without a CMA area (classic boot)
# the sizes are shrunk to, in bytes, once each.
# shellcheck source=tests/vm/guest/cma-lib.sh
. "$KX_TESTS/guest/cma-lib.sh"
sizes=$(kx_arg kxcma.sizes | tr , ' ')
cap=$(cat /sys/kernel/kexec_crash_cma_size)
fact cma_size "$cap"
if [ "$cap" = 0 ]; then
	for s in $sizes 0; do
		wr "classic.$s" $((s * 1048576))
	done
	exit 0
fi

dir=/run/kxcma
mkdir -p $dir
mount -t tmpfs -o size=100% tmpfs $dir
# fill: put up to the area's size less 96 MiB of tmpfs pages into it, by
# filling ordinary memory first and releasing that afterwards.
fill() {
	rm -f $dir/filler $dir/data
	kx_f=$((($(meminfo MemFree) - $(meminfo CmaFree)) / 1024 - 64))
	dd if=/dev/zero of=$dir/filler bs=1M count="$kx_f" 2>/dev/null
	dd if=/dev/zero of=$dir/data bs=1M count=$((cap / 1048576 - 96)) 2>/dev/null
	rm $dir/filler
}

for s in $sizes; do
	i=0
	while [ $i -lt "$(kx_arg kxcma.idle)" ]; do
		i=$((i + 1))
		rm -f $dir/data
		wr "idle.$s.$i" "$s"
		wr "idle.$s.$i.free" 0
	done
	i=0
	while [ $i -lt "$(kx_arg kxcma.full)" ]; do
		i=$((i + 1))
		fill
		fact "full.$s.$i.in_cma_kb" $(($(meminfo CmaTotal) - $(meminfo CmaFree)))
		wr "full.$s.$i" "$s"
		wr "full.$s.$i.free" 0
	done
done
rm -f $dir/data
state end
