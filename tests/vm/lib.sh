# Host side of the kexeccma VM tests: boot a guest under TCG with a hard
# timeout, then judge what it left in its "out" share and its console log.
# Test files (tests/vm/t/*.t) source this file and print TAP.
# shellcheck shell=bash

KX_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
KX_BUILD=${KX_BUILD:-$KX_TOP/build}
# The guest architecture: x86_64, or arm64 (set by the *-arm64-* tests
# before they source this file), with its kernel, initramfs and console.
KX_ARCH=${KX_ARCH:-x86_64}
case $KX_ARCH in
arm64)
	KX_KERNEL=${KX_KERNEL_ARM64:-$KX_BUILD/kernel-arm64/Image}
	KX_INITRD=${KX_INITRD_ARM64:-$KX_BUILD/initramfs-arm64/initrd.img}
	KX_BOOT_ARGS="console=ttyAMA0"
	KX_KIMAGE=Image
	# The guest programs are cross-built, statically.
	KX_CC=aarch64-linux-gnu-gcc
	# The low area a ,high reservation gets by default (arm64: 128M).
	# shellcheck disable=SC2034 # for the tests that source this file
	KX_LOW_DEFAULT_MIB=128
	# Where RAM starts on the virt board; fixed offsets are above it.
	# shellcheck disable=SC2034
	KX_RAM_BASE_MIB=1024
	;;
*)
	KX_KERNEL=${KX_KERNEL:-$KX_BUILD/kernel/bzImage}
	KX_INITRD=${KX_INITRD:-$KX_BUILD/initramfs/initrd.img}
	KX_BOOT_ARGS="console=ttyS0 no_timer_check"
	KX_KIMAGE=bzImage
	KX_CC=
	# x86_64: max(swiotlb + 8M, 256M).
	# shellcheck disable=SC2034
	KX_LOW_DEFAULT_MIB=256
	# shellcheck disable=SC2034
	KX_RAM_BASE_MIB=0
	;;
esac
# The version of the kernel series under test (6.12, 6.1), read from the
# kernel's config: some results differ by version.
KX_KVER=$(sed -n 's|^# Linux/[a-z0-9_]* \([0-9]*\.[0-9]*\)\..* Kernel Configuration$|\1|p' \
	"$(dirname "$KX_KERNEL")/config" 2>/dev/null || true)
# Splats that fail any test whatever the guest reported.
KX_SPLAT='BUG:|WARNING:|Oops|Call Trace|INFO: possible|lockdep|KASAN|UBSAN|kmemleak|general protection fault|Kernel panic - not syncing: (Attempted to kill init|Out of memory|VFS)'
# Boot banners of the debug kernel's checkers, which name them but are
# no report.
KX_NOT_SPLAT='RCU lockdep checking is enabled|kmemleak: Kernel memory leak detector initialized|kmemleak: Automatic memory scanning thread'
# Slower kernels (the debug kernel: KASAN, lockdep) scale every timeout.
KX_TIMEOUT_SCALE=${KX_TIMEOUT_SCALE:-1}
# Where runs go: KX_RUNS (default build/vm-runs, read at each run, since
# the benchmarks point KX_BUILD at a folder per trial), and for a test
# file a folder of its own below it, named after the file:
# build/vm-runs/13-cma-resize/cma-resize/. make check runs test files two
# at a time, and several files boot the same guest script (cma-resize,
# cma-classic, cma-kdump...); tests/vm/t/90-backport-6.1.t runs files of
# the 6.12 series again with KX_RUNS set to a 6.1 folder.
KX_TEST=
case $0 in
*.t) KX_TEST=$(basename "$0" .t) ;;
esac
# The lock that keeps a guest's inputs from being read while they are
# built (need_kexec_cma builds them under it, vm_run copies them under a
# shared hold of it).
KX_HELPERS_LOCK=$KX_TOP/build/.guest-helpers.lock
# The kernel the guest loads with kexec -p (/kx/in/bzImage, /kx/in/Image
# on arm64); empty: the
# booted one. The debug kernel runs its tests with the VM kernel as the
# capture kernel: KASAN's shadow and image do not fit the tests' areas.
KX_CAPTURE_KERNEL=${KX_CAPTURE_KERNEL:-}

