# shellcheck shell=sh
# Benchmark (bench/run, allocation latency): the time of one write of N
# MiB to kexec_crash_size with the crash CMA area idle, full of page
# cache (tmpfs), full of anonymous memory, and full of page cache that a
# writer keeps dirtying; the time of memcpy() of N MiB in the same guest;
# and `kexeccma start` against a bare `kexec -p`. Each write is timed
# together with a memcpy() of the same size (scaled from at most 256 MiB)
# just before it, and with the /proc/vmstat counters of migration and
# compaction it moved. Then reads of kexec_crash_size timed while
# bench.rlsize MiB are allocated out of an area full of page cache or of
# anonymous memory (benchmem readlat).
# bench.sizes=64,256,... bench.reps=R bench.area=MiB (the crashkernel=
# size) bench.rlsize=MiB come from the kernel command line; every figure
# is a fact.
# shellcheck source=tests/vm/guest/bench-lib.sh
. "$KX_TESTS/guest/bench-lib.sh"

BM=$KX_IN/benchmem
SIZE=/sys/kernel/kexec_crash_size
T=/kx/bench-tmp

# wait_ready FILE: until a `benchmem hold` has faulted in its memory.
wait_ready() {
	while ! grep -q ready "$1" 2>/dev/null; do sleep 0.2; done
}

stop() {
	kill "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}

# fill_start: anonymous filler over all free memory outside the area but
# a little slack, while the whole area is allocated, so that once the
# area is freed again it is the only free memory to speak of, and what
# comes next lands in it. (The page allocator takes movable pages from CMA
# only while free CMA exceeds half of free memory, so a filler that ran
# with the area free would spread over both.)
fill_start() {
	echo "$AREA" >"$SIZE"
	mib=$(($(meminfo MemFree) / 1024 - 96))
	rm -f "$T/fill.out"
	"$BM" hold "$mib" >"$T/fill.out" &
	FILL=$!
	wait_ready "$T/fill.out"
	echo 0 >"$SIZE"
}

# prepare STATE: put the area in STATE; the data is nearly the area.
prepare() {
	DATA=$((AREA - 64))
	case $1 in
	idle) return 0 ;;
	anon)
		fill_start
		rm -f "$T/hold.out"
		"$BM" hold "$DATA" >"$T/hold.out" &
		HOLD=$!
		wait_ready "$T/hold.out"
		stop "$FILL"
		;;
	cache | writer)
		fill_start
		dd if=/dev/zero of="$T/data" bs=1M count="$DATA" 2>/dev/null
		stop "$FILL"
		if [ "$1" = writer ]; then
			(
				trap 'kill "$d" 2>/dev/null; exit 0' TERM
				while :; do
					dd if=/dev/zero of="$T/data" bs=1M \
						count="$DATA" conv=notrunc 2>/dev/null &
					d=$!
					wait "$d" || true
				done
			) &
			WRITER=$!
			sleep 1
		fi
		;;
	esac
}

cleanup() {
	case $1 in
	anon) stop "$HOLD" ;;
	writer) stop "$WRITER"; sleep 1; rm -f "$T/data" ;;
	cache) rm -f "$T/data" ;;
	esac
}

# The /proc/vmstat counters recorded around each write: what it migrated
# (pages), what the isolation scanned and took, and cma_alloc()'s own
# count.
VMKEYS="pgmigrate_success pgmigrate_fail compact_migrate_scanned compact_isolated compact_free_scanned cma_alloc_success cma_alloc_fail"

# vmstat_now: the values of VMKEYS, in that order (0 when absent).
vmstat_now() {
	for k in $VMKEYS; do
		v=$(sed -n "s/^$k //p" /proc/vmstat)
		printf '%s ' "${v:-0}"
	done
}

# vmstat_delta BEFORE: vmstat_now minus BEFORE, key by key.
vmstat_delta() {
	# shellcheck disable=SC2086 # one word per counter
	set -- $1
	for a in $(vmstat_now); do
		printf '%s ' $((a - $1))
		shift
	done
}

