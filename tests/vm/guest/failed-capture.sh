# shellcheck shell=sh
# Baseline kdump cycle on a classic crashkernel= reservation.
case $KX_ROLE in
first)
	fact first.crash_size "$(cat /sys/kernel/kexec_crash_size)"
	fact first.iomem_crash "$(grep -c 'Crash kernel' /proc/iomem)"
	load_crash_kernel
	fact first.loaded "$(cat /sys/kernel/kexec_crash_loaded)"
	crash_now
	;;
capture)
	capture_dump
	;;
esac
