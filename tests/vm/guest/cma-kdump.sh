# shellcheck shell=sh
# A full kdump cycle on crash kernel memory taken from CMA: allocate
# kxcma.size MiB, load with kexec_load (or kexec_file_load with
# kxcma.load=-s), crash, and in the capture kernel write the dump and
# record the size of /proc/vmcore.
# shellcheck source=tests/vm/guest/cma-lib.sh
. "$KX_TESTS/guest/cma-lib.sh"
case $KX_ROLE in
first)
	fact first.cma_size "$(cat /sys/kernel/kexec_crash_cma_size)"
	state boot
	wr alloc "$(kx_arg kxcma.size)"
	state alloc
	fact first.ram_bytes "$(sys_ram_bytes)"
	# shellcheck disable=SC2046
	load_crash_kernel $(kx_arg kxcma.load || true)
	fact first.loaded "$(cat /sys/kernel/kexec_crash_loaded)"
	crash_now
	;;
capture)
	fact capture.vmcore_bytes "$(stat -c %s /proc/vmcore)"
	fact capture.vmcore_loads "$(vmcore_loads)"
	capture_dump
	;;
esac
