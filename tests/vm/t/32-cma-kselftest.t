#!/bin/bash
# KEXEC_CMA, the kselftest of the series (tools/testing/selftests/kexec/
# test_kexec_cma) passes in the guest, for crashkernel=X and for
# crashkernel=X,high, and skips without a crash CMA area.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/vm/cma/lib.sh
. "$(dirname "$0")/../cma/lib.sh"
cma_setup

if [ ! -x "$KX_CMA_HELPERS/test_kexec_cma" ]; then
	skip_all "the series has no test_kexec_cma"
fi
for spec in "1G:crashkernel=256M:0" "6G:crashkernel=256M,high:0" "1G::4"; do
	IFS=: read -r mem ck want <<<"$spec"
	d=${ck:-no crashkernel=}
	vm_run cma-kselftest --mem "$mem" --timeout 180 --append "$ck"
	check_vm_ended "$d"
	check_log_clean "$d"
	is_fact kselftest.rc "$want" "$d: test_kexec_cma exits with $want"
	tap=$KX_RUN/out/kselftest.tap
	if [ "$want" = 0 ]; then
		check "$d: no test point failed" bash -c "! grep -q '^not ok' '$tap'"
		check "$d: the totals show no failure" grep -q '^# Totals: pass:[1-9][0-9]* fail:0 ' "$tap"
		for p in "concurrent writers" "a grow that cannot be had keeps its range" \
			"refused with ENOENT while a crash kernel is loaded"; do
			check "$d: the point '$p' ran and passed" grep -q "^ok [0-9]* .*$p" "$tap"
		done
	else
		check "$d: the TAP output says why it skips" grep -q '^1\.\.0 # SKIP' "$tap"
	fi
	sed 's/^/#   /' "$tap" | grep -E 'Totals|SKIP|not ok' || true
	if [ -n "$ck" ]; then
		check_state end 0 0 "$d: nothing left allocated"
	fi
done
done_testing
