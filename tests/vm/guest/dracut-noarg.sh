# shellcheck shell=sh
# 99kexeccma is in the initramfs but rd.kexeccma is not on the command
# line: nothing may be allocated or loaded.
fact first.capacity "$(cat /sys/kernel/kexec_crash_cma_size)"
fact first.crash_size "$(cat /sys/kernel/kexec_crash_size)"
fact first.loaded "$(cat /sys/kernel/kexec_crash_loaded)"
