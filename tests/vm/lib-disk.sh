# Host side of the VM tests that boot a whole root file system from a
# virtio disk image instead of the test initramfs (the Debian distro tests).
# It reuses lib.sh's TAP helpers and judges results the same way: from what
# the guest left in the "out" share and on the disk image, never from a
# word the guest prints.
#
# Unlike vm_run, a disk boot lets the guest reboot (capture kernel back
# into the first kernel: QEMU reloads -kernel on reset), so the run ends
# when the guest writes "kexeccma-test: finished" to the console, or at
# the hard timeout. Every boot gets panic=1.
# shellcheck shell=bash
# shellcheck source=tests/vm/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KX_FINISHED='kexeccma-test: finished'

# vm_run_disk NAME --disk IMG [--mem SIZE] [--smp N] [--timeout S]
#             [--kernel F] [--initrd F] [--append "ARGS"] [--boots N]
#             [--disk2 IMG]
# Boots KERNEL (and INITRD, none by default) with root=/dev/vda from IMG (used in place, so pass a copy
# the test owns) and kexeccma.test=NAME; --disk2 adds IMG as /dev/vdb. Shares as vm_run: "tests" (this
# folder, read-only), "in" (the kernel and KX_EXTRA_IN, read-only) and
# "out". Sets KX_RUN, KX_LOG, KX_STATUS (0 when the guest finished, 124 on
# timeout, else QEMU's status), KX_ELAPSED and KX_BOOTS (kernel banners in
# the console log). --boots N also ends the run (status 0) when kernel
# number N+1 starts: a capture's outcome is known once it rebooted.
vm_run_disk() {
	local name=$1 mem=1G smp=1 timeout=300 kernel=$KX_KERNEL disk="" boots=""
	local append="" initrd=() disk2=()
	shift
	while [ $# -gt 0 ]; do
		case $1 in
		--disk) disk=$2 ;;
		--disk2) disk2=(-drive "file=$2,if=virtio,format=raw,cache=unsafe") ;;
		--mem) mem=$2 ;;
		--smp) smp=$2 ;;
		--timeout) timeout=$2 ;;
		--kernel) kernel=$2 ;;
		--initrd) initrd=(-initrd "$2") ;;
		--append) append=$2 ;;
		--boots) boots=$2 ;;
		*) echo "vm_run_disk: unknown option $1" >&2; return 2 ;;
		esac
		shift 2
	done
	[ -n "$disk" ] || { echo "vm_run_disk: --disk is required" >&2; return 2; }
	KX_RUN=$(kx_runs)/$name
	KX_LOG=$KX_RUN/console.log
	mkdir -p "$KX_RUN"
	rm -rf "$KX_RUN/in" "$KX_RUN/out" "$KX_LOG"
	mkdir -p "$KX_RUN/in" "$KX_RUN/out"
	cp "$kernel" "$KX_RUN/in/bzImage"
	kx_copy_in "$KX_RUN/in"
	: >"$KX_LOG"

	local start qpid status=""
	start=$(date +%s.%N)
	diag "booting $name from $(basename "$disk"): mem=$mem smp=$smp timeout=${timeout}s append='$append'"
	timeout -k 5 "$timeout" qemu-system-x86_64 -accel tcg \
		-nodefaults -no-user-config -display none \
		-object "memory-backend-ram,id=mem,size=$mem,reserve=off" \
		-machine pc,memory-backend=mem -m "$mem" -smp "$smp" \
		-serial "file:$KX_LOG" -monitor none \
		-drive "file=$disk,if=virtio,format=raw,cache=unsafe" "${disk2[@]}" \
		-kernel "$kernel" "${initrd[@]}" \
		-append "console=ttyS0 panic=1 no_timer_check root=/dev/vda rw kexeccma.test=$name $append" \
		-virtfs "local,path=$KX_TOP/tests/vm,mount_tag=tests,security_model=none,readonly=on" \
		-virtfs "local,path=$KX_RUN/in,mount_tag=in,security_model=none,readonly=on" \
		-virtfs "local,path=$KX_RUN/out,mount_tag=out,security_model=none" \
		</dev/null >"$KX_RUN/qemu.log" 2>&1 &
	qpid=$!
	# The guest cannot power the tinyconfig machine off (no ACPI): end
	# QEMU once it says it is done. timeout(1) bounds the whole run.
	while kill -0 "$qpid" 2>/dev/null; do
		if grep -q "$KX_FINISHED" "$KX_LOG" 2>/dev/null ||
			{ [ -n "$boots" ] &&
				[ "$(grep -c 'Linux version' "$KX_LOG")" -gt "$boots" ]; }; then
			sleep 1
			kill "$qpid" 2>/dev/null
			wait "$qpid" 2>/dev/null
			status=0
			break
		fi
		sleep 1
	done
	if [ -z "$status" ]; then
		wait "$qpid"
		status=$?
		# A guest that ended QEMU some other way did not finish.
		[ "$status" = 0 ] && status=1
		grep -q "$KX_FINISHED" "$KX_LOG" && status=0
	fi
	KX_STATUS=$status
	KX_ELAPSED=$(echo "$(date +%s.%N) - $start" | bc)
	KX_ELAPSED=$(printf '%.1f' "$KX_ELAPSED")
	KX_BOOTS=$(grep -c 'Linux version' "$KX_LOG")
	diag "$name ended after ${KX_ELAPSED}s with status $KX_STATUS ($KX_BOOTS kernel boots)"
	if [ "$KX_STATUS" = 124 ] || [ "$KX_STATUS" = 137 ]; then
		diag "$name hit its ${timeout}s timeout; console tail:"
		tail -n 15 "$KX_LOG" | sed 's/^/#   /'
	fi
	return 0
}