tap_count=0
tap_failed=0

ok() {
	tap_count=$((tap_count + 1))
	echo "ok $tap_count - $*"
}

not_ok() {
	tap_count=$((tap_count + 1))
	tap_failed=$((tap_failed + 1))
	echo "not ok $tap_count - $*"
}

diag() {
	echo "# $*"
}

# check DESCRIPTION COMMAND...: one test point from a command's status.
check() {
	local desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

# is GOT WANT DESCRIPTION
is() {
	if [ "$1" = "$2" ]; then
		ok "$3"
	else
		not_ok "$3"
		diag "  got: '$1'"
		diag " want: '$2'"
	fi
}

done_testing() {
	echo "1..$tap_count"
	[ "$tap_failed" -eq 0 ]
	exit
}

skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}

# kx_runs: the folder this script's runs go to (see KX_RUNS above).
kx_runs() {
	echo "${KX_RUNS:-$KX_BUILD/vm-runs}${KX_TEST:+/$KX_TEST}"
}

# kx_copy_in DIR: copy KX_EXTRA_IN's files into DIR (a run's in share),
# never while need_kexec_cma builds them.
kx_copy_in() {
	[ -n "${KX_EXTRA_IN:-}" ] || return 0
	mkdir -p "$(dirname "$KX_HELPERS_LOCK")"
	flock -s "$KX_HELPERS_LOCK" cp -r "$KX_EXTRA_IN"/. "$1/"
}

# vm_run NAME [--mem SIZE] [--smp N] [--timeout S] [--kernel F] [--initrd F]
#        [--append "ARGS"]
# Boots the guest with kexeccma.test=NAME, so tests/vm/guest/NAME.sh runs
# in it. Sets KX_RUN (the run folder), KX_LOG (console log), KX_ELAPSED
# (seconds) and KX_STATUS (QEMU's exit status, 124 on timeout).
# no_timer_check (x86): on a loaded host a TCG guest can miss the kernel's IO-APIC
# timer check and panic at boot ("IO-APIC + timer doesn't work!"). Memory
# beyond the host's comes from an unreserved backend, so a large guest only
# costs what it touches.
vm_run() {
	local name=$1 mem=1G smp=1 timeout=90 kernel=$KX_KERNEL
	local initrd=$KX_INITRD append=""
	shift
	while [ $# -gt 0 ]; do
		case $1 in
		--mem) mem=$2 ;;
		--smp) smp=$2 ;;
		--timeout) timeout=$2 ;;
		--kernel) kernel=$2 ;;
		--initrd) initrd=$2 ;;
		--append) append=$2 ;;
		*) echo "vm_run: unknown option $1" >&2; return 2 ;;
		esac
		shift 2
	done
	timeout=$((timeout * KX_TIMEOUT_SCALE))
	KX_RUN=$(kx_runs)/$name
	KX_LOG=$KX_RUN/console.log
	rm -rf "$KX_RUN"
	mkdir -p "$KX_RUN/in" "$KX_RUN/out"
	cp "${KX_CAPTURE_KERNEL:-$kernel}" "$KX_RUN/in/$KX_KIMAGE"
	cp "$initrd" "$KX_RUN/in/initrd.img"
	kx_copy_in "$KX_RUN/in"

	local start qemu
	# arm64: QEMU's virt board (RAM from 1 GiB, a GICv3 so that more
	# than 8 CPUs would work) with a Cortex-A72. No kaslr-seed in its
	# device tree (dtb-randomness=off): kexec-tools' kexec_load renews
	# the seed with getrandom(GRND_NONBLOCK), which fails while the
	# guest, without a hardware RNG, has not seeded its CRNG yet.
	case $KX_ARCH in
	arm64) qemu=(qemu-system-aarch64 -cpu cortex-a72
		-machine "virt,gic-version=3,dtb-randomness=off,memory-backend=mem") ;;
	*) qemu=(qemu-system-x86_64 -machine "pc,memory-backend=mem") ;;
	esac
	start=$(date +%s.%N)
	diag "booting $name ($KX_ARCH): mem=$mem smp=$smp timeout=${timeout}s append='$append'"
	timeout -k 5 "$timeout" "${qemu[@]}" -accel tcg \
		-nodefaults -no-user-config -display none -no-reboot \
		-object "memory-backend-ram,id=mem,size=$mem,reserve=off" \
		-m "$mem" -smp "$smp" \
		-serial "file:$KX_LOG" -monitor none \
		-kernel "$kernel" -initrd "$initrd" \
		-append "$KX_BOOT_ARGS panic=1 kexeccma.test=$name $append" \
		-virtfs "local,path=$KX_TOP/tests/vm,mount_tag=tests,security_model=none,readonly=on" \
		-virtfs "local,path=$KX_RUN/in,mount_tag=in,security_model=none,readonly=on" \
		-virtfs "local,path=$KX_RUN/out,mount_tag=out,security_model=none" \
		</dev/null >"$KX_RUN/qemu.log" 2>&1
	KX_STATUS=$?
	KX_ELAPSED=$(echo "$(date +%s.%N) - $start" | bc)
	KX_ELAPSED=$(printf '%.1f' "$KX_ELAPSED")
	diag "$name ended after ${KX_ELAPSED}s with status $KX_STATUS"
	if [ "$KX_STATUS" = 124 ] || [ "$KX_STATUS" = 137 ]; then
		diag "$name hit its ${timeout}s timeout; console tail:"
		tail -n 15 "$KX_LOG" | sed 's/^/#   /'
	fi
	return 0
}

