# shellcheck shell=sh
# The demo: the crash area's memory figures at each step of a kdump cycle.
# In CMA mode (a kernel with CONFIG_KEXEC_CMA and crashkernel=) the area is
# armed, disarmed and armed again before the crash; on a classic kernel the
# reservation is simply loaded and crashed.
snapshot() {
	fact "demo.$1.memavailable_kb" "$(meminfo MemAvailable)"
	fact "demo.$1.cmafree_kb" "$(meminfo CmaFree)"
	fact "demo.$1.crash_size" "$(cat /sys/kernel/kexec_crash_size)"
	fact "demo.$1.loaded" "$(cat /sys/kernel/kexec_crash_loaded)"
	fact "demo.$1.iomem" "$(grep 'Crash kernel' /proc/iomem | tr -s ' ' | paste -sd ';')"
}

arm() {
	if [ -x "$KX_IN/kexeccma" ]; then
		"$KX_IN/kexeccma" start --size "$DEMO_MIB" \
			--kernel "$KX_KIMAGE" --initrd "$KX_IN/initrd.img" \
			--cmdline "$(capture_cmdline)" --backend direct
	else
		echo "$DEMO_MIB" >/sys/kernel/kexec_crash_size
		load_crash_kernel
	fi
}

disarm() {
	if [ -x "$KX_IN/kexeccma" ]; then
		"$KX_IN/kexeccma" stop --backend direct
	else
		kexec -p -u
		echo 0 >/sys/kernel/kexec_crash_size
	fi
}

case $KX_ROLE in
first)
	DEMO_MIB=160
	cma=$(cat /sys/kernel/kexec_crash_cma_size 2>/dev/null || echo 0)
	fact demo.cma_capacity "$cma"
	snapshot boot
	if [ "$cma" -gt 0 ]; then
		arm
		snapshot armed
		disarm
		snapshot disarmed
		arm
	else
		load_crash_kernel
	fi
	snapshot crash
	crash_now
	;;
capture)
	capture_dump
	;;
esac
