# shellcheck shell=sh
# Concurrency (see t/73-rel-concurrency.t and tests/stress): writers of
# random valid and invalid sizes to kexec_crash_size, a kexec -p
# load/unload loop (kexec_load and kexec_file_load in turn), a kexeccma
# start/stop loop and a reader of /proc/iomem and status, all at once,
# until each of kxst.writers writers has made kxst.writes writes (a
# count, not a time: a TCG guest's clock can jump on a loaded host). Then
# unload and record the state; free and record;
# arm with the helper and crash: the capture must still work.
# shellcheck source=tests/vm/guest/stress-lib.sh
. "$KX_TESTS/guest/stress-lib.sh"

case $KX_ROLE in
capture)
	capture_dump
	exit 0
	;;
esac

WRITES=$(kx_arg kxst.writes || echo 150)
WRITERS=$(kx_arg kxst.writers || echo 3)
STOP=/run/kx/stop
settle
sstate boot
fact writes "$WRITES"
fact writers "$WRITERS"

# writer N: "VALUE ERRNO" per write in /run/kx/wN.log
writer() {
	"$KXS" rand 1000000000 "$WRITES" >"/run/kx/r$1"
	exec 3<"/run/kx/r$1"
	while read -r r <&3; do
		case $((r % 12)) in
		0) v=0 ;;
		10) v=17 ;;
		11) v=$((CAP_MIB + 16)) ;;
		*) v=$((16 * ((r / 12) % (CAP_MIB / 16) + 1))) ;;
		esac
		r=$("$KXCMA" write "$v")
		echo "$v ${r% *}" >>"/run/kx/w$1.log"
	done
}

# loader: "load RC", "file RC", "unload RC" lines
loader() {
	while [ ! -e $STOP ]; do
		rc=0
		load_crash_kernel >/dev/null 2>&1 || rc=$?
		echo "load $rc" >>/run/kx/loader.log
		sleep 0.2
		rc=0
		kexec -p -u >/dev/null 2>&1 || rc=$?
		echo "unload $rc" >>/run/kx/loader.log
		rc=0
		load_crash_kernel -s >/dev/null 2>&1 || rc=$?
		echo "file $rc" >>/run/kx/loader.log
		sleep 0.2
		rc=0
		kexec -p -u >/dev/null 2>&1 || rc=$?
		echo "unload $rc" >>/run/kx/loader.log
	done
}

# cycler: kexeccma start and stop, "start RC" / "stop RC" lines
cycler() {
	while [ ! -e $STOP ]; do
		rc=0
		helper start --size 64 --retries 1 --lock-timeout 10 -q \
			>/dev/null 2>>/run/kx/cycler.err || rc=$?
		echo "start $rc" >>/run/kx/cycler.log
		rc=0
		helper stop --lock-timeout 10 -q >/dev/null 2>>/run/kx/cycler.err || rc=$?
		echo "stop $rc" >>/run/kx/cycler.log
	done
}

reader() {
	while [ ! -e $STOP ]; do
		cat /proc/iomem >/dev/null
		# Fails with EBUSY while the kexec lock is held: count it.
		cat /sys/kernel/kexec_crash_size >/dev/null 2>&1 ||
			echo "read busy" >>/run/kx/reader.log
		"$KC" status --json >/dev/null 2>&1 || echo "status failed" >>/run/kx/reader.log
		echo read >>/run/kx/reader.log
	done
}

wpids=""
i=0
while [ $i -lt "$WRITERS" ]; do
	writer $i &
	wpids="$wpids $!"
	i=$((i + 1))
done
pids=""
loader &
pids="$pids $!"
cycler &
pids="$pids $!"
reader &
pids="$pids $!"
t0=$(cut -d' ' -f1 /proc/uptime)
for p in $wpids; do
	wait "$p" || true
done
touch $STOP
for p in $pids; do
	wait "$p" || true
done
fact ran.seconds "$t0 $(cut -d' ' -f1 /proc/uptime)"
cat /run/kx/w*.log >"$KX_OUT/writes.log"
cp /run/kx/loader.log "$KX_OUT/loader.log"
cp /run/kx/cycler.log "$KX_OUT/cycler.log"
cp /run/kx/cycler.err "$KX_OUT/cycler.err" 2>/dev/null || true
fact reads "$(grep -c '^read' /run/kx/reader.log)"
fact status_failed "$(grep -c '^status failed' /run/kx/reader.log || true)"
fact read_busy "$(grep -c '^read busy' /run/kx/reader.log || true)"

sstate after
kexec -p -u
sstate unloaded
wr freed.w 0
settle
sstate freed
kmemleak_scan freed
hrun final start --size 128
sstate final
crash_now