# need_kexec_cma BUILD-SCRIPT OUTDIR: skip the test unless the kernel has
# CONFIG_KEXEC_CMA; build the guest's helper programs with BUILD-SCRIPT
# into OUTDIR and hand them to the guest in /kx/in. One build at a time
# (KX_HELPERS_LOCK): test files that run side by side share the folders
# (build/cma-helpers*, build/stress-in*) and kdumpctl-ext's build.
need_kexec_cma() {
	if ! grep -qx CONFIG_KEXEC_CMA=y "$(dirname "$KX_KERNEL")/config" 2>/dev/null; then
		skip_all "the kernel is built without CONFIG_KEXEC_CMA"
	fi
	mkdir -p "$(dirname "$KX_HELPERS_LOCK")"
	if ! KX_KVER=$KX_KVER CC=${KX_CC:-${CC:-gcc}} KX_ARCH=$KX_ARCH \
		flock "$KX_HELPERS_LOCK" "$1" "$2" >&2; then
		echo "Bail out! cannot build the guest helpers"
		exit 1
	fi
	export KX_EXTRA_IN=$2
}

# vmlinux_bytes FILE: the memory a kernel image takes, the sum of its
# ELF PT_LOAD sizes (as kdumpctl's get_kernel_size computes it).
vmlinux_bytes() {
	local sum=0 memsz
	for memsz in $(readelf -lW "$1" | awk '$1 == "LOAD" { print $6 }'); do
		sum=$((sum + memsz))
	done
	echo "$sum"
}

# fact KEY: the last value the guest recorded for KEY.
fact() {
	sed -n "s/^$1=//p" "$KX_RUN/out/facts" 2>/dev/null | tail -n 1
}

# is_fact KEY WANT DESCRIPTION
is_fact() {
	is "$(fact "$1")" "$2" "$3"
}

