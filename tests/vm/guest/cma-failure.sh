# shellcheck shell=sh
# Allocations that cannot be met: part of the area is taken through the
# CMA debugfs "alloc" file, so that the crash kernel memory cannot have
# it. Each failed write must leave the previous state and log one line.
# shellcheck source=tests/vm/guest/cma-lib.sh
. "$KX_TESTS/guest/cma-lib.sh"
logged() {
	dmesg | grep -c 'kexec_cma: cannot' || true
}
state boot
fact boot.logged "$(logged)"
if [ -d "$CMA_DEBUG/crashkernel_low" ]; then
	# A page of the low area is busy: the low allocation fails after
	# the main one succeeded, and the main one must be given back.
	echo 1 >"$CMA_DEBUG/crashkernel_low/alloc"
	state blocked
	wr low 64
	state low
	fact low.logged "$(logged)"
	echo 1 >"$CMA_DEBUG/crashkernel_low/free"
	wr ok 64
	state ok
	wr free 0
	state free
	exit 0
fi
# 16 MiB at the start of the area are busy.
echo 4096 >"$CMA_DEBUG/crashkernel/alloc"
state blocked
wr whole "$(($(cat /sys/kernel/kexec_crash_cma_size) >> 20))"
state whole
fact whole.logged "$(logged)"
wr a128 128
state a128
wr g240 240
state g240
fact g240.logged "$(logged)"
wr g256 256
state g256
fact g256.logged "$(logged)"
echo 4096 >"$CMA_DEBUG/crashkernel/free"
wr g256b 256
state g256b
wr free 0
state free
