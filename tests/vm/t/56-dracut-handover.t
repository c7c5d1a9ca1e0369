#!/bin/bash
# The hand-over from the initramfs to the real root, end to end: an
# initramfs built by dracut 059 with 99kexeccma (plus rootfs-block) arms
# kdump with rd.kexeccma, mounts the Debian test root and switches to its
# systemd. There, before kdump-tools starts, the crash kernel is still
# loaded and "kexeccma start" with the same kernel, initrd and size does
# nothing; kdump-tools.service then starts without fighting it, its
# post-start step replaces the initramfs's crash kernel with
# kdump-config's own (its initrd and command line, at the size they
# need), and systemctl stop frees the area.
# shellcheck source=tests/vm/lib-disk.sh
. "$(dirname "$0")/../lib-disk.sh"

for tool in mmdebstrap mkfs.ext4 debugfs dracut; do
	command -v "$tool" >/dev/null || skip_all "$tool is not installed"
done

name=dracut-handover
out=$(kx_runs)/$name-build
rm -rf "$out"
mkdir -p "$out"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kexeccma-handover.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The crash kernel sits at the same path in the initramfs and in the root,
# with the same size and time. dracut copies it from that path on the
# host, so it is a host path too: one in the cache, outside the clone,
# because a clone under /tmp would put it where the root's
# systemd-tmpfiles empties /tmp at boot.
kernel=${KEXECCMA_CACHE:-/var/cache/kexeccma}/handover/vmlinuz
mkdir -p "$(dirname "$kernel")" "$tmp/extra$(dirname "$kernel")"
cp -a "$KX_KERNEL" "$kernel"
cp -a "$kernel" "$tmp/extra$kernel"
# kdump-tools' own udev rule unloads the crash kernel at the coldplug
# (kdumpctl-ext/integration/50-kdump-tools.rules says why): the hand-over
# needs the override an administrator installs.
mkdir -p "$tmp/extra/etc/udev/rules.d"
cp "$KX_TOP/kdumpctl-ext/integration/50-kdump-tools.rules" "$tmp/extra/etc/udev/rules.d/"
img=$(kx_runs)/$name.img
if ! KX_IMAGE_EXTRA=$tmp/extra "$KX_TOP/tests/distro/make-image" "$img" \
	>"$out/image.log" 2>&1; then
	not_ok "the Debian test image was built"
	sed 's/^/#   /' "$out/image.log" | tail -n 20
	done_testing
fi
ok "the Debian test image was built"

# dracut reads modules from $dracutbasedir/modules.d only: a private copy
# (symbolic links) with the module, so nothing is installed on the host.
mkdir -p "$tmp/base" "$tmp/conf.d"
cp -as /usr/lib/dracut/. "$tmp/base/"
cp -r "$KX_TOP/dracut/99kexeccma" "$tmp/base/modules.d/"
cp "$KX_TOP/dracut/99kexeccma/kexeccma.conf.example" "$tmp/conf.d/90-kexeccma.conf"
cat >>"$tmp/conf.d/90-kexeccma.conf" <<CONF
kexeccma_helper="$KX_TOP/kdumpctl-ext/kexeccma"
kexeccma_kernel="$kernel"
kexeccma_initrd=none
CONF
if dracutbasedir="$tmp/base" dracut --conf /dev/null --confdir "$tmp/conf.d" \
	--force --no-kernel --no-hostonly --no-early-microcode --gzip \
	-m "base rootfs-block udev-rules" "$out/initrd.img" 6.1-kexeccma-test \
	>"$out/dracut.log" 2>&1; then
	ok "dracut built an initramfs with 99kexeccma and rootfs-block"
else
	not_ok "dracut built an initramfs with 99kexeccma and rootfs-block"
	tail -n 10 "$out/dracut.log" | sed 's/^/#   /'
	done_testing
fi

size=192
vm_run_disk $name --disk "$img" --initrd "$out/initrd.img" --mem 1G \
	--timeout 300 --append "crashkernel=256M rd.kexeccma=${size}M"
check_disk_finished $name
check_log_clean $name
check "the initramfs hook armed kdump" \
	grep -q 'kexeccma: start done from the initramfs' "$KX_LOG"
is_fact pre.loaded 1 "on the root, before kdump-tools: the crash kernel is loaded"
is_fact pre.crash_size $((size << 20)) "on the root, before kdump-tools: ${size} MiB allocated"
check "the state survived the switch to the root" \
	grep -q '"loaded_by":"direct"' "$KX_RUN/out/pre-status.json"
is_fact start_again.rc 0 "kexeccma start with the same kernel, initrd and size succeeds"
check "... and does nothing (already-armed)" \
	grep -q '"result":"already-armed"' "$KX_RUN/out/start-again.json"
is_fact start_again.crash_size $((size << 20)) "... and leaves the area as it was"
is_fact kt.state active "kdump-tools.service started"
is_fact armed.loaded 1 "a crash kernel is loaded after kdump-tools started"
check "the drop-in kept the area instead of allocating before the start" \
	grep -q 'already loaded; keeping the area' "$KX_RUN/out/kdump-tools.journal"
check "then replaced the initramfs's crash kernel with kdump-config's own" \
	grep -q '"loaded_by":"kdump-config"' "$KX_RUN/out/armed-status.json"
aest=$(fact armed.estimate_mib)
is_fact armed.crash_size $((${aest:-0} << 20)) "at the size kdump-config's initrd needs ($aest MiB)"
is_fact stopped.crash_size 0 "systemctl stop kdump-tools frees the area"
is_fact stopped.loaded 0 "systemctl stop kdump-tools unloads"
is_fact test1.rc 0 "the guest script ran to the end"
diag "hand-over run: ${KX_ELAPSED}s under TCG"
done_testing