# check_script_ran DESCRIPTION: the first kernel's guest script ran to its
# end (set -e stops it at the first failed command). When it did not, what
# it wrote to stderr and the end of the console show which command failed
# and why (an OOM kill, a full tmpfs, no crash area), since a CI log keeps
# nothing else.
check_script_ran() {
	local rc
	rc=$(fact first.rc)
	if [ "$rc" = 0 ]; then
		ok "$1"
		return
	fi
	not_ok "$1"
	diag "  the script's status: '$rc'"
	if [ -s "$KX_RUN/out/guest-stderr" ]; then
		diag "  its stderr, last 10 lines:"
		tail -n 10 "$KX_RUN/out/guest-stderr" | sed 's/^/#     /'
	fi
	diag "  the console's crash area lines (reservation, CMA):"
	grep -iE 'crash|cma' "$KX_LOG" | grep -v 'command line' | head -n 8 |
		sed 's/^/#     /'
	diag "  the console, last 15 lines:"
	tail -n 15 "$KX_LOG" | sed 's/^/#     /'
}

# The checks every boot owes: the VM ended by itself and its log is clean.
check_vm_ended() {
	if [ "$KX_STATUS" = 0 ]; then
		ok "$1: VM ended by itself in ${KX_ELAPSED}s"
	else
		not_ok "$1: VM ended by itself (status $KX_STATUS)"
		tail -n 20 "$KX_LOG" | sed 's/^/#   /'
	fi
}

# A kernel built with verbose BUG reporting prints a stack trace on every
# panic, the deliberate sysrq one included: that trace, up to the capture
# kernel's banner, is expected and not a splat.
check_log_clean() {
	local hits
	hits=$(awk '/Kernel panic - not syncing: sysrq triggered crash/ { skip = 1 }
		/Linux version/ { skip = 0 }
		!skip' "$KX_LOG" | grep -Ev "$KX_NOT_SPLAT" | grep -E "$KX_SPLAT" |
		head -n 5)
	if [ -z "$hits" ]; then
		ok "$1: no BUG, WARNING, Oops or lockdep report in the guest log"
	else
		not_ok "$1: no BUG, WARNING, Oops or lockdep report in the guest log"
		diag "  ${hits//$'\n'/$'\n'#   }"
	fi
}

# host_makedumpfile ARGS...: makedumpfile for the guest's dumps. Debian's
# x86 build reads x86 dumps only: an arm64 dump is read by the arm64
# build from the initramfs tree (scripts/build-initramfs-arm64) under
# qemu-aarch64-static.
host_makedumpfile() {
	if [ "$KX_ARCH" = arm64 ]; then
		qemu-aarch64-static -L "$KX_INITRD.root" \
			"$KX_INITRD.root/usr/bin/makedumpfile" "$@"
	else
		makedumpfile "$@"
	fi
}

# check_dump DESCRIPTION [PATTERN]: the capture wrote a dump, and the
# kernel log that makedumpfile reads back out of it on the host holds
# PATTERN (by default the sysrq panic).
check_dump() {
	local pattern=${2:-sysrq triggered crash}
	local dump=$KX_RUN/out/vmcore
	if [ ! -s "$dump" ]; then
		not_ok "$1: a dump was written"
		return
	fi
	ok "$1: a dump was written ($(du -k "$dump" | cut -f1) KiB)"
	rm -f "$KX_RUN/dmesg.txt"
	if host_makedumpfile --dump-dmesg "$dump" "$KX_RUN/dmesg.txt" \
		>"$KX_RUN/makedumpfile-host.log" 2>&1 &&
		grep -q "$pattern" "$KX_RUN/dmesg.txt"; then
		ok "$1: the dumped kernel log holds '$pattern'"
	else
		not_ok "$1: the dumped kernel log holds '$pattern'"
		tail -n 5 "$KX_RUN/makedumpfile-host.log" | sed 's/^/#   /'
	fi
}
