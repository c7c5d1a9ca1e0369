# shellcheck shell=sh
# The drop-ins on a classic crashkernel= reservation (crashkernel_cma=off):
# kdump-tools and the kdump.service stand-in must behave as shipped, and
# nothing may ever write kexec_crash_size (which would shrink the
# reservation for good). Run by the test image's kx-driver.
snap() {
	fact "$1.crash_size" "$(cat /sys/kernel/kexec_crash_size)"
	fact "$1.loaded" "$(cat /sys/kernel/kexec_crash_loaded)"
}

if [ "$KX_PHASE" = probe ]; then
	fact pre.capacity "$(cat /sys/kernel/kexec_crash_cma_size)"
	snap pre
	return 0
fi

fact kt.state "$(systemctl show -p ActiveState --value kdump-tools.service)"
snap armed
kdump-config status >"$KX_OUT/kdump-config-status.txt" 2>&1 || true
systemctl stop kdump-tools.service
snap stopped
journalctl -b --no-pager -o cat -u kdump-tools.service >"$KX_OUT/kdump-tools.journal" 2>&1 || true

rc=0
systemctl start kdump.service || rc=$?
fact kd.rc "$rc"
snap kd
systemctl stop kdump.service || true
snap kd_stopped
journalctl -b --no-pager -o cat -u kdump.service >"$KX_OUT/kd.journal" 2>&1 || true
