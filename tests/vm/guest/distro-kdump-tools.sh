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
kexeccma estimate --backend kdump-config >"$KX_OUT/$b-estimate.txt" 2>&1 || true
snap "$b.armed"
kdump-config status >"$KX_OUT/$b-kdump-config-status.txt" 2>&1 || true
kexeccma status --json >"$KX_OUT/$b-kexeccma-status.json" 2>&1 || true
journal kdump-tools.service "$b-kdump-tools.journal"

if [ "$KX_BOOT" = 1 ]; then
	# The load the crash will use (the purge at the end of boot 2 loads
	# again, without the drop-in).
	cp /var/crash/kexec_cmd "$KX_OUT/boot1-kexec_cmd" 2>/dev/null || true
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

# The package: installed by dpkg from the .deb (see make-image). Upgrade
# it while kdump-tools is armed through it: nothing may be restarted, the
# area and the loaded kernel stay (re-arming can fail once pages are
# pinned). Then remove and purge it while armed: its prerm stops
# kdump-tools through systemd, whose drop-in frees the area; afterwards
# nothing of it is left and kdump-tools is as Debian ships it.
fact pkg.version "$(dpkg-query -W -f='${Version}' kexeccma 2>/dev/null || true)"
fact pkg.status "$(dpkg-query -W -f='${db:Status-Abbrev}' kexeccma 2>/dev/null | tr -d ' ' || true)"
dpkg-query -L kexeccma >"$KX_OUT/pkg-files.txt" 2>&1 || true
fact pkg.files "$(wc -l <"$KX_OUT/pkg-files.txt")"
rc=0
systemctl start kdump-tools.service || rc=$?
fact preupgrade.rc "$rc"
snap preupgrade
started=$(systemctl show -p ActiveEnterTimestampMonotonic --value kdump-tools.service)
# --since takes whole seconds: let the start's last line fall before it.
sleep 1
since=$(date +%s)
rc=0
dpkg -i "$KX_IN/kexeccma-upgrade.deb" >"$KX_OUT/upgrade.log" 2>&1 || rc=$?
fact upgrade.rc "$rc"
fact upgrade.version "$(dpkg-query -W -f='${Version}' kexeccma 2>/dev/null || true)"
fact upgrade.kdump_tools "$(unit_state kdump-tools.service)"
fact upgrade.restarted "$([ "$(systemctl show -p ActiveEnterTimestampMonotonic --value kdump-tools.service)" = "$started" ] && echo 0 || echo 1)"
snap upgraded
journalctl -b --no-pager -o cat -u kdump-tools.service --since "@$since" \
	>"$KX_OUT/upgrade.journal" 2>&1 || true
rc=0
systemctl start kdump-tools.service || rc=$?
fact prepurge.rc "$rc"
snap prepurge
rc=0
dpkg --purge kexeccma >"$KX_OUT/purge.log" 2>&1 || rc=$?
fact purge.rc "$rc"
fact purge.kdump_tools "$(unit_state kdump-tools.service)"
snap purged
fact purge.status "$(dpkg-query -W -f='${db:Status-Abbrev}' kexeccma 2>/dev/null | tr -d ' ' || true)"
# Whatever the package listed and no other package owns must be gone.
: >"$KX_OUT/purge-left.txt"
while read -r f; do
	if [ ! -e "$f" ] || [ "$f" = /. ]; then
		continue
	elif [ -d "$f" ] && dpkg-query -S "$f" >/dev/null 2>&1; then
		continue
	fi
	echo "$f" >>"$KX_OUT/purge-left.txt"
done <"$KX_OUT/pkg-files.txt"
for f in /etc/kexeccma.conf /run/kexeccma.state /run/kexeccma.lock /var/lib/kexeccma; do
	if [ -e "$f" ]; then
		echo "$f" >>"$KX_OUT/purge-left.txt"
	fi
done
fact purge.left "$(wc -l <"$KX_OUT/purge-left.txt")"
fact purge.dropins "$(systemctl show -p DropInPaths --value kdump-tools.service kdump.service | tr -d '\n')"

# kdump-tools as shipped, on memory allocated by hand (as without
# kexeccma): start loads, stop unloads and frees nothing. (The purge's
# own lines fall before the second of --since.)
sleep 1
since=$(date +%s)
# The purge has just written many files, and 6.12 failed this allocation
# with ENOMEM once here, as it fails allocations from an area whose page
# cache is being written (docs/benchmarks.md, "writer"). Write back first
# and retry as kexeccma does; the attempts are recorded.
sync
n=1
until echo 192 >/sys/kernel/kexec_crash_size 2>/dev/null; do
	[ "$n" -lt 5 ] || break
	n=$((n + 1))
	sleep 1
	sync
done
fact shipped.alloc_attempts "$n"
rc=0
systemctl start kdump-tools.service || rc=$?
fact shipped.rc "$rc"
fact shipped.kdump_tools "$(unit_state kdump-tools.service)"
snap shipped
systemctl stop kdump-tools.service || true
snap shipped_stopped
journalctl -b --no-pager -o cat -u kdump-tools.service --since "@$since" \
	>"$KX_OUT/shipped.journal" 2>&1 || true
echo 0 >/sys/kernel/kexec_crash_size
snap shipped_freed
