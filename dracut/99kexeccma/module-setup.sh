#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# dracut module 99kexeccma: arm kdump from the initramfs on a crash CMA
# area (kexeccma(8)). Included only on request (dracut --add kexeccma, or
# add_dracutmodules+=" kexeccma " in dracut.conf.d) and never in a kdump
# capture initrd. Armed at boot with rd.kexeccma=1 (or rd.kexeccma=SIZE).
#
# Settings, from any dracut.conf.d file (paths on the build host; the files
# are installed at the same paths in the initramfs, so the real root's
# kdump service recognises the crash kernel the initramfs loaded):
#   kexeccma_helper=PATH   the kexeccma binary (default: found in PATH)
#   kexeccma_kernel=PATH   crash kernel (default /boot/vmlinuz-<kver>)
#   kexeccma_initrd=PATH|none
#                          crash initrd (default: the kdump initrd that
#                          kdumpctl or kdump-config loads); "none" loads
#                          the crash kernel without one
#
# Without a crash kernel, or without the crash initrd (none given and no
# kdump initrd built yet, the usual state right after a kernel update),
# the module warns and leaves itself out, as 99earlykdump does: a capture
# kernel with no initrd cannot mount its root. Build the kdump initrd
# (kdumpctl rebuild, kdump-config symlinks KVER), then this initramfs.
#
# shellcheck disable=SC2154 # kernel, initdir and moddir are set by dracut

# Where the front ends keep the kdump initrd of kernel $1, in the order the
# helper looks for them: kdumpctl's, then kdump-tools'.
kexeccma_default_initrd() {
	for _f in "/boot/initramfs-${1}kdump.img" \
		"/var/lib/kdump/initramfs-${1}kdump.img" \
		"/var/lib/kdump/initrd.img-$1"; do
		if [ -f "$_f" ]; then
			echo "$_f"
			return 0
		fi
	done
	return 1
}

kexeccma_helper_path() {
	if [ -n "${kexeccma_helper:-}" ]; then
		echo "$kexeccma_helper"
	else
		command -v kexeccma
	fi
}

# 0 include, 1 never, 255 only when asked for.
check() {
	# mkdumprd exports IN_KDUMP=1 while it builds the capture initrd: a
	# capture kernel must never arm kdump again.
	[ -n "${IN_KDUMP:-}" ] && return 1
	[ -x "$(kexeccma_helper_path)" ] || return 1
	require_binaries kexec || return 1
	return 255
}

depends() {
	echo base
	return 0
}

# The crash kernel and initrd to carry, in _kernel and _initrd; 1 with a
# warning when either is missing, and nothing is installed then.
kexeccma_files() {
	_kernel=${kexeccma_kernel:-/boot/vmlinuz-$1}
	if [ ! -f "$_kernel" ]; then
		dwarning "kexeccma: crash kernel $_kernel not found; module left out, rd.kexeccma will not arm kdump (set kexeccma_kernel)"
		return 1
	fi
	if [ -n "${kexeccma_initrd:-}" ]; then
		_initrd=$kexeccma_initrd
	elif ! _initrd=$(kexeccma_default_initrd "$1"); then
		dwarning "kexeccma: no kdump initrd for kernel $1 yet; module left out, rd.kexeccma will not arm kdump: build it (kdumpctl rebuild, or kdump-config symlinks $1) and then this initramfs, or set kexeccma_initrd=none for a crash kernel without one"
		return 1
	fi
	if [ "$_initrd" != none ] && [ ! -f "$_initrd" ]; then
		dwarning "kexeccma: crash initrd $_initrd not found; module left out, rd.kexeccma will not arm kdump (set kexeccma_initrd)"
		return 1
	fi
	return 0
}

install() {
	_kver=$kernel
	kexeccma_files "$_kver" || return 1

	inst_simple "$(kexeccma_helper_path)" /usr/sbin/kexeccma
	inst_multiple kexec
	# The helper unpacks the initrd to size it: bring what it may need.
	inst_multiple -o gzip xz zstd lz4 bzip2 lzop
	[ -f /etc/kexeccma.conf ] && inst_simple /etc/kexeccma.conf

	inst_simple "$_kernel"
	[ "$_initrd" != none ] && inst_simple "$_initrd"
	mkdir -p "$initdir/etc"
	{
		echo "# written by dracut module 99kexeccma for kernel $_kver"
		echo "KEXECCMA_KERNEL='$_kernel'"
		echo "KEXECCMA_INITRD='$_initrd'"
	} >"$initdir/etc/kexeccma-dracut.conf"

	# "00-arm-kexeccma.sh" sorts before 99earlykdump's
	# "00-early-kdump.sh": the area is allocated before early kdump
	# looks at kexec_crash_size.
	inst_hook cmdline 00 "$moddir/arm-kexeccma.sh"
}
