# Host side of the kexeccma benchmarks (bench/run): the VM harness of the
# tests (tests/vm/lib.sh) with one run folder per trial, the inputs every
# guest gets, and the distributions' sizing rules.
# shellcheck shell=bash

# shellcheck source=tests/vm/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../tests/vm/lib.sh"

BENCH_TOP=$KX_TOP
BENCH_OUT=${BENCH_OUT:-$KX_BUILD/bench}
# The test harness's KX_BUILD, before bench_vm points it elsewhere.
BENCH_BUILD=$KX_BUILD
BENCH_IN=$BENCH_OUT/in
BENCH_LOG=$BENCH_OUT/bench.log
BENCH_BIG_INITRD=$BENCH_OUT/initrd-big.img
BENCH_BIG_MIB=64

# Guests with more than one vCPU need one socket per vCPU: without ACPI
# the guest kernel learns its CPUs from SeaBIOS's MP table, which lists
# one CPU per package, so a plain `-smp 4` boots with one CPU.
bench_smp() {
	echo "$1,sockets=$1,cores=1,threads=1"
}

# bench_vm ID GUEST VM_RUN_OPTION...: vm_run in its own folder,
# $BENCH_OUT/runs/ID/vm-runs/GUEST, with the bench inputs in the in share.
# The harness's chatter goes to the bench log.
bench_vm() {
	local id=$1
	shift
	KX_BUILD=$BENCH_OUT/runs/$id
	# vm_run is written for scripts without set -e: a timed out QEMU
	# must end the trial, not the benchmark.
	KX_EXTRA_IN=$BENCH_IN vm_run "$@" >>"$BENCH_LOG" 2>&1 || true
	KX_BUILD=$BENCH_BUILD
}

# What check_dump checks, as a status: a dump was written and the kernel
# log that makedumpfile reads out of it on the host holds the panic.
bench_dump_ok() {
	local dump=$KX_RUN/out/vmcore
	[ -s "$dump" ] || return 1
	rm -f "$KX_RUN/dmesg.txt"
	makedumpfile --dump-dmesg "$dump" "$KX_RUN/dmesg.txt" \
		>"$KX_RUN/makedumpfile-host.log" 2>&1 &&
		grep -q 'sysrq triggered crash' "$KX_RUN/dmesg.txt"
}

# bench_why: what the capture kernel of the last run died of, from its
# console log (the part after the deliberate panic).
bench_why() {
	local tail
	if [ "$(fact bench.loaded)" != 1 ]; then echo "kexec -p failed"; return; fi
	if [ "$KX_STATUS" = 124 ] || [ "$KX_STATUS" = 137 ]; then echo timeout; return; fi
	tail=$(awk '/sysrq triggered crash/ { p = 1 } p' "$KX_LOG")
	case $tail in
	*apic.c:1605*) echo "capture kernel BUG in setup_local_APIC" ;;
	*"Initramfs unpacking failed"*) echo "initramfs unpacking failed (rootfs full)" ;;
	*"No working init found"*) echo "no working init" ;;
	*"No space left on device"*) echo "rootfs full at run time" ;;
	*"Out of memory"* | *oom-kill*) echo "out of memory" ;;
	*"makedumpfile Failed"*) echo "makedumpfile failed" ;;
	*"makedumpfile Completed"*) echo "dump written" ;;
	*) echo "other (see console.log)" ;;
	esac
}

# bench_prepare: the helper, built statically from the committed tree (so
# that uncommitted work in the clone does not leak into the figures, and
# so that it runs in the initramfs), and the guest timing tool.
bench_prepare() {
	local src=$BENCH_OUT/src.$$
	mkdir -p "$BENCH_IN"
	rm -rf "$src"
	mkdir -p "$src"
	git -C "$BENCH_TOP" archive HEAD VERSION kdumpctl-ext | tar -x -C "$src"
	make -s -C "$src/kdumpctl-ext" kexeccma LDFLAGS=-static \
		>>"$BENCH_LOG" 2>&1
	# Replaced by rename: a run going on beside this one copies them.
	cp "$src/kdumpctl-ext/kexeccma" "$BENCH_IN/.kexeccma.$$"
	rm -rf "$src"
	mv "$BENCH_IN/.kexeccma.$$" "$BENCH_IN/kexeccma"
	gcc -std=c11 -O2 -Wall -Wextra -Werror -static -o "$BENCH_IN/.benchmem.$$" \
		"$BENCH_TOP/bench/benchmem.c"
	mv "$BENCH_IN/.benchmem.$$" "$BENCH_IN/benchmem"
}

