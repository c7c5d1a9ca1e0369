# shellcheck shell=sh
# Debian's kdump-tools capturing with Debian's own kernel and the initrd
# its kernel hook built (make-image --capture), armed by kexeccma through
# the kdump-tools.service drop-in. Run by the test image's kx-driver.
# Input from the host, in the "in" share: "crashes" (how many boots
# crash, default 1) and optionally "size" (MiB: arm at that size instead
# of the estimate, for the bisection in bench/). Every boot records the
# estimate, the armed state, what was armed (/var/lib/kexeccma/armed) and
# the capture records found beside the dumps; boots up to "crashes"
# then crash. Facts only: the host decides.

crashes=1
[ -r "$KX_IN/crashes" ] && read -r crashes <"$KX_IN/crashes"
b=boot$KX_BOOT

if [ "$KX_PHASE" = probe ]; then
	fact "$b.pre.capacity" "$(cat /sys/kernel/kexec_crash_cma_size)"
	if [ -r "$KX_IN/size" ] && [ "$KX_BOOT" = 1 ]; then
		echo "size = $(cat "$KX_IN/size")" >>/etc/kexeccma.conf
	fi
	return 0
fi

fact "$b.kdump_tools" "$(systemctl show -p ActiveState --value kdump-tools.service)"
fact "$b.crash_size" "$(cat /sys/kernel/kexec_crash_size)"
fact "$b.loaded" "$(cat /sys/kernel/kexec_crash_loaded)"
fact "$b.mem_total_kb" "$(meminfo MemTotal)"
kexeccma estimate --backend kdump-config --json \
	>"$KX_OUT/$b-estimate.json" 2>"$KX_OUT/$b-estimate.err" || true
kexeccma estimate --backend kdump-config \
	>"$KX_OUT/$b-estimate.txt" 2>&1 || true
cp /var/lib/kexeccma/armed "$KX_OUT/$b-armed" 2>/dev/null || true
journalctl -b --no-pager -o cat -u kdump-tools.service \
	>"$KX_OUT/$b-kdump-tools.journal" 2>&1 || true
ls -lR /var/crash >"$KX_OUT/$b-var-crash.txt" 2>&1 || true
n=0
for rec in /var/crash/*/kexeccma-capture; do
	[ -f "$rec" ] || continue
	n=$((n + 1))
	cp "$rec" "$KX_OUT/$b-record-$n"
done
fact "$b.records" "$n"

if [ "$KX_BOOT" -le "$crashes" ]; then
	fact "$b.crashing" 1
	crash_now
	sleep 60
	fact "$b.survived_crash" 1
	return 1
fi
