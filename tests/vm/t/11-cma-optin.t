#!/bin/bash
# KEXEC_CMA is opt-in where the kernel says so: built with
# KEXEC_CMA_DEFAULT_ON=n, crashkernel= keeps the classic reservation (read
# at boot, bytes, shrink only) unless booted with crashkernel_cma=on, which
# declares the CMA area. (crashkernel_cma=off with the default on is
# 11-cma-classic.t.) Both series, on their DEFAULT_ON=n kernels.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/vm/cma/lib.sh
. "$(dirname "$0")/../cma/lib.sh"
cma_setup

for kver in 6.12 6.1; do
	kdir=$KX_BUILD/kernel-default-off
	[ "$kver" = 6.12 ] || kdir=$KX_BUILD/kernel-$kver-default-off
	if ! grep -qx '# CONFIG_KEXEC_CMA_DEFAULT_ON is not set' "$kdir/config" 2>/dev/null; then
		not_ok "$kver: a KEXEC_CMA_DEFAULT_ON=n kernel in $kdir (make kernels)"
		continue
	fi
	d="$kver DEFAULT_ON=n"
	vm_run cma-classic --kernel "$kdir/bzImage" --mem 1G --timeout 120 \
		--append "crashkernel=256M"
	check_vm_ended "$d"
	check_log_clean "$d"
	check_script_ran "$d: the guest script ran to its end"
	is_fact boot.cma_size 0 "$d: kexec_crash_cma_size is 0"
	is_fact boot.areas "" "$d: no CMA area"
	is_fact boot.size $((256 * MIB)) "$d: 256 MiB reserved at boot, as upstream"
	is "$(iomem_sum "$(fact boot.iomem)")" $((256 * MIB)) "$d: /proc/iomem shows the reservation"
	is_fact grow.errno EINVAL "$d: growing is refused with EINVAL, as upstream"
	is_fact suffix.errno EINVAL "$d: a suffix is refused (bytes only), as upstream"
	is_fact shrink.errno OK "$d: shrinking by a byte count works"
	is_fact shrink.size $((128 * MIB)) "$d: kexec_crash_size reads the new size"
	is_fact zero.size 0 "$d: 0 gives the rest up"

	d="$kver DEFAULT_ON=n crashkernel_cma=on"
	vm_run cma-boot --kernel "$kdir/bzImage" --mem 1G --timeout 120 \
		--append "crashkernel=256M crashkernel_cma=on"
	check_vm_ended "$d"
	check_log_clean "$d"
	check_script_ran "$d: the guest script ran to its end"
	is_fact boot.cma_size $((256 * MIB)) "$d: a 256 MiB crash CMA area"
	is_fact boot.areas kexec_crash "$d: named kexec_crash"
	is_fact boot.size 0 "$d: nothing allocated at boot"
	is_fact boot.iomem "" "$d: no Crash kernel range in /proc/iomem"
done
done_testing
