# shellcheck shell=sh
# Two writers at once: while one allocates the whole area, filled with
# movable pages so that it takes a while, the other keeps asking for the
# same size. The kexec lock must turn the loser away with EBUSY and the
# end state must be one allocation of exactly that size.
# shellcheck source=tests/vm/guest/cma-lib.sh
. "$KX_TESTS/guest/cma-lib.sh"
cap_mib=$(($(cat /sys/kernel/kexec_crash_cma_size) >> 20))
dir=/run/kxcma
mkdir -p $dir
mount -t tmpfs -o size=100% tmpfs $dir
f=$((($(meminfo MemFree) - $(meminfo CmaFree)) / 1024 - 64))
dd if=/dev/zero of=$dir/filler bs=1M count="$f" 2>/dev/null
dd if=/dev/zero of=$dir/data bs=1M count=$((cap_mib - 96)) 2>/dev/null
rm $dir/filler
fact in_cma_kb $(($(meminfo CmaTotal) - $(meminfo CmaFree)))
state boot

"$KXCMA" write "$cap_mib" >$dir/a.out &
a=$!
busy=0
other=0
n=0
while kill -0 $a 2>/dev/null; do
	r=$("$KXCMA" write "$cap_mib")
	n=$((n + 1))
	case ${r% *} in
	EBUSY) busy=$((busy + 1)) ;;
	OK) ;;
	*) other=$((other + 1)); fact "other.$n" "$r" ;;
	esac
done
wait $a || true
a_r=$(cat $dir/a.out)
fact a.errno "${a_r% *}"
fact a.ns "${a_r#* }"
fact b.tries "$n"
fact b.busy "$busy"
fact b.other "$other"
state end
wr free 0
state free
