# shellcheck shell=sh
# Run the series' kselftest of the sysfs contract.
# shellcheck source=tests/vm/guest/cma-lib.sh
. "$KX_TESTS/guest/cma-lib.sh"
rc=0
"$KX_IN/test_kexec_cma" >"$KX_OUT/kselftest.tap" 2>&1 || rc=$?
fact kselftest.rc "$rc"
state end
