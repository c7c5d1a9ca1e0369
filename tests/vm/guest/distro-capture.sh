# shellcheck shell=sh
# A capture with Debian's own kernel, armed by kexeccma through a kdump
# service's drop-in: Debian's kdump-tools with the initrd its kernel hook
# built (make-image --capture), or kdump.service with the stand-in
# kdumpctl and a kdumpctl-style dracut initrd (--capture-kdumpctl). Run
# by the test image's kx-driver. Input from the host, in the "in" share:
# "flow" (kdump-tools or kdumpctl, default kdump-tools), "crashes" (how
# many boots crash, default 1) and optionally "size" (MiB: arm at that
# size instead of the estimate, for the bisection in bench/) and
# "capture-append" (what the front end appends to the capture command
# line: KDUMP_COMMANDLINE_APPEND or KDUMP_CMDLINE_APPEND). Every boot records the
# estimate, the armed state, what was armed (/var/lib/kexeccma/armed) and
# the capture records found beside the dumps; boots up to "crashes"
# then crash. Facts only: the host decides.

crashes=1
[ -r "$KX_IN/crashes" ] && read -r crashes <"$KX_IN/crashes"
flow=kdump-tools
[ -r "$KX_IN/flow" ] && read -r flow <"$KX_IN/flow"
if [ "$flow" = kdumpctl ]; then
	unit=kdump.service backend=kdumpctl
else
	unit=kdump-tools.service backend=kdump-config
fi
b=boot$KX_BOOT

if [ "$KX_PHASE" = probe ]; then
	fact "$b.pre.capacity" "$(cat /sys/kernel/kexec_crash_cma_size)"
	if [ -r "$KX_IN/size" ] && [ "$KX_BOOT" = 1 ]; then
		echo "size = $(cat "$KX_IN/size")" >>/etc/kexeccma.conf
	fi
	if [ -r "$KX_IN/capture-append" ] && [ "$KX_BOOT" = 1 ]; then
		append=$(cat "$KX_IN/capture-append")
		if [ "$flow" = kdumpctl ]; then
			echo "KDUMP_COMMANDLINE_APPEND=\"$append\"" >>/etc/sysconfig/kdump
		else
			echo "KDUMP_CMDLINE_APPEND=\"$append\"" >>/etc/default/kdump-tools
		fi
	fi
	return 0
fi

fact "$b.service" "$(systemctl show -p ActiveState --value "$unit")"
fact "$b.crash_size" "$(cat /sys/kernel/kexec_crash_size)"
fact "$b.loaded" "$(cat /sys/kernel/kexec_crash_loaded)"
fact "$b.mem_total_kb" "$(meminfo MemTotal)"
kexeccma estimate --backend "$backend" --json \
	>"$KX_OUT/$b-estimate.json" 2>"$KX_OUT/$b-estimate.err" || true
kexeccma estimate --backend "$backend" \
	>"$KX_OUT/$b-estimate.txt" 2>&1 || true
cp /var/lib/kexeccma/armed "$KX_OUT/$b-armed" 2>/dev/null || true
journalctl -b --no-pager -o cat -u "$unit" \
	>"$KX_OUT/$b-service.journal" 2>&1 || true
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
	# On CPU 0: this ACPI-less guest kernel learns its CPUs from the MP
	# table, and a capture kernel started on another CPU does not come
	# up (see bench-size.sh).
	sync
	taskset 1 sh -c 'echo c >/proc/sysrq-trigger'
	sleep 60
	fact "$b.survived_crash" 1
	return 1
fi
