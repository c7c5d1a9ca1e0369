# shellcheck shell=sh
# Allocations that cannot be met: part of the area is taken through the
# CMA debugfs "alloc" file, so that the crash kernel memory cannot have
# it. Each failed write must leave the previous state and log one line.
# shellcheck source=tests/vm/guest/cma-lib.sh
. "$KX_TESTS/guest/cma-lib.sh"
logged() {
	dmesg | grep -c 'crash_cma: cannot' || true
}
state boot
fact boot.logged "$(logged)"
if [ -d "$CMA_DEBUG/kexec_crash_low" ]; then
	# A page of the low area is busy: the low allocation fails after
	# the main one succeeded, and the main one must be given back.
	echo 1 >"$CMA_DEBUG/kexec_crash_low/alloc"
	state blocked
	wr low 64
	state low
	fact low.logged "$(logged)"
	echo 1 >"$CMA_DEBUG/kexec_crash_low/free"
	wr ok 64
	state ok
	wr free 0
	state free
	exit 0
fi
# 16 MiB at the start of the area are busy.
echo 4096 >"$CMA_DEBUG/kexec_crash/alloc"
state blocked
wr whole "$(($(cat /sys/kernel/kexec_crash_cma_size) >> 20))"
state whole
fact whole.logged "$(logged)"
wr a64 64
state a64
# Room for 112 MiB beside the 64 held: the grow takes a new range.
wr g112 112
state g112
fact g112.logged "$(logged)"
# No room for 240 MiB beside the 112 held: the grow fails, 112 stay.
wr g240 240
state g240
fact g240.logged "$(logged)"
echo 4096 >"$CMA_DEBUG/kexec_crash/free"
wr g240b 240
state g240b
fact g240b.logged "$(logged)"
wr free0 0
state free0
wr all256 256
state all256
wr free 0
state free
