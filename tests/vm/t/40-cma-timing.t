#!/bin/bash
# KEXEC_CMA, timing: how long `echo N > /sys/kernel/kexec_crash_size`
# takes in the guest (TCG), on an idle area and on an area full of movable
# pages, per size, median of several runs; beside it the classic boot's
# figures (a reservation made at boot, which the file can only shrink).
# Every allocation must succeed; the figures are reported, not judged,
# and written to build/vm-runs/40-cma-timing/cma-timing.md. Beside
# another guest they would mean little: make check runs this file alone.
# run-tests: serial
# A large area needs one free stretch of that size, which the kernel
# itself, placed at random by KASLR, can split: these boots use nokaslr.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/vm/cma/lib.sh
. "$(dirname "$0")/../cma/lib.sh"
cma_setup

sizes=(64 128 256 512)
idle=5 full=3
csv=$(IFS=,; echo "${sizes[*]}")

median() {
	sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'
}
ms() {
	awk -v ns="$1" 'BEGIN { if (ns == "") print "-"; else printf "%.1f", ns / 1e6 }'
}

vm_run cma-timing --mem 2G --timeout 600 \
	--append "nokaslr crashkernel=512M kxcma.sizes=$csv kxcma.idle=$idle kxcma.full=$full"
check_vm_ended "CMA"
check_log_clean "CMA"
check_script_ran "CMA: the guest script ran to its end"
declare -A idle_ms full_ms full_in classic_ms
for s in "${sizes[@]}"; do
	fails=0
	for ((i = 1; i <= idle; i++)); do
		[ "$(fact "idle.$s.$i.errno")/$(fact "idle.$s.$i.free.errno")" = OK/OK ] ||
			fails=$((fails + 1))
	done
	for ((i = 1; i <= full; i++)); do
		[ "$(fact "full.$s.$i.errno")/$(fact "full.$s.$i.free.errno")" = OK/OK ] ||
			fails=$((fails + 1))
	done
	is "$fails" 0 "CMA: every allocation and release of $s MiB succeeded"
	idle_ms[$s]=$(ms "$(for ((i = 1; i <= idle; i++)); do fact "idle.$s.$i.ns"; done | median)")
	full_ms[$s]=$(ms "$(for ((i = 1; i <= full; i++)); do fact "full.$s.$i.ns"; done | median)")
	full_in[$s]=$(for ((i = 1; i <= full; i++)); do fact "full.$s.$i.in_cma_kb"; done |
		median | awk '{ printf "%d", $1 / 1024 }')
done
check_state end 0 0 "CMA: nothing left allocated"

vm_run cma-timing --mem 2G --timeout 180 \
	--append "nokaslr crashkernel=512M crashkernel_cma=off kxcma.sizes=256,128,64"
check_vm_ended "classic"
is_fact cma_size 0 "classic: no CMA area"
for s in 256 128 64 0; do
	is_fact "classic.$s.errno" OK "classic: shrinking to $s MiB succeeded"
	classic_ms[$s]=$(ms "$(fact "classic.$s.ns")")
done

out=$(kx_runs)/cma-timing.md
{
	echo "| size | CMA, idle area (median of $idle) | CMA, area full of movable pages (median of $full) | classic boot |"
	echo "| --- | --- | --- | --- |"
	for s in "${sizes[@]}"; do
		c="reserved at boot"
		[ -n "${classic_ms[$s]:-}" ] && c="${classic_ms[$s]} ms (shrink to it)"
		echo "| $s MiB | ${idle_ms[$s]} ms | ${full_ms[$s]} ms (${full_in[$s]} MiB in the area) | $c |"
	done
	echo "| 0 | | | ${classic_ms[0]} ms (shrink to it) |"
} >"$out"
sed 's/^/# /' "$out"
done_testing
