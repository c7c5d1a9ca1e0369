#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# dracut module 99kexeccma-record: kexeccma's capture recorder in the kdump
# initramfs that Fedora/RHEL kdumpctl (kdump-utils) builds with mkdumprd.
# Its capture runs in that initramfs (kdump-capture.service, from the
# module 99kdumpbase), not in the root's systemd, so the recorder the
# package installs on the root (kexeccma-capture-record.service, wired to
# Debian's kdump-tools) never runs there: this module puts a copy of it,
# a unit and a drop-in for kdump-capture.service into the initramfs.
#
# Asked for by the packages' dracut.conf.d drop-in, only while mkdumprd
# builds (IN_KDUMP=1), or by hand (dracut --add kexeccma-record). It
# changes nothing in an initramfs without 99kdumpbase: a normal boot
# initramfs, or one asked for it by mistake, gets a warning and no file.
#
# Setting, from any dracut.conf.d file:
#   kexeccma_record=PATH   the recorder to copy (default
#                          /usr/lib/kexeccma/capture-record)
#
# shellcheck disable=SC2154 # initdir, moddir, systemdsystemunitdir are set by dracut

# 0 include, 1 never, 255 only when asked for. Never 1: dracut fails
# outright when a module it was asked for refuses, and a kdump initrd that
# cannot be built leaves the machine without kdump. install() decides.
check() {
	return 255
}

depends() {
	return 0
}

install() {
	# kdumpbase is the kdump capture itself (kdump-capture.service):
	# without it there is no dump to record, and nothing is installed.
	if ! dracut_module_included kdumpbase; then
		dwarning "kexeccma-record: not a kdump initramfs (no kdumpbase); nothing installed"
		return 0
	fi
	if ! dracut_module_included systemd; then
		dwarning "kexeccma-record: a kdump initramfs without systemd; nothing installed"
		return 0
	fi
	_rec=${kexeccma_record:-/usr/lib/kexeccma/capture-record}
	if [ ! -x "$_rec" ]; then
		dwarning "kexeccma-record: recorder $_rec not found; the capture will not be recorded"
		return 0
	fi
	inst_simple "$_rec" /usr/lib/kexeccma/capture-record
	inst_simple "$moddir/kdump-capture-record.sh" /usr/lib/kexeccma/kdump-capture-record
	# What the recorder runs besides shell builtins.
	inst_multiple date sleep mv
	inst_simple "$moddir/kexeccma-capture-record.service" \
		"$systemdsystemunitdir/kexeccma-capture-record.service"
	# A drop-in, as for kdump-tools-dump.service on Debian: whatever
	# 99kdumpbase's unit says, it pulls the recorder in and starts after it.
	inst_simple "$moddir/kdump-capture.service.conf" \
		"$systemdsystemunitdir/kdump-capture.service.d/50-kexeccma.conf"
}
