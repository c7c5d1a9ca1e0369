#!/bin/bash
# Debian 12 with systemd and kdump-tools as shipped, plus this project's
# kexeccma package installed by dpkg from the .deb, booted from a disk
# image on the patched kernel with a crash CMA area. The kdump-tools.service drop-in must allocate before
# kdump-config loads and free after it unloads; a panic must be saved by
# kdump-tools' own dump service under /var/crash, read here from the
# image; a start that cannot fit must fail cleanly. The same boot checks
# the kdump.service drop-in's unit logic against a stand-in kdumpctl
# (kdump-utils is not packaged by Debian), with the real systemd. At the
# end the package is upgraded while armed (nothing restarted, the area
# and the loaded kernel kept), then purged while armed: kdump-tools is
# stopped, the area freed, nothing of the package is left, and
# kdump-tools works as shipped.
# shellcheck source=tests/vm/lib-disk.sh
. "$(dirname "$0")/../lib-disk.sh"

for tool in mmdebstrap mkfs.ext4 debugfs; do
	command -v "$tool" >/dev/null || skip_all "$tool is not installed"
done

name=distro-kdump-tools
runs=$(kx_runs)
img=$runs/$name.img
mkdir -p "$runs"
start=$(date +%s)
if ! "$KX_TOP/tests/distro/make-image" "$img" >"$runs/$name-image.log" 2>&1; then
	not_ok "the Debian test image was built"
	sed 's/^/#   /' "$runs/$name-image.log" | tail -n 20
	done_testing
fi
ok "the Debian test image was built in $(($(date +%s) - start))s"

# The package make-image installed, at a later Debian revision, for the
# upgrade the guest does while kdump-tools is armed through it.
debver=$(dpkg-parsechangelog -l "$KX_TOP/debian/changelog" -S Version)
upver=$debver+upgrade1
deb=$KX_TOP/build/deb/kexeccma_${debver}_$(dpkg-architecture -qDEB_HOST_ARCH).deb
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kexeccma-distro.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/in"
# (Read under the lock of the package builds: tests/deb.t may run beside.)
if flock -s "$KX_TOP/build/.deb.lock" dpkg-deb -R "$deb" "$tmp/pkg" &&
	sed -i "s/^Version: .*/Version: $upver/" "$tmp/pkg/DEBIAN/control" &&
	dpkg-deb -b "$tmp/pkg" "$tmp/in/kexeccma-upgrade.deb" >/dev/null; then
	ok "kexeccma $upver repacked for the upgrade"
else
	not_ok "kexeccma $upver repacked for the upgrade"
fi
export KX_EXTRA_IN=$tmp/in

area=256
# Measured: 140 s on an idle 2-core host, 210 s at load 4.5, 380 s at
# load 13 (other VMs running); three systemd boots under TCG.
vm_run_disk $name --disk "$img" --mem 1G --smp 1 --timeout 600 \
	--append "crashkernel=${area}M"
check_disk_finished $name
check_log_clean $name
is "$KX_BOOTS" 3 "three kernels booted: first, capture, first again"

# Before kdump-tools starts, on either boot: a CMA area, nothing taken.
is_fact boot1.pre.capacity $((area << 20)) "the crash CMA area holds ${area} MiB"
is_fact boot1.pre.kdump_tools inactive "probe ran before kdump-tools started"
is_fact boot1.pre.crash_size 0 "boot 1: nothing allocated before kdump-tools starts"
is_fact boot1.pre.loaded 0 "boot 1: nothing loaded before kdump-tools starts"
is_fact boot2.pre.crash_size 0 "boot 2: nothing allocated before kdump-tools starts"

# Armed by the unchanged kdump-tools, at the helper's size.
est=$(fact boot1.estimate_mib)
check "the helper estimated a size for kdump-config ($est MiB)" test -n "$est"
is_fact boot1.kdump_tools active "boot 1: kdump-tools.service is active"
is_fact boot1.armed.crash_size $((est << 20)) "boot 1: the area holds the helper's $est MiB"
is_fact boot1.armed.loaded 1 "boot 1: kdump-config loaded the crash kernel"
check "boot 1: kdump-config status says ready to kdump" \
	grep -q 'current state *: ready to kdump' "$KX_RUN/out/boot1-kdump-config-status.txt"
is_fact boot1.rc "" "boot 1 never returned from sysrq-c"

# The capture: kdump-tools-dump.service saved the dump on the root disk.
crash=$KX_RUN/var-crash
disk_rdump "$img" /var/crash "$crash"
check "kdump-config loaded with cma=0 on the capture command line" \
	grep -q ' cma=0 ' "$KX_RUN/out/boot1-kexec_cmd"
check "the capture kernel booted with systemd.unit=kdump-tools-dump.service" \
	grep -q 'Command line:.*systemd.unit=kdump-tools-dump.service' "$KX_LOG"
