#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# kexeccma: start the capture recorder in kdumpctl's (kdump-utils) kdump
# initramfs, with the dump folders and the arm file where that capture
# has them (kexeccma-capture-record.service, dracut module
# 99kexeccma-record).
#
# kdump.sh saves a dump to a file system at <mount>/<path>/<host>-<date>/:
# <path> is kdump.conf's "path" (/var/crash by default; mkdumprd already
# made it relative to the target's file system), and <mount> is /sysroot
# when the target is the root file system (the default) or /kdumproot/...
# for any other one (get_kdump_mntpoint_from_target in kdump-lib.sh). The
# recorder watches <path> below each of them and records into the first
# new folder. What was armed comes from the root's /var/lib/kexeccma/armed,
# which only a mounted root has (a dump to the root, or another target
# with "failure_action dump_to_rootfs"); without it nothing is recorded.
# Never fails: the capture goes on without a record.

say() {
	echo "kexeccma kdump-capture-record: $*" >&2
}

path=/var/crash
if [ -r /etc/kdump.conf ]; then
	while read -r opt val _; do
		[ "$opt" = path ] && [ -n "$val" ] && path=$val
	done </etc/kdump.conf
fi
case $path in
/*) ;;
*) path=/$path ;;
esac
path=${path%/}

root=
tops=
while read -r _dev mnt _rest; do
	case $mnt in
	/sysroot) root=1 tops="$tops $mnt$path" ;;
	/kdumproot | /kdumproot/*) tops="$tops $mnt$path" ;;
	esac
done </proc/mounts

if [ -z "$tops" ]; then
	say "no dump target mounted at /sysroot or /kdumproot (a raw or ssh target): nothing recorded"
	exit 0
fi
if [ -z "$root" ] && [ -z "${KEXECCMA_ARMED:-}" ]; then
	say "the root file system is not mounted (the dump target is another one): nothing recorded"
	exit 0
fi
export KEXECCMA_ARMED="${KEXECCMA_ARMED:-/sysroot/var/lib/kexeccma/armed}"
# shellcheck disable=SC2086 # a list of folders, without blanks
/usr/lib/kexeccma/capture-record start $tops || true
exit 0
