# shellcheck shell=sh
# 99kexeccma armed kdump in the cmdline hook before this test hook ran:
# record what the initramfs sees before it would hand over, then crash.
case $KX_ROLE in
first)
	fact first.crash_size "$(cat /sys/kernel/kexec_crash_size)"
	fact first.loaded "$(cat /sys/kernel/kexec_crash_loaded)"
	fact first.capacity "$(cat /sys/kernel/kexec_crash_cma_size)"
	for h in /usr/lib/dracut/hooks/cmdline/*.sh; do
		printf '%s\n' "${h##*/}"
	done >"$KX_OUT/cmdline-hooks.txt"
	fact_file state /run/kexeccma.state
	/usr/sbin/kexeccma status --json >"$KX_OUT/status.json" 2>&1 || true
	/usr/sbin/kexeccma -q estimate --backend direct \
		--kernel "$(sed -n 's/^kernel=//p' /run/kexeccma.state)" \
		--initrd "$(sed -n 's/^initrd=//p' /run/kexeccma.state)" \
		--json >"$KX_OUT/estimate.json" 2>&1 || true
	crash_now
	;;
capture)
	fact capture.cmdline "$(cat /proc/cmdline)"
	capture_dump
	;;
esac