# check_disk_finished DESC: the guest got to the end of its script.
check_disk_finished() {
	if [ "$KX_STATUS" = 0 ]; then
		ok "$1: the guest finished in ${KX_ELAPSED}s"
	else
		not_ok "$1: the guest finished (status $KX_STATUS)"
		tail -n 20 "$KX_LOG" | sed 's/^/#   /'
	fi
}

# disk_rdump IMG GUEST-DIR HOST-DIR: copy a folder out of an ext4 image
# without mounting it (debugfs reads the file system directly).
disk_rdump() {
	rm -rf "$3"
	mkdir -p "$3"
	debugfs -R "rdump $2 $3" "$1" >"$3.debugfs.log" 2>&1
}

# disk_cat IMG GUEST-FILE: a file's contents from an ext4 image.
disk_cat() {
	debugfs -R "cat $2" "$1" 2>/dev/null
}

# check_dump_file DESC FILE [PATTERN]: as check_dump, for a dump file that
# is not the out share's vmcore (e.g. one saved by kdump-tools). A dump in
# makedumpfile's flattened format (-F, kdump-tools' default) is first
# rearranged with makedumpfile -R.
check_dump_file() {
	local pattern=${3:-sysrq triggered crash} dump=$2 txt
	txt=$KX_RUN/dmesg-$(basename "$dump").txt
	if [ ! -s "$dump" ]; then
		not_ok "$1: a dump was written"
		return
	fi
	ok "$1: a dump was written ($(du -k "$dump" | cut -f1) KiB)"
	rm -f "$txt" "$dump.kdump"
	if [ "$(head -c 12 "$dump" | tr -d '\0')" = makedumpfile ]; then
		makedumpfile -R "$dump.kdump" <"$dump" \
			>"$KX_RUN/makedumpfile-host.log" 2>&1
		dump=$dump.kdump
	fi
	if makedumpfile --dump-dmesg "$dump" "$txt" \
		>>"$KX_RUN/makedumpfile-host.log" 2>&1 &&
		grep -q "$pattern" "$txt"; then
		ok "$1: the dumped kernel log holds '$pattern'"
	else
		not_ok "$1: the dumped kernel log holds '$pattern'"
		tail -n 5 "$KX_RUN/makedumpfile-host.log" | sed 's/^/#   /'
	fi
}
