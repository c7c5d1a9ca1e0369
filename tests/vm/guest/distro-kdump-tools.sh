# shellcheck shell=sh
# Debian's kdump-tools (and a kdump.service stand-in) on a crash CMA area,
# with the real systemd of a Debian 12 root. Run by the test image's
# kx-driver: KX_PHASE=probe before kdump-tools.service starts, test after
# it; KX_BOOT counts boots of the first kernel. Boot 1 checks the armed
# state and crashes; kdump-tools' own dump service saves the dump and
# reboots; boot 2 checks stop, a failed start, and the kdump.service
# drop-in. Facts only: the host decides.

crash_size() { cat /sys/kernel/kexec_crash_size; }
crash_loaded() { cat /sys/kernel/kexec_crash_loaded; }

# snap PREFIX: the crash area as the kernel shows it now.
snap() {
	fact "$1.crash_size" "$(crash_size)"
	fact "$1.loaded" "$(crash_loaded)"
	fact "$1.cmafree_kb" "$(meminfo CmaFree)"
	fact "$1.iomem_crash" "$(grep -c 'Crash kernel' /proc/iomem || true)"
}

# estimate BACKEND: the size kexeccma computes for that front end.
estimate() {
	kexeccma -q estimate --backend "$1" --json |
		sed -n 's/^{"size_mib":\([0-9]*\),.*/\1/p'
}

unit_state() {
	systemctl show -p ActiveState --value "$1"
}

journal() {
	journalctl -b --no-pager -o cat -u "$1" >"$KX_OUT/$2" 2>&1 || true
}

if [ "$KX_PHASE" = probe ]; then
	fact "boot$KX_BOOT.pre.capacity" "$(cat /sys/kernel/kexec_crash_cma_size)"
	snap "boot$KX_BOOT.pre"
	fact "boot$KX_BOOT.pre.kdump_tools" "$(unit_state kdump-tools.service)"
	return 0
fi

b=boot$KX_BOOT
fact "$b.kdump_tools" "$(unit_state kdump-tools.service)"
fact "$b.estimate_mib" "$(estimate kdump-config)"
snap "$b.armed"
kdump-config status >"$KX_OUT/$b-kdump-config-status.txt" 2>&1 || true
kexeccma status --json >"$KX_OUT/$b-kexeccma-status.json" 2>&1 || true
journal kdump-tools.service "$b-kdump-tools.journal"

if [ "$KX_BOOT" = 1 ]; then
	fact boot1.crashing 1
	crash_now
	sleep 30
	fact boot1.survived_crash 1
	return 1
fi

# Boot 2, back from the capture kernel.
ls -lR /var/crash >"$KX_OUT/var-crash.txt" 2>&1 || true

# Stop frees the area.
systemctl stop kdump-tools.service
fact stopped.kdump_tools "$(unit_state kdump-tools.service)"
snap stopped

# A start that cannot fit fails, allocates nothing, says why.
cp /etc/kexeccma.conf /run/kexeccma.conf.saved
echo "size = $(($(cat /sys/kernel/kexec_crash_cma_size) / 1048576 + 256))" \
	>>/etc/kexeccma.conf
rc=0
systemctl start kdump-tools.service || rc=$?
fact failstart.rc "$rc"
fact failstart.kdump_tools "$(unit_state kdump-tools.service)"
snap failstart
journal kdump-tools.service failstart-kdump-tools.journal
cp /run/kexeccma.conf.saved /etc/kexeccma.conf
systemctl reset-failed kdump-tools.service || true

# And a good start afterwards arms again.
rc=0
systemctl start kdump-tools.service || rc=$?
fact restart.rc "$rc"
snap restart

# A kdump initrd where there was none, then systemctl reload: the area
# follows what kdump-config now loads.
cp /etc/default/kdump-tools /run/kdump-tools.saved
echo "KDUMP_INITRD=/usr/local/share/kx/kdump-initrd.img" >>/etc/default/kdump-tools
rc=0
systemctl reload kdump-tools.service || rc=$?
fact ktreload.rc "$rc"
fact ktreload.estimate_mib "$(estimate kdump-config)"
snap ktreload
kexeccma status --json >"$KX_OUT/ktreload-status.json" 2>&1 || true
journal kdump-tools.service ktreload.journal
cp /run/kdump-tools.saved /etc/default/kdump-tools
systemctl stop kdump-tools.service || true
snap restart_stopped

# The kdump.service drop-in, with a stand-in kdumpctl (see the test
# image): no kdump initrd yet, so the drop-in builds it first.
rm -f "/var/lib/kdump/initramfs-$(uname -r)kdump.img"
rc=0
systemctl start kdump.service || rc=$?
fact kd.rc "$rc"
fact kd.state "$(unit_state kdump.service)"
fact kd.initrd_built "$(test -f "/var/lib/kdump/initramfs-$(uname -r)kdump.img" && echo 1 || echo 0)"
fact kd.estimate_mib "$(estimate kdumpctl)"
snap kd
kexeccma status --json >"$KX_OUT/kd-kexeccma-status.json" 2>&1 || true
systemctl stop kdump.service || true
fact kd_stopped.state "$(unit_state kdump.service)"
snap kd_stopped
journal kdump.service kd.journal

# kdumpctl rebuilds its initrd during start (larger): the drop-in's
# ExecStartPost reloads it at the size the new initrd needs.
touch /run/kx-standin-stale
rc=0
systemctl start kdump.service || rc=$?
rm -f /run/kx-standin-stale
fact kdgrow.rc "$rc"
fact kdgrow.estimate_mib "$(estimate kdumpctl)"
snap kdgrow
systemctl stop kdump.service || true
snap kdgrow_stopped
journal kdump.service kdgrow.journal
rm -f "/var/lib/kdump/initramfs-$(uname -r)kdump.img"
kdumpctl rebuild 2>/dev/null

# systemctl reload after the initrd went stale: kdumpctl reload rebuilds
# it (larger) inside the area as it is, then the drop-in resizes.
systemctl start kdump.service || true
snap kdreload_before
touch /run/kx-standin-stale
rc=0
systemctl reload kdump.service || rc=$?
rm -f /run/kx-standin-stale
fact kdreload.rc "$rc"
fact kdreload.estimate_mib "$(estimate kdumpctl)"
snap kdreload
journal kdump.service kdreload.journal
systemctl stop kdump.service || true
rm -f "/var/lib/kdump/initramfs-$(uname -r)kdump.img"
kdumpctl rebuild 2>/dev/null

# kdumpctl failing to load: the unit fails and nothing stays allocated.
touch /run/kx-standin-fail
rc=0
systemctl start kdump.service || rc=$?
rm -f /run/kx-standin-fail
fact kdfail.rc "$rc"
fact kdfail.state "$(unit_state kdump.service)"
snap kdfail
journal kdump.service kdfail.journal
systemctl reset-failed kdump.service || true

# Handover: a crash kernel already loaded by kexeccma (as the initramfs
# module does) stays armed while kdumpctl starts ("already running"),
# then the drop-in's post-start step replaces it with kdumpctl's own.
kexeccma start --backend direct --initrd none >"$KX_OUT/handover-start.log" 2>&1
snap handover_before
rc=0
systemctl start kdump.service || rc=$?
fact handover.rc "$rc"
fact handover.estimate_mib "$(estimate kdumpctl)"
snap handover
kexeccma status --json >"$KX_OUT/handover-status.json" 2>&1 || true
systemctl stop kdump.service || true
snap handover_stopped
journal kdump.service handover.journal