dump=$(find "$crash" -name 'dump.*' -type f ! -name '*.kdump' | head -n 1)
check_dump_file "kdump-tools" "$dump"
check "kdump-tools also saved the panic's kernel log" \
	grep -qs 'sysrq triggered crash' "$(dirname "${dump:-/nonexistent}")"/dmesg.*

# Back in the first kernel, armed again by the boot.
is_fact boot2.kdump_tools active "boot 2: kdump-tools.service is active again"
# The capture left its record: boot 2 sizes from the measured peak.
est2=$(fact boot2.estimate_mib)
check "boot 2: the estimate comes from the capture's record ($est2 MiB, model $est MiB)" \
	grep -q '^source: measured in the capture of' "$KX_RUN/out/boot2-estimate.txt"
is_fact boot2.armed.crash_size $((${est2:-0} << 20)) "boot 2: armed again at $est2 MiB"
is_fact boot2.armed.loaded 1 "boot 2: crash kernel loaded again"

# systemctl stop kdump-tools frees the area.
is_fact stopped.kdump_tools inactive "stop: kdump-tools.service is inactive"
is_fact stopped.crash_size 0 "stop: nothing allocated"
is_fact stopped.loaded 0 "stop: nothing loaded"
is_fact stopped.iomem_crash 0 "stop: no Crash kernel range in /proc/iomem"
freed=$(( $(fact stopped.cmafree_kb) - $(fact boot2.armed.cmafree_kb) ))
check "stop: CmaFree grew by the area (${freed} kB, want >= $(( (${est2:-0} - 16) << 10 )) kB)" \
	test "$freed" -ge $(( (${est2:-0} - 16) << 10 ))

# A start that cannot fit: failed unit, nothing allocated, a clear line.
check "failed start: systemctl start reported failure" test "$(fact failstart.rc)" != 0
is_fact failstart.kdump_tools failed "failed start: kdump-tools.service is failed"
is_fact failstart.crash_size 0 "failed start: nothing allocated"
is_fact failstart.loaded 0 "failed start: nothing loaded"
check "failed start: the journal says the size exceeds the area" \
	grep -q 'exceeds the crash CMA area' "$KX_RUN/out/failstart-kdump-tools.journal"
is_fact restart.rc 0 "a good start after the failure arms again"
is_fact restart.crash_size $((${est2:-0} << 20)) "restart: the area holds $est2 MiB again"
rest=$(fact ktreload.estimate_mib)
is_fact ktreload.rc 0 "reload: systemctl reload kdump-tools succeeds"
check "reload: the new initrd needs more ($rest MiB > $est2 MiB)" \
	test "${rest:-0}" -gt "${est2:-0}"
is_fact ktreload.crash_size $((${rest:-0} << 20)) "reload: the area holds what the new initrd needs"
is_fact ktreload.loaded 1 "reload: kdump-config loaded again"
check "reload: kexeccma records kdump-config as the loader" \
	grep -q '"loaded_by":"kdump-config"' "$KX_RUN/out/ktreload-status.json"
is_fact restart_stopped.crash_size 0 "restart: stop frees it again"

# kdump.service drop-in with a stand-in kdumpctl, real systemd.
kest=$(fact kd.estimate_mib)
check "kdump.service: the helper estimated a size for kdumpctl ($kest MiB)" test -n "$kest"
is_fact kd.rc 0 "kdump.service: started"
is_fact kd.state active "kdump.service: active"
is_fact kd.initrd_built 1 "kdump.service: the missing kdump initrd was built first"
check "kdump.service: the journal shows the rebuild ran before the allocation" \
	grep -q 'building it first (kdumpctl rebuild)' "$KX_RUN/out/kd.journal"
is_fact kd.crash_size $((kest << 20)) "kdump.service: the area holds the helper's $kest MiB"
is_fact kd.loaded 1 "kdump.service: kdumpctl loaded the crash kernel"
check "kdump.service: kexeccma records kdumpctl as the loader" \
	grep -q '"loaded_by":"kdumpctl"' "$KX_RUN/out/kd-kexeccma-status.json"
is_fact kd_stopped.crash_size 0 "kdump.service: stop frees the area"
is_fact kd_stopped.loaded 0 "kdump.service: stop unloads"
gest=$(fact kdgrow.estimate_mib)
is_fact kdgrow.rc 0 "kdump.service: started with an initrd rebuilt during start"
check "kdump.service: the rebuilt initrd needs more ($gest MiB > $kest MiB)" \
	test "${gest:-0}" -gt "${kest:-0}"
is_fact kdgrow.crash_size $((${gest:-0} << 20)) "kdump.service: ExecStartPost resized the area to $gest MiB"
is_fact kdgrow.loaded 1 "kdump.service: and kdumpctl loaded again"
check "kdump.service: the journal shows the reload" \
	grep -q 'to resize and reload' "$KX_RUN/out/kdgrow.journal"
