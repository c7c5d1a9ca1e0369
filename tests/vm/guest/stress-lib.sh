# shellcheck shell=sh
# Guest helpers of the reliability tests (guest/stress-*.sh), sourced
# after guest/lib.sh; builds on guest/cma-lib.sh. See docs/reliability.md.
# shellcheck source=tests/vm/guest/cma-lib.sh
. "$KX_TESTS/guest/cma-lib.sh"

# shellcheck disable=SC2034 # KXS, CAP_MIB, CMA_*: for the scripts that source this
KXS=$KX_IN/kxstress
KC=$KX_IN/kexeccma
# A capture kernel (cma=0) has no area.
# shellcheck disable=SC2034
CAP_MIB=$(($(cat /sys/kernel/kexec_crash_cma_size 2>/dev/null || echo 0) >> 20))
# shellcheck disable=SC2034
CMA_BASE=$(cat "$CMA_DEBUG/kexec_crash/base_pfn" 2>/dev/null || echo 0)
# shellcheck disable=SC2034
CMA_COUNT=$(cat "$CMA_DEBUG/kexec_crash/count" 2>/dev/null || echo 0)
mkdir -p /run/kx

# sstate KEY: state KEY plus whether a crash kernel is loaded.
sstate() {
	state "$1"
	fact "$1.loaded" "$(cat /sys/kernel/kexec_crash_loaded)"
}

# helper ARGS...: the kexeccma helper with the test's kernel, initrd and
# capture command line, loading with kexec itself (stop and release take
# none of these: kexeccma refuses options that mean nothing for them).
# Records nothing.
helper() {
	kx_cmd=$1
	shift
	case $kx_cmd in
	stop) "$KC" stop --backend direct "$@" ;;
	release) "$KC" release "$@" ;;
	*)
		"$KC" "$kx_cmd" --kernel "$KX_KIMAGE" \
			--initrd "$KX_IN/initrd.img" --cmdline "$(capture_cmdline)" \
			--backend direct "$@"
		;;
	esac
}

# hrun KEY ARGS...: run helper ARGS, record KEY.exit and its messages.
hrun() {
	kx_key=$1
	shift
	kx_rc=0
	helper "$@" >"/run/kx/$kx_key.out" 2>"/run/kx/$kx_key.err" || kx_rc=$?
	fact "$kx_key.exit" "$kx_rc"
	cp "/run/kx/$kx_key.err" "$KX_OUT/$kx_key.err"
	cp "/run/kx/$kx_key.out" "$KX_OUT/$kx_key.out"
}

# wait_for FILE [WORD] [TENTHS]: until FILE exists (and holds WORD); at
# most TENTHS tenths of a second (default 600). Fails on timeout.
wait_for() {
	kx_n=0
	while [ "$kx_n" -lt "${3:-600}" ]; do
		if [ -e "$1" ] && { [ -z "${2:-}" ] || grep -q "$2" "$1"; }; then
			return 0
		fi
		sleep 0.1
		kx_n=$((kx_n + 1))
	done
	return 1
}

# stuck KEY PID: something did not get ready in time: keep what the
# process and the kernel show (blocked tasks and memory go to the
# console through sysrq) and fail.
stuck() {
	fact "$1.stuck" "$2"
	ps >"$KX_OUT/$1.ps" 2>&1 || true
	cat /proc/meminfo >"$KX_OUT/$1.meminfo" 2>&1 || true
	cat "/proc/$2/stack" "/proc/$2/status" "/proc/$2/wchan" \
		>"$KX_OUT/$1.proc" 2>&1 || true
	echo w >/proc/sysrq-trigger
	echo m >/proc/sysrq-trigger
	return 1
}

# settle: drop the page cache so that CmaFree means something.
settle() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
}

# kmemleak_scan KEY: on a kernel with kmemleak, scan twice (a leak must
# survive two scans to be reported) and record the number of reports and
# keep them; "none" without kmemleak.
kmemleak_scan() {
	if [ -e /sys/kernel/debug/kmemleak ]; then
		echo scan >/sys/kernel/debug/kmemleak
		sleep 1
		echo scan >/sys/kernel/debug/kmemleak
		cat /sys/kernel/debug/kmemleak >"$KX_OUT/$1.kmemleak"
		fact "$1.kmemleak" "$(grep -c '^unreferenced object' "$KX_OUT/$1.kmemleak")"
	else
		fact "$1.kmemleak" none
	fi
}