# bench_big_initrd: the test initramfs with $BENCH_BIG_MIB MiB more
# content, built by the same dracut command as scripts/build-initramfs
# plus one --include of an incompressible file.
bench_big_initrd() {
	local blob=$BENCH_OUT/blob.$$
	# Runs that go side by side, or one part rerun later, must size the
	# same image: keep it unless the test hook it carries changed.
	if [ -s "$BENCH_BIG_INITRD" ] &&
		[ "$BENCH_BIG_INITRD" -nt "$BENCH_TOP/tests/vm/guest/hook.sh" ]; then
		return 0
	fi
	head -c $((BENCH_BIG_MIB << 20)) /dev/urandom >"$blob"
	dracut --quiet --force --no-kernel --no-hostonly --no-early-microcode \
		--gzip -m base \
		-I "/sbin/kexec /usr/bin/makedumpfile /bin/busybox" \
		--include "$BENCH_TOP/tests/vm/guest/hook.sh" \
		/usr/lib/dracut/hooks/cmdline/05-kexeccma-test.sh \
		--include "$blob" /var/lib/bench-blob \
		"$BENCH_BIG_INITRD.$$" 6.1-kexeccma-test >>"$BENCH_LOG" 2>&1
	mv "$BENCH_BIG_INITRD.$$" "$BENCH_BIG_INITRD"
	rm -f "$blob"
}

# The dracut command of bench_big_initrd, for the report.
bench_big_initrd_cmd() {
	echo "head -c ${BENCH_BIG_MIB}M /dev/urandom >blob;" \
		"dracut --force --no-kernel --no-hostonly --no-early-microcode" \
		"--gzip -m base -I \"/sbin/kexec /usr/bin/makedumpfile /bin/busybox\"" \
		"--include tests/vm/guest/hook.sh /usr/lib/dracut/hooks/cmdline/05-kexeccma-test.sh" \
		"--include blob /var/lib/bench-blob initrd-big.img 6.1-kexeccma-test"
}

# Round bytes up to MiB, and MiB up to the 16 MiB granule.
bench_mib_up() { echo $((($1 + (1 << 20) - 1) >> 20)); }
bench_g16() { echo $((($1 + 15) / 16 * 16)); }

# bench_rec_margin: the MiB kexeccma adds to a capture record's need,
# KC_REC_MARGIN_MIB, read from record.h so that the bench follows it.
bench_rec_margin() {
	local margin
	margin=$(sed -n 's/^#define KC_REC_MARGIN_MIB UINT64_C(\([0-9]*\))$/\1/p' \
		"$BENCH_TOP/kdumpctl-ext/src/record.h")
	[ -n "$margin" ] || { echo "bench: no KC_REC_MARGIN_MIB in record.h" >&2; return 1; }
	echo "$margin"
}

# bench_rec_size KIB: the size kexeccma arms from a record whose need is
# KIB (record.c): that need in MiB plus the margin, on the granule.
bench_rec_size() {
	local margin
	margin=$(bench_rec_margin) || return 1
	bench_g16 $((($1 + 1023) / 1024 + margin))
}

# Fedora kdumpctl estimate: kernel + modules + 3 x initrd + 16M, floored
# by the x86_64 table 2G-64G:256M, 64G-:512M. The guest kernel has no
# modules. Arguments: kernel bytes, initrd bytes, RAM GiB.
bench_rule_fedora() {
	local mib floor=0
	mib=$(bench_mib_up $(($1 + 3 * $2 + (16 << 20))))
	if [ "$3" -ge 64 ]; then floor=512; elif [ "$3" -ge 2 ]; then floor=256; fi
	[ "$mib" -lt "$floor" ] && mib=$floor
	echo "$mib"
}

# Debian kdump-tools: crashkernel=384M-:128M.
bench_rule_debian() { echo 128; }

# SUSE kdumptool calibrate adds 30% and 64 MiB to its sum; applied here to
# the measured need, i.e. SUSE's rule with perfectly calibrated terms.
bench_rule_suse() {
	bench_g16 $((($1 * 130 + 99) / 100 + 64))
}
