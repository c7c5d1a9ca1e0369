# shellcheck shell=sh
# Pinned pages inside the crash CMA area while it is allocated (see
# t/71-rel-pinned.t): pages held by vmsplice, under O_DIRECT reads, and
# registered with io_uring; the raw write and the helper's allocate/start
# with retries; afterwards the data is checked and nothing may be stuck.
# shellcheck source=tests/vm/guest/stress-lib.sh
. "$KX_TESTS/guest/stress-lib.sh"

PIN_MIB=$(kx_arg kxst.pin_mib || echo 64)
settle
sstate boot
fact cap_mib "$CAP_MIB"

# pin_start KEY MODE: fill memory outside the area while the whole area
# is allocated, free the area, so that the buffer kxstress maps lands in
# it, start holding its pages, then free the filler.
pin_start() {
	settle
	echo "$CAP_MIB" >"$CRASH_SIZE"
	fact "$1.memfree0" "$(meminfo MemFree) $(meminfo CmaFree)"
	# A fresh file: wait_for must not see the last run's "ready".
	rm -f /run/kx/fill.out
	"$KXCMA" anon $(($(meminfo MemFree) / 1024 - 96)) >/run/kx/fill.out &
	kx_fill=$!
	wait_for /run/kx/fill.out ready 300 || stuck "$1.fill" "$kx_fill"
	fact "$1.memfree1" "$(meminfo MemFree) $(meminfo CmaFree)"
	echo 0 >"$CRASH_SIZE"
	fact "$1.memfree2" "$(meminfo MemFree) $(meminfo CmaFree)"
	rm -f "/run/kx/$1.pin"
	"$KXS" pin "$2" "$CMA_BASE" "$CMA_COUNT" "$PIN_MIB" /kx/out \
		>"/run/kx/$1.pin" 2>&1 &
	PIN=$!
	if ! wait_for "/run/kx/$1.pin" ready 300; then
		fact "$1.ready" "never: $(tr '\n' ' ' <"/run/kx/$1.pin")"
		stuck "$1.pin" "$PIN"
	fi
	kill -USR1 "$kx_fill"
	wait "$kx_fill" || true
	fact "$1.fill" "$(tr '\n' ' ' </run/kx/fill.out)"
	fact "$1.ready" "$(tr '\n' ' ' <"/run/kx/$1.pin")"
}

# pin_stop KEY: let go and record the data check.
pin_stop() {
	kill -USR1 "$PIN" 2>/dev/null || true
	wait "$PIN" || true
	fact "$1.done" "$(grep '^done' "/run/kx/$1.pin")"
}

# 1. vmsplice: the raw write, then the helper, fail cleanly.
pin_start vms vmsplice
wr vms.raw "$CAP_MIB"
sstate vms.raw
hrun vms.alloc allocate --size "$CAP_MIB" --retries 2
sstate vms.alloc
pin_stop vms
# Unpinned, the same allocation goes through.
hrun vms.after allocate --size "$CAP_MIB" --retries 0
sstate vms.after
hrun vms.release release
sstate vms.release

# 2. vmsplice let go while the helper retries: start succeeds. The pin
# is let go once the helper's first attempt has failed: a fixed delay
# ran out before the first attempt on the slower debug kernel.
pin_start late vmsplice
(wait_for /run/kx/late.start.err 'attempt 1/' 1200 && kill -USR1 "$PIN") &
kx_watch=$!
hrun late.start start --size "$CAP_MIB" --retries 6 --json
sstate late.start
wait "$kx_watch" || true
wait "$PIN" || true
fact late.done "$(grep '^done' /run/kx/late.pin)"
hrun late.stop stop
sstate late.stop

# 3. O_DIRECT reads in flight into the area during start.
pin_start odir odirect
sleep 1
hrun odir.start start --size "$CAP_MIB" --retries 5 --json
sstate odir.start
pin_stop odir
hrun odir.stop stop
sstate odir.stop

# 4. A buffer registered with io_uring (a long-term pin).
pin_start uring uring
hrun uring.start start --size "$CAP_MIB" --retries 0 --json
sstate uring.start
pin_stop uring
hrun uring.stop stop
sstate uring.stop

settle
sstate end
dmesg | grep -i 'crash_cma\|kexec_crash\|crashkernel\|cma_alloc' >"$KX_OUT/dmesg-cma.txt" || true