is_fact kdgrow_stopped.crash_size 0 "kdump.service: stop frees the resized area"
is_fact kdreload_before.crash_size $((${kest:-0} << 20)) "kdump.service reload: armed at $kest MiB before"
is_fact kdreload.rc 0 "kdump.service reload: systemctl reload succeeds"
is_fact kdreload.crash_size $((${gest:-0} << 20)) "kdump.service reload: the area follows the rebuilt initrd ($gest MiB)"
is_fact kdreload.loaded 1 "kdump.service reload: kdumpctl loaded again"
check "kdump.service reload: the journal shows the resize" \
	grep -q 'to resize and reload' "$KX_RUN/out/kdreload.journal"
check "kdump.service: a failed kdumpctl start fails the unit" test "$(fact kdfail.rc)" != 0
is_fact kdfail.state failed "kdump.service: failed unit after a failed load"
is_fact kdfail.crash_size 0 "kdump.service: nothing allocated after a failed load"
is_fact handover_before.loaded 1 "handover: a crash kernel was loaded before the service"
is_fact handover.rc 0 "handover: kdump.service starts"
hest=$(fact handover.estimate_mib)
is_fact handover.crash_size $((${hest:-0} << 20)) "handover: the area holds what kdumpctl's initrd needs ($hest MiB)"
is_fact handover.loaded 1 "handover: a crash kernel is loaded"
check "handover: it is kdumpctl's own, not the one loaded before" \
	grep -q '"loaded_by":"kdumpctl"' "$KX_RUN/out/handover-status.json"
check "handover: the journal says the post-start step replaced it" \
	grep -q "replacing the crash kernel loaded from the initramfs with kdumpctl's own" \
	"$KX_RUN/out/handover.journal"
is_fact handover_stopped.crash_size 0 "handover: stop frees the area"

# The package as dpkg installed it, upgraded and then purged while
# kdump-tools was armed through it.
is_fact pkg.version "$debver" "the root runs kexeccma $debver, installed by dpkg"
is_fact pkg.status ii "dpkg lists kexeccma as installed"
check "dpkg lists the package's files ($(fact pkg.files) paths)" \
	test "$(fact pkg.files)" -ge 10
is_fact preupgrade.crash_size $((${est2:-0} << 20)) "upgrade: kdump-tools armed at $est2 MiB before it"
is_fact upgrade.rc 0 "upgrade: dpkg -i kexeccma $upver succeeds"
is_fact upgrade.version "$upver" "upgrade: dpkg lists kexeccma $upver"
is_fact upgrade.kdump_tools active "upgrade: kdump-tools.service is still active"
is_fact upgrade.restarted 0 "upgrade: kdump-tools.service was not restarted"
is_fact upgraded.crash_size $((${est2:-0} << 20)) "upgrade: the area still holds $est2 MiB"
is_fact upgraded.loaded 1 "upgrade: the crash kernel is still loaded"
is "$(grep -cE '^kexeccma:' "$KX_RUN/out/upgrade.journal")" 0 \
	"upgrade: the drop-in did not run (nothing freed or allocated)"
is_fact prepurge.crash_size $((${est2:-0} << 20)) "purge: kdump-tools armed at $est2 MiB before it"
is_fact purge.rc 0 "purge: dpkg --purge kexeccma succeeds"
is_fact purge.kdump_tools inactive "purge: kdump-tools was stopped, not left active"
is_fact purged.loaded 0 "purge: nothing loaded after it"
is_fact purged.crash_size 0 "purge: the drop-in freed the area before it went"
check "purge: dpkg no longer knows kexeccma ('$(fact purge.status)')" \
	grep -qxE 'pn|' <<<"$(fact purge.status)"
is_fact purge.left 0 "purge: nothing of the package is left"
sed 's/^/#   left: /' "$KX_RUN/out/purge-left.txt" 2>/dev/null
is_fact purge.dropins "" "purge: kdump-tools and kdump.service have no drop-in left"
diag "shipped: 192 MiB allocated by hand in $(fact shipped.alloc_attempts) attempt(s)"
is_fact shipped.rc 0 "shipped: kdump-tools starts on memory allocated by hand"
is_fact shipped.kdump_tools active "shipped: kdump-tools.service is active"
is_fact shipped.loaded 1 "shipped: kdump-config loaded the crash kernel"
is_fact shipped.crash_size $((192 << 20)) "shipped: in the 192 MiB allocated by hand"
check "shipped: kdump-config's own log says it loaded" \
	grep -q 'loaded kdump kernel' "$KX_RUN/out/shipped.journal"
is "$(grep -cE '^kexeccma:|kdump-service' "$KX_RUN/out/shipped.journal")" 0 \
	"shipped: nothing of kexeccma runs with kdump-tools"
is_fact shipped_stopped.loaded 0 "shipped: stop unloads"
is_fact shipped_stopped.crash_size $((192 << 20)) "shipped: and frees nothing, as without kexeccma"
is_fact shipped_freed.crash_size 0 "shipped: echo 0 frees the area"
is_fact test2.rc 0 "boot 2's guest script ran to the end"
diag "Debian kdump-tools cycle: ${KX_ELAPSED}s under TCG"
done_testing
