#!/bin/bash
# The kdump service drop-ins must change nothing on a classic crashkernel=
# reservation (crashkernel_cma=off on the patched kernel): Debian's
# kdump-tools and the kdump.service stand-in arm and disarm as shipped,
# the reservation keeps its size through stop (kexeccma never writes
# kexec_crash_size outside CMA mode), and the hook stays silent.
# shellcheck source=tests/vm/lib-disk.sh
. "$(dirname "$0")/../lib-disk.sh"

for tool in mmdebstrap mkfs.ext4 debugfs; do
	command -v "$tool" >/dev/null || skip_all "$tool is not installed"
done

name=distro-classic
runs=$(kx_runs)
img=$runs/$name.img
mkdir -p "$runs"
if ! "$KX_TOP/tests/distro/make-image" "$img" >"$runs/$name-image.log" 2>&1; then
	not_ok "the Debian test image was built"
	sed 's/^/#   /' "$runs/$name-image.log" | tail -n 20
	done_testing
fi
ok "the Debian test image was built"

size=$((160 << 20))
vm_run_disk $name --disk "$img" --mem 1G --smp 1 --timeout 300 \
	--append "crashkernel=160M crashkernel_cma=off"
check_disk_finished $name
check_log_clean $name
is_fact pre.capacity 0 "classic mode: no crash CMA area"
is_fact pre.crash_size $size "classic mode: 160 MiB reserved at boot"
is_fact kt.state active "kdump-tools.service is active"
is_fact armed.loaded 1 "kdump-config loaded the crash kernel"
is_fact armed.crash_size $size "the reservation is untouched when armed"
check "kdump-config status says ready to kdump" \
	grep -q 'current state *: ready to kdump' "$KX_RUN/out/kdump-config-status.txt"
is_fact stopped.loaded 0 "systemctl stop kdump-tools unloads"
is_fact stopped.crash_size $size "the reservation keeps its size after stop"
is "$(grep -c '^kexeccma:' "$KX_RUN/out/kdump-tools.journal")" 0 \
	"the hook says nothing in kdump-tools' journal"
is_fact kd.rc 0 "kdump.service (stand-in) starts"
is_fact kd.loaded 1 "kdump.service: kdumpctl loaded the crash kernel"
is_fact kd.crash_size $size "kdump.service: the reservation is untouched"
is_fact kd_stopped.loaded 0 "kdump.service: stop unloads"
is_fact kd_stopped.crash_size $size "kdump.service: the reservation keeps its size"
is_fact test1.rc 0 "the guest script ran to the end"
diag "classic kdump-tools run: ${KX_ELAPSED}s under TCG"
done_testing
