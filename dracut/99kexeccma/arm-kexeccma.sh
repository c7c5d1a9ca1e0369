#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# dracut cmdline hook of 99kexeccma: with rd.kexeccma (or rd.kexeccma=1,
# or rd.kexeccma=SIZE, e.g. 256M) on the kernel command line, allocate the
# crash CMA area and load the crash kernel with kexeccma, before the root
# file system is even looked for. With rd.earlykdump as well, only allocate and let
# 99earlykdump's hook, which runs next, load its own kernel. A failure logs
# one line and boot goes on: kdump never stops a boot.
# Sourced by dracut's init: POSIX sh, no exit, kexeccma_* names only.

# kexeccma_log PRIORITY MESSAGE: one line in the kernel log (and so in
# the journal), nothing on stderr: the console shows it once.
kexeccma_log() {
	echo "<$1>$2" >/dev/kmsg
}

kexeccma_arm() {
	# Never in a capture kernel.
	[ -e /proc/vmcore ] && return 0
	# A bare rd.kexeccma gives an empty value: enabled.
	kexeccma_arg=$(getarg rd.kexeccma) || return 0
	case $kexeccma_arg in
	0 | no | off | false) return 0 ;;
	# The size from /etc/kexeccma.conf, "auto" (the estimate) by default.
	"" | 1 | yes | on | true) set -- ;;
	*) set -- --size "$kexeccma_arg" ;;
	esac
	KEXECCMA_KERNEL=
	KEXECCMA_INITRD=none
	# shellcheck source=/dev/null
	[ -r /etc/kexeccma-dracut.conf ] && . /etc/kexeccma-dracut.conf

	if [ ! -f "$KEXECCMA_KERNEL" ]; then
		kexeccma_log 28 "kexeccma: kdump not armed from the initramfs: no crash kernel in it (see 99kexeccma's kexeccma_kernel); boot continues"
		return 0
	fi
	kexeccma_op=start
	getargbool 0 rd.earlykdump && kexeccma_op=allocate
	if kexeccma_out=$(/usr/sbin/kexeccma -q "$kexeccma_op" --backend direct \
		--kernel "$KEXECCMA_KERNEL" --initrd "$KEXECCMA_INITRD" "$@" 2>&1); then
		kexeccma_log 29 "kexeccma: $kexeccma_op done from the initramfs: $(cat /sys/kernel/kexec_crash_size) bytes of crash memory"
	else
		kexeccma_rc=$?
		# The helper's last message says why.
		kexeccma_log 28 "kexeccma: kdump not armed from the initramfs (exit $kexeccma_rc): ${kexeccma_out##*"
"}; boot continues"
	fi
	unset kexeccma_arg kexeccma_op kexeccma_out kexeccma_rc
}

kexeccma_arm
