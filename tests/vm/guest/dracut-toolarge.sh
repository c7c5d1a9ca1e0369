# shellcheck shell=sh
# rd.kexeccma asks for more than the crash CMA area holds: the hook must
# log and let the boot go on (this script running is the boot going on),
# with nothing allocated or loaded.
fact first.capacity "$(cat /sys/kernel/kexec_crash_cma_size)"
fact first.crash_size "$(cat /sys/kernel/kexec_crash_size)"
fact first.loaded "$(cat /sys/kernel/kexec_crash_loaded)"
