# shellcheck shell=sh
# The initramfs (dracut module 99kexeccma, rd.kexeccma) armed kdump before
# the switch to this Debian root. Before kdump-tools starts: the crash
# kernel is loaded and "kexeccma start" with the same kernel, initrd and
# size is a no-op. After kdump-tools started: the drop-in kept the area
# while kdump-config started, then replaced the initramfs's crash kernel
# with kdump-config's own, at the size its initrd needs.
# Then systemctl stop frees it. Run by the test image's kx-driver.
snap() {
	fact "$1.crash_size" "$(cat /sys/kernel/kexec_crash_size)"
	fact "$1.loaded" "$(cat /sys/kernel/kexec_crash_loaded)"
}

if [ "$KX_PHASE" = probe ]; then
	snap pre
	cp /run/kexeccma.state "$KX_OUT/state" 2>/dev/null || true
	kexeccma status --json >"$KX_OUT/pre-status.json" 2>&1 || true
	journalctl -b -k --no-pager -o cat >"$KX_OUT/kernel.log" 2>&1 || true
	rc=0
	kexeccma --json start --backend direct \
		--size "$(sed -n 's/^size_mib=//p' /run/kexeccma.state)" \
		--kernel "$(sed -n 's/^kernel=//p' /run/kexeccma.state)" \
		--initrd none >"$KX_OUT/start-again.json" 2>"$KX_OUT/start-again.err" ||
		rc=$?
	fact start_again.rc "$rc"
	snap start_again
	return 0
fi

fact kt.state "$(systemctl show -p ActiveState --value kdump-tools.service)"
snap armed
kexeccma status --json >"$KX_OUT/armed-status.json" 2>&1 || true
fact armed.estimate_mib "$(kexeccma -q estimate --backend kdump-config --json |
	sed -n 's/^{"size_mib":\([0-9]*\),.*/\1/p')"
journalctl -b --no-pager -o cat -u kdump-tools.service >"$KX_OUT/kdump-tools.journal" 2>&1 || true
systemctl stop kdump-tools.service
snap stopped
