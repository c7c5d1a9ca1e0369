# shellcheck shell=sh
# Guest-side helpers, sourced by the test driver before each test script.
# They record observations; the host decides whether they are right.

# fact KEY VALUE: record an observation for the host (the last one wins).
fact() {
	echo "$1=$2" >>"$KX_OUT/facts"
}

# fact_file KEY FILE: keep a copy of a guest file for the host to inspect.
fact_file() {
	cp "$2" "$KX_OUT/$1"
}

meminfo() {
	sed -n "s/^$1: *\([0-9]*\) kB$/\1/p" /proc/meminfo
}

# The kernel the host handed in, and the console and options that are
# the architecture's: the PL011 on arm64 (nr_cpus=1 there also avoids a
# QEMU TCG assertion with secondary CPUs in the capture kernel).
case $(uname -m) in
aarch64)
	KX_KIMAGE=$KX_IN/Image
	KX_ARCH_ARGS="console=ttyAMA0"
	;;
*)
	KX_KIMAGE=$KX_IN/bzImage
	KX_ARCH_ARGS="console=ttyS0 no_timer_check"
	;;
esac

# The command line of the capture kernel: the same test, one CPU, devices
# reset, a short panic timeout so a failed capture ends the VM quickly.
# A test adds its own words in KX_CAPTURE_APPEND.
capture_cmdline() {
	echo "$KX_ARCH_ARGS panic=1 nr_cpus=1 reset_devices irqpoll cma=0" \
		"kexeccma.test=$KX_NAME ${KX_CAPTURE_APPEND:-}"
}

# load_crash_kernel [KEXEC-OPTION...]: kexec -p the shared kernel and this
# initramfs; extra options (e.g. -s) go to kexec.
load_crash_kernel() {
	kexec -p "$@" --command-line="$(capture_cmdline)" \
		--initrd="$KX_IN/initrd.img" "$KX_KIMAGE"
}

crash_now() {
	sync
	echo c >/proc/sysrq-trigger
}

# Write the dump the way distributions do and keep the capture kernel's
# view of memory for the host.
capture_dump() {
	fact capture.memtotal_kb "$(meminfo MemTotal)"
	makedumpfile -c -d 31 /proc/vmcore "$KX_OUT/vmcore.part"
	mv "$KX_OUT/vmcore.part" "$KX_OUT/vmcore"
}
