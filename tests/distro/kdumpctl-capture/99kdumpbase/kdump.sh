#!/bin/sh
# Test image only: what kdump-utils' kdump.sh does for a dump to the root
# file system (its default target), in the few steps the sizing tests
# need. The root is mounted at /sysroot by the initramfs's fstab (mkdumprd
# --mount), before kdump-capture.service starts; the dump goes to
# /sysroot/<path>/127.0.0.1-<date>/vmcore (kdump.conf's "path", kdumpctl's
# folder name and default makedumpfile options, -l -d 31) with the kernel
# log beside it, and the final action is "systemctl reboot -f". Nothing
# here knows about kexeccma: its recorder comes from dracut module
# 99kexeccma-record, ordered before this service.
target=/sysroot
path=/var/crash
while read -r opt val _; do
	[ "$opt" = path ] && [ -n "$val" ] && path=$val
done </etc/kdump.conf
mounted=
while read -r _dev mnt _rest; do
	[ "$mnt" = "$target" ] && mounted=1
done </proc/mounts
if [ -z "$mounted" ]; then
	echo "kdump.sh (test): $target is not mounted" >/dev/kmsg
	systemctl reboot -f
	exit 1
fi
dir=$target$path/127.0.0.1-$(date +%Y-%m-%d-%H:%M:%S)
mkdir -p "$dir"
if makedumpfile -l --message-level 7 -d 31 /proc/vmcore "$dir/vmcore-incomplete"; then
	sync
	mv "$dir/vmcore-incomplete" "$dir/vmcore"
	echo "kdump.sh (test): saved vmcore in $dir" >/dev/kmsg
else
	echo "kdump.sh (test): makedumpfile failed" >/dev/kmsg
fi
makedumpfile --dump-dmesg /proc/vmcore "$dir/vmcore-dmesg.txt" || true
sync
# systemd's shutdown sends TERM to what still runs (the recorder writes
# its last record then) before it unmounts /sysroot.
systemctl reboot -f
