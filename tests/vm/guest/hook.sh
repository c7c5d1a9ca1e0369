#!/bin/sh
# kexeccma VM test driver, installed into the test initramfs as a dracut
# "cmdline" hook, so it runs in dracut's real init once /proc, /sys and /dev
# are up and before anything looks for a root file system.
#
# kexeccma.test=NAME on the kernel command line selects
# tests/vm/guest/NAME.sh from the read-only 9p share "tests". The script runs
# in a subshell with KX_ROLE=first in the first kernel and KX_ROLE=capture in
# a crash kernel (one booted with /proc/vmcore); whatever it records lands in
# the writable share "out", where the host judges it. The driver records only
# the script's exit status: passing or failing is the host's decision.
# Without kexeccma.test= the hook does nothing.

kx_arg() {
	read -r kx_cmdline </proc/cmdline
	for kx_word in $kx_cmdline; do
		case $kx_word in
		"$1"=*) echo "${kx_word#*=}"; return 0 ;;
		esac
	done
	return 1
}

kx_main() {
	kx_name=$(kx_arg kexeccma.test) || return 0
	KX_ROLE=first
	[ -e /proc/vmcore ] && KX_ROLE=capture

	mkdir -p /kx/tests /kx/in /kx/out /kx/bin
	mount -t 9p -o trans=virtio,version=9p2000.L,ro tests /kx/tests
	mount -t 9p -o trans=virtio,version=9p2000.L,ro in /kx/in
	mount -t 9p -o trans=virtio,version=9p2000.L out /kx/out
	/usr/bin/busybox --install -s /kx/bin
	PATH=/usr/sbin:/usr/bin:/sbin:/bin:/kx/bin
	export PATH KX_ROLE KX_TESTS=/kx/tests KX_IN=/kx/in KX_OUT=/kx/out
	export KX_NAME="$kx_name"

	echo "kexeccma-test: running $kx_name as $KX_ROLE" >/dev/kmsg
	(
		set -e
		# shellcheck source=tests/vm/guest/lib.sh
		. /kx/tests/guest/lib.sh
		# shellcheck source=/dev/null
		. "/kx/tests/guest/$kx_name.sh"
	)
	echo "$KX_ROLE.rc=$?" >>/kx/out/facts
	sync
	umount /kx/out
	# With QEMU's -no-reboot a reboot ends the VM at once.
	echo b >/proc/sysrq-trigger
}

kx_main
