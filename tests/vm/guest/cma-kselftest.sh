# shellcheck shell=sh
# Run the series' kselftest of the sysfs contract.
# shellcheck source=tests/vm/guest/cma-lib.sh
. "$KX_TESTS/guest/cma-lib.sh"
rc=0
# The kernel to load for the "refused while loaded" points
KEXEC_CMA_KERNEL=$KX_KIMAGE "$KX_IN/test_kexec_cma" \
	>"$KX_OUT/kselftest.tap" 2>&1 || rc=$?
fact kselftest.rc "$rc"
state end
