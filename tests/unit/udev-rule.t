#!/bin/bash
# The kdump-tools udev rule override (kdumpctl-ext/integration/
# 50-kdump-tools.rules) under "udevadm test", with no guest: each case
# runs in a private mount namespace where tmpfs mounts hide this
# machine's rules and /sys, and a made-up /sys holds one CPU or memory
# block whose parent has crash_hotplug 1, 0 or none. Root only.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
rule=$top/kdumpctl-ext/integration/50-kdump-tools.rules
want="/bin/systemctl --no-block try-restart kdump-tools.service"
n=0
failed=0

if [ "$(id -u)" != 0 ] || ! command -v udevadm >/dev/null ||
	! unshare -m --propagation private true 2>/dev/null; then
	echo "1..0 # SKIP needs root, udevadm and unshare -m"
	exit 0
fi

# runs SUBSYSTEM DEVICE ACTION HOTPLUG: what udev would RUN for ACTION
# on /sys/devices/system/SUBSYSTEM/DEVICE, with crash_hotplug HOTPLUG
# (none: no such attribute) on /sys/devices/system/SUBSYSTEM.
runs() {
	# shellcheck disable=SC2016 # expanded by the inner shell
	SYSTEMD_DEVICE_VERIFY_SYSFS=0 unshare -m --propagation private sh -c '
		set -e
		mount -t tmpfs kexeccma-test /etc/udev/rules.d
		mount -t tmpfs kexeccma-test /usr/lib/udev/rules.d
		cp "$0" /etc/udev/rules.d/
		mount -t tmpfs kexeccma-test /sys
		dev=/sys/devices/system/$1
		mkdir -p "$dev/$2" "/sys/bus/$1"
		: >"$dev/uevent"
		: >"$dev/$2/uevent"
		ln -s "../../../../bus/$1" "$dev/$2/subsystem"
		[ "$4" = none ] || echo "$4" >"$dev/crash_hotplug"
		udevadm test --action="$3" "$dev/$2" 2>/dev/null
		' "$rule" "$@" | sed -n "s/^run: '\(.*\)'$/\1/p"
}

# case SUBSYSTEM DEVICE ACTION HOTPLUG EXPECTED
case_() {
	local got
	got=$(runs "$1" "$2" "$3" "$4")
	n=$((n + 1))
	if [ "$got" = "$5" ]; then
		echo "ok $n - $1 $3, crash_hotplug $4: ${5:-nothing run}"
	else
		failed=1
		echo "not ok $n - $1 $3, crash_hotplug $4: ${5:-nothing run}"
		echo "#  got: ${got:-nothing}"
	fi
}

for action in add online remove; do
	case_ cpu cpu1 "$action" none "$want"
	case_ cpu cpu1 "$action" 0 "$want"
	case_ cpu cpu1 "$action" 1 ""
done
for action in online offline; do
	case_ memory memory32 "$action" none "$want"
	case_ memory memory32 "$action" 0 "$want"
	case_ memory memory32 "$action" 1 ""
done
case_ cpu cpu1 change none ""
case_ memory memory32 add none ""
echo "1..$n"
exit "$failed"
