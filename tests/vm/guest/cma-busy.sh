# shellcheck shell=sh
# Allocate the whole area while two writers keep rewriting tmpfs pages
# that live in it. A page a writer holds while it waits for the folio lock
# makes alloc_contig_range() fail with -EBUSY for a moment; a request as
# large as the area has no other position to try, so only the series'
# retries let it succeed. Each round puts the data back in the area: the
# area is taken while ordinary memory is filled, then given back for the
# data to land in.
# shellcheck source=tests/vm/guest/cma-lib.sh
. "$KX_TESTS/guest/cma-lib.sh"
size=$(kx_arg kxcma.size)
rounds=$(kx_arg kxcma.rounds)
dir=/run/kxcma
mkdir -p $dir
mount -t tmpfs -o size=95% tmpfs $dir
data_mib=$((size - 64))
fact data_mib "$data_mib"

round=1
while [ "$round" -le "$rounds" ]; do
	r=r$round
	rm -f $dir/data
	wr "$r.take" "$size"
	filler=$(($(meminfo MemFree) / 1024 - 160))
	dd if=/dev/zero of=$dir/filler bs=1M count="$filler" 2>/dev/null
	wr "$r.give" 0
	dd if=/dev/zero of=$dir/data bs=1M count="$data_mib" 2>/dev/null
	rm $dir/filler
	fact "$r.loaded.cmafree_kb" "$(meminfo CmaFree)"
	fact "$r.loaded.cmatotal_kb" "$(meminfo CmaTotal)"
	# Two writers, each rewriting its half of the file, so that pages
	# are looked up while migration holds their folio locks.
	writers=
	for half in 0 1; do
		(
			trap 'kill "$dd" 2>/dev/null; exit 0' TERM
			while :; do
				dd if=/dev/zero of=$dir/data bs=1M \
					seek=$((half * data_mib / 2)) \
					count=$((data_mib / 2)) conv=notrunc 2>/dev/null &
				dd=$!
				wait "$dd" || true
			done
		) &
		writers="$writers $!"
	done
	sleep 1
	wr "$r.alloc" "$size"
	state "$r.alloc"
	# shellcheck disable=SC2086 # a list of PIDs
	kill $writers
	# shellcheck disable=SC2086
	wait $writers || true
	wr "$r.free" 0
	state "$r.free"
	round=$((round + 1))
done
fact rounds_done "$rounds"
