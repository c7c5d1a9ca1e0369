# shellcheck shell=sh
# Who may write kexec_crash_size in CMA mode: not without CAP_SYS_BOOT,
# and nobody once kexec_load_disabled is set (which cannot be undone, so
# it comes last).
# shellcheck source=tests/vm/guest/cma-lib.sh
. "$KX_TESTS/guest/cma-lib.sh"
kx_r=$("$KXCMA" nocap 64)
fact nocap.errno "${kx_r% *}"
state nocap
wr root 64
state root
kx_r=$("$KXCMA" nocap 0)
fact nocap0.errno "${kx_r% *}"
state nocap0
echo 1 >/proc/sys/kernel/kexec_load_disabled
wr disabled 0
state disabled
fact disabled.read "$(cat "$CRASH_SIZE")"
