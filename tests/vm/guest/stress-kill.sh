# shellcheck shell=sh
# The helper killed with SIGKILL at each step on a real kernel (see
# t/72-rel-kill.t): kexec is wrapped so that it can be held before or
# after its load or unload; the kernel's allocation is interrupted while
# it migrates a full area. After each kill the state is recorded, then a
# start or a stop must recover; at the end a capture must still work.
# shellcheck source=tests/vm/guest/stress-lib.sh
. "$KX_TESTS/guest/stress-lib.sh"

case $KX_ROLE in
capture)
	capture_dump
	exit 0
	;;
esac

BB=/kx/bin/busybox
SIZE_MIB=64
if [ ! -e /usr/sbin/kexec.real ]; then
	mv /usr/sbin/kexec /usr/sbin/kexec.real
	cat >/usr/sbin/kexec <<EOF2
#!/bin/sh
# kexec held at /run/kx/hang-POINT for as many seconds as it holds.
p=load
case " \$* " in *" -u "*) p=unload ;; esac
h() {
	if [ -e /run/kx/hang-\$1 ]; then
		echo \$\$ >/run/kx/at-\$1
		$BB sleep "\$($BB cat /run/kx/hang-\$1)"
	fi
}
h \$p-before
/usr/sbin/kexec.real "\$@"
rc=\$?
h \$p-after
exit \$rc
EOF2
	chmod 755 /usr/sbin/kexec
fi
settle
sstate boot

# area_fill MIB: MIB of anonymous memory inside the area (kxcma anon,
# placed as in stress-pin.sh), so that allocating takes a while.
area_fill() {
	echo "$CAP_MIB" >"$CRASH_SIZE"
	# A fresh file: wait_for must not see the last run's "ready".
	rm -f /run/kx/fill.out
	"$KXCMA" anon $(($(meminfo MemFree) / 1024 - 96)) >/run/kx/fill.out &
	kx_fill=$!
	wait_for /run/kx/fill.out ready 300 || stuck "$1.fill" "$kx_fill"
	echo 0 >"$CRASH_SIZE"
	rm -f /run/kx/inarea.out
	"$KXCMA" anon "$1" >/run/kx/inarea.out &
	INAREA=$!
	wait_for /run/kx/inarea.out ready 300 || stuck "$1.inarea" "$INAREA"
	kill -USR1 "$kx_fill"
	wait "$kx_fill" || true
}

area_unfill() {
	kill -USR1 "$INAREA"
	wait "$INAREA" || true
	fact "$1.inarea" "$(tr '\n' ' ' </run/kx/inarea.out)"
}

# kill_at KEY POINT CMD [outlive]: run "kexeccma CMD" in the background,
# SIGKILL it once kexec reaches POINT (and the held kexec too, unless
# outlive: then kexec finishes after the helper died).
kill_at() {
	kx_secs=60
	[ "${4:-}" = outlive ] && kx_secs=2
	rm -f /run/kx/at-*
	echo "$kx_secs" >"/run/kx/hang-$2"
	# Not through the helper function: $! must be kexeccma itself.
	if [ "$3" = stop ]; then
		"$KC" stop --backend direct >"/run/kx/$1.out" 2>&1 &
	else
		"$KC" "$3" --kernel "$KX_IN/bzImage" --initrd "$KX_IN/initrd.img" \
			--cmdline "$(capture_cmdline)" --backend direct \
			--size "$SIZE_MIB" >"/run/kx/$1.out" 2>&1 &
	fi
	kx_pid=$!
	if wait_for "/run/kx/at-$2" "" 600; then
		fact "$1.reached" 1
	else
		fact "$1.reached" 0
	fi
	kill -9 "$kx_pid" 2>/dev/null || true
	wait "$kx_pid" 2>/dev/null || true
	rm -f "/run/kx/hang-$2"
	if [ "${4:-}" = outlive ]; then
		sleep 3
	elif [ -e "/run/kx/at-$2" ]; then
		kill -9 "$(cat "/run/kx/at-$2")" 2>/dev/null || true
	fi
	sstate "$1.killed"
}

# kexec_running: a kexec the killed helper started is still alive: the
# wrapper or kexec.real, or the helper's child between its fork and its
# exec (still named kexeccma; no other kexeccma runs at that point).
kexec_running() {
	for kx_c in /proc/[0-9]*/cmdline; do
		case $(tr '\0' ' ' <"$kx_c" 2>/dev/null) in
		*/usr/sbin/kexec* | *kexeccma*) return 0 ;;
		esac
	done
	return 1
}

# kill_write KEY HOW: interrupt the kernel's allocation of the whole area
# while it migrates 96 MiB out of it: HOW raw (kxcma write) or helper
# (kexeccma start), killed after 300 ms.
kill_write() {
	area_fill 96
	if [ "$2" = raw ]; then
		"$KXCMA" write "$CAP_MIB" >/run/kx/raw.out &
	else
		"$KC" start --kernel "$KX_IN/bzImage" \
			--initrd "$KX_IN/initrd.img" --backend direct \
			--cmdline "$(capture_cmdline)" --size "$CAP_MIB" \
			>"/run/kx/$1.out" 2>&1 &
	fi
	kx_pid=$!
	sleep 0.3
	kill -9 "$kx_pid" 2>/dev/null || true
	wait "$kx_pid" 2>/dev/null || true
	# If the helper got as far as kexec, that kexec outlives it (only a
	# service's whole control group dies at once): let it finish first,
	# or it loads behind the recovering command's back.
	kx_n=0
	while kexec_running && [ $kx_n -lt 300 ]; do
		sleep 0.1
		kx_n=$((kx_n + 1))
	done
	fact "$1.reached" 1
	sstate "$1.killed"
	area_unfill "$1"
}

# recover KEY RECOVERY: stop, or start then stop.
recover() {
	if [ "$2" = stop ]; then
		hrun "$1.stop" stop
		sstate "$1.stop"
	else
		hrun "$1.start" start --size "$SIZE_MIB"
		sstate "$1.start"
		hrun "$1.stop" stop
		sstate "$1.stop"
	fi
}

# Each kill point recovers by stop or by start in turn; kxst.both=1
# (make stress) tries both from every point. kxst.points= picks points
# (comma-separated; default all).
BOTH=$(kx_arg kxst.both || echo 0)
POINTS=$(kx_arg kxst.points || echo lb,la,lo,ub,ua,wr,wh)
n=0
for point in $(echo "$POINTS" | tr ',' ' '); do
	recs="stop start"
	if [ "$BOTH" != 1 ]; then
		recs=stop
		[ $((n % 2)) = 1 ] && recs=start
	fi
	n=$((n + 1))
	for rec in $recs; do
		case $point in
		lb) kill_at "lb.$rec" load-before start ;;
		la) kill_at "la.$rec" load-after start ;;
		lo) kill_at "lo.$rec" load-before start outlive ;;
		ub | ua)
			helper start --size "$SIZE_MIB" >/dev/null 2>&1
			if [ "$point" = ub ]; then
				kill_at "ub.$rec" unload-before stop
			else
				kill_at "ua.$rec" unload-after stop
			fi
			;;
		wr) kill_write "wr.$rec" raw ;;
		wh) kill_write "wh.$rec" helper ;;
		esac
		recover "$point.$rec" "$rec"
	done
done

settle
sstate end
# A capture still works after all of that.
hrun final start --size "$CAP_MIB"
sstate final
crash_now
