#!/bin/bash
# arm64: the kexeccma helper end to end on a 1 GiB guest booted with
# crashkernel=256M. `kexeccma start --size auto` sizes the area from the
# arm64 Image and the initramfs, allocates it and loads the crash kernel;
# `kexeccma stop` unloads and frees everything; a second start arms
# again, sysrq-c crashes, and the host reads the panic out of the dump.
KX_ARCH=arm64
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/stress/lib.sh
. "$KX_TOP/tests/stress/lib.sh"
stress_setup

vm_run helper-kdump --mem 1G --timeout 240 --append "crashkernel=256M"
check_vm_ended helper-kdump
check_log_clean helper-kdump
is_fact estimate.exit 0 "estimate sizes the arm64 Image and initramfs"
est=$(sed -n 's/^{"size_mib":\([0-9]*\),.*/\1/p' "$KX_RUN/out/estimate.out")
fmt=$(sed -n 's/.*"kernel_format":"\([^"]*\)".*/\1/p' "$KX_RUN/out/estimate.out")
is "$fmt" Image "the estimate read the kernel as an arm64 Image"
check "the estimate is a multiple of 16 MiB within the 256 MiB area ($est MiB)" \
	test -n "$est" -a "$((${est:-1} % 16))" = 0 -a "${est:-0}" -gt 0 -a "${est:-999}" -le 256
for k in arm rearm; do
	is_fact "$k.exit" 0 "$k: start --size auto succeeds"
	check_state "$k" $((${est:-0} * MIB)) 0 "$k: armed at the estimate"
	is_fact "$k.loaded" 1 "$k: the crash kernel is loaded"
done
is_fact stop.exit 0 "stop succeeds"
nothing_held stop "after stop"
is_fact capture.rc 0 "the capture kernel ran makedumpfile"
check_dump "kexeccma start on arm64"
for k in estimate arm stop rearm; do
	[ "$(fact "$k.exit")" = 0 ] || diag "$k: $(cat "$KX_RUN/out/$k.err" 2>/dev/null)"
done
done_testing