# timed CMD...: benchmem's "<microseconds> <status>" for CMD.
timed() {
	"$BM" run "$@" 2>&1 >/dev/null | tail -n 1
}

case $KX_ROLE in
first)
	AREA=$(bench_arg bench.area)
	REPS=$(bench_arg bench.reps)
	SIZES=$(bench_arg bench.sizes | tr , ' ')
	RLSIZE=$(bench_arg bench.rlsize)
	mkdir -p "$T"
	mount -t tmpfs -o size=90% tmpfs "$T"
	fact lat.memtotal_kb "$(meminfo MemTotal)"
	fact lat.cmatotal_kb "$(meminfo CmaTotal)"
	fact lat.cpus "$(grep -c ^processor /proc/cpuinfo)"
	fact vm.keys "$VMKEYS"
	for n in $SIZES; do
		fact "lat.memcpy.$n" "$("$BM" memcpy "$n" 5)"
	done
	for state in idle cache anon writer; do
		for n in $SIZES; do
			rep=1
			while [ "$rep" -le "$REPS" ]; do
				prepare "$state"
				cmafree=$(meminfo CmaFree)
				# The baseline right before the write, so that both
				# see the same load on a shared host: memcpy of up to
				# 256 MiB (the area is full, the rest of memory is
				# not large enough for two 1 GiB buffers), scaled.
				b=$n
				[ "$b" -le 256 ] || b=256
				m=$("$BM" memcpy "$b" 1)
				v=$(vmstat_now)
				r=$("$BM" write "$SIZE" "$n")
				fact "vm.$state.$n.$rep" "$(vmstat_delta "$v")"
				fact "lat.$state.$n.$rep" "$r $cmafree $((m * n / b))"
				echo 0 >"$SIZE"
				cleanup "$state"
				rep=$((rep + 1))
			done
		done
	done

	# Reads during an allocation: the kernel takes no lock to read, so
	# none should be refused, and none should wait for the migration.
	for state in cache anon; do
		rep=1
		while [ "$rep" -le "$REPS" ]; do
			prepare "$state"
			cmafree=$(meminfo CmaFree)
			v=$(vmstat_now)
			r=$("$BM" readlat "$SIZE" "$RLSIZE")
			fact "vm.rl.$state.$RLSIZE.$rep" "$(vmstat_delta "$v")"
			fact "rl.$state.$RLSIZE.$rep" "$r $cmafree"
			echo 0 >"$SIZE"
			cleanup "$state"
			rep=$((rep + 1))
		done
	done

	# kexeccma start end to end against a bare kexec -p.
	bench_gzip
	est=$(bench_estimate)
	fact lat.estimate_mib "$est"
	rep=1
	while [ "$rep" -le "$REPS" ]; do
		fact "start.alloc.$rep" "$("$BM" write "$SIZE" "$est")"
		fact "start.kexec.$rep" "$(timed kexec -p \
			--command-line="$(capture_cmdline)" \
			--initrd="$KX_IN/initrd.img" "$KX_IN/bzImage")"
		kexec -p -u
		echo 0 >"$SIZE"
		for how in fixed auto; do
			sz=$est; [ "$how" = auto ] && sz=auto
			fact "start.kexeccma_$how.$rep" "$(timed "$KX_IN/kexeccma" \
				start -q --size "$sz" --kernel "$KX_IN/bzImage" \
				--initrd "$KX_IN/initrd.img" \
				--cmdline "$(capture_cmdline)" --backend direct)"
			fact "start.kexeccma_$how.$rep.loaded" \
				"$(cat /sys/kernel/kexec_crash_loaded)"
			"$KX_IN/kexeccma" stop -q --backend direct
		done
		rep=$((rep + 1))
	done
	umount "$T"
	;;
esac
