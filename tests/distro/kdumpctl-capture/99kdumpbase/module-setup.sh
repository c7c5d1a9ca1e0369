#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Test image only: a stand-in for kdump-utils' dracut module 99kdumpbase,
# which Debian does not package, reduced to what the sizing tests need
# (build-kdumpctl-initrd). Like the real one it is wanted only while
# mkdumprd builds (IN_KDUMP=1), installs the capture as
# kdump-capture.service (wanted by initrd.target, running /usr/bin/kdump.sh)
# and the processed /etc/kdump.conf; the dump target itself is mounted by
# the initramfs's fstab, from dracut --mount as mkdumprd passes it. The
# name matters: dracut module 99kexeccma-record installs itself only
# beside a module named kdumpbase, and hooks kdump-capture.service.
#
# shellcheck disable=SC2154 # initdir, moddir, systemdsystemunitdir are set by dracut

check() {
	[ -n "${IN_KDUMP:-}" ] || return 1
	return 255
}

depends() {
	echo base systemd
	return 0
}

install() {
	# kdump_install_conf writes kdump.conf's options, "path" relative to
	# the target's file system; the test dumps to the root (the default
	# target), under the default path.
	mkdir -p "$initdir/etc"
	echo "path /var/crash" >"$initdir/etc/kdump.conf"
	inst_simple "$moddir/kdump.sh" /usr/bin/kdump.sh
	inst_simple "$moddir/kdump-capture.service" \
		"$systemdsystemunitdir/kdump-capture.service"
	# What "systemctl --root $initdir add-wants initrd.target
	# kdump-capture.service" makes in 99kdumpbase.
	mkdir -p "$initdir/etc/systemd/system/initrd.target.wants"
	ln -sf "$systemdsystemunitdir/kdump-capture.service" \
		"$initdir/etc/systemd/system/initrd.target.wants/kdump-capture.service"
	inst_multiple makedumpfile sync date mv mkdir sleep
}
