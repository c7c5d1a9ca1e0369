# shellcheck shell=sh
# Benchmark (bench/run, sizing): one capture attempt at one crash size.
# bench.size=MiB|auto (auto: what `kexeccma estimate` recommends here) and
# bench.load=kexec|file (kexec_load or kexec_file_load) come from the
# kernel command line; kexeccma comes from the in share. The host decides
# from the dump whether the capture worked.
# shellcheck source=tests/vm/guest/bench-lib.sh
. "$KX_TESTS/guest/bench-lib.sh"

# bench.rootfs=ramfs puts a root= on the capture command line, as
# distributions' kdump command lines usually have: the kernel then unpacks
# the initramfs into ramfs instead of a tmpfs capped at half of RAM.
if [ "$(bench_arg bench.rootfs || true)" = ramfs ]; then
	# shellcheck disable=SC2034 # read by capture_cmdline (guest/lib.sh)
	KX_CAPTURE_APPEND="root=/dev/kx-no-such-disk"
fi

case $KX_ROLE in
first)
	size=$(bench_arg bench.size)
	load=$(bench_arg bench.load)
	fact bench.memtotal_kb "$(meminfo MemTotal)"
	fact bench.cpus "$(cat /sys/devices/system/cpu/online)"
	est=$(bench_estimate)
	fact bench.estimate_mib "$est"
	[ "$size" = auto ] && size=$est
	echo "$size" >/sys/kernel/kexec_crash_size
	fact bench.crash_size "$(cat /sys/kernel/kexec_crash_size)"
	if [ "$load" = file ]; then
		load_crash_kernel -s
	else
		load_crash_kernel
	fi
	fact bench.loaded "$(cat /sys/kernel/kexec_crash_loaded)"
	# Crash on CPU 0: this ACPI-less guest kernel learns its CPUs from the
	# MP table, and a capture kernel started on another CPU stops at
	# BUG_ON(!apic_id_registered()) in setup_local_APIC(), whatever the
	# crash size.
	sync
	taskset 1 sh -c 'echo c >/proc/sysrq-trigger'

	;;
capture)
	capture_dump
	;;
esac
