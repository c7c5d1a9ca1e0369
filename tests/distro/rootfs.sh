# Use a root file system of tests/distro/build-rootfs: source this file,
# then `rootfs_hold VARIANT` sets ROOTFS_TAR to the root's tar (built or
# reused) and holds a shared flock on its folder's .use, on file
# descriptor 8, until the shell exits. build-rootfs removes a variant's
# folders of older keys (another version of this tree) unless a process
# holds their .use: a held root is never removed while it is read.
# shellcheck shell=bash

rootfs_hold() {
	local dir=
	for _ in 1 2 3; do
		ROOTFS_TAR=$("$(dirname "${BASH_SOURCE[0]}")/build-rootfs" "$@") || return 1
		dir=${ROOTFS_TAR%/*}
		{ exec 8>>"$dir/.use"; } 2>/dev/null || continue
		flock -s 8
		# Removed between the build and the lock: build it again.
		if [ -s "$ROOTFS_TAR" ] && [ "$dir/.use" -ef /proc/self/fd/8 ]; then
			return 0
		fi
	done
	echo "rootfs_hold: $dir was removed again and again" >&2
	return 1
}
