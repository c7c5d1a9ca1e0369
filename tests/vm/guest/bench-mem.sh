# shellcheck shell=sh
# Benchmark (bench/run, memory given back): the first kernel's memory
# figures at boot and, with bench.arm (CMA mode), once `kexeccma start`
# has armed kdump at the estimate. No crash.
# shellcheck source=tests/vm/guest/bench-lib.sh
. "$KX_TESTS/guest/bench-lib.sh"

snapshot() {
	fact "mem.$1.memtotal_kb" "$(meminfo MemTotal)"
	fact "mem.$1.memavailable_kb" "$(meminfo MemAvailable)"
	fact "mem.$1.memfree_kb" "$(meminfo MemFree)"
	fact "mem.$1.cmafree_kb" "$(meminfo CmaFree)"
	fact "mem.$1.crash_size" "$(cat /sys/kernel/kexec_crash_size)"
}

case $KX_ROLE in
first)
	snapshot boot
	if bench_arg bench.arm >/dev/null; then
		fact mem.estimate_mib "$(bench_estimate)"
		"$KX_IN/kexeccma" start --size auto --kernel "$KX_IN/bzImage" \
			--initrd "$KX_IN/initrd.img" --cmdline "$(capture_cmdline)" \
			--backend direct
		fact mem.loaded "$(cat /sys/kernel/kexec_crash_loaded)"
		snapshot armed
	fi
	;;
esac
