# shellcheck shell=sh
# Without a crash CMA area kexec_crash_size behaves as in upstream 6.1:
# bytes, shrink only.
# shellcheck source=tests/vm/guest/cma-lib.sh
. "$KX_TESTS/guest/cma-lib.sh"
fact boot.cma_size "$(cat /sys/kernel/kexec_crash_cma_size)"
fact boot.areas "$(cma_areas)"
state boot
if [ "$(cat "$CRASH_SIZE")" -gt 0 ]; then
	wr grow 536870912
	state grow
	wr suffix 128M
	state suffix
	wr shrink 134217728
	state shrink
	wr zero 0
	state zero
else
	wr zero 0
	state zero
	wr grow 16
	state grow
fi
