# shellcheck shell=sh
# A failed re-arm keeps the working arm (see t/60-helper-rearm.t): armed
# at 64 MiB, 32 MiB of the area taken through the CMA debugfs "alloc"
# file, then starts that cannot have their size.
# shellcheck source=tests/vm/guest/stress-lib.sh
. "$KX_TESTS/guest/stress-lib.sh"

hrun arm start --size 64
sstate arm
# 32 MiB of the 256 MiB area busy: 240 MiB can no longer be had.
echo 8192 >"$CMA_DEBUG/kexec_crash/alloc"
hrun grow start --size 240 --retries 1
sstate grow
# Larger than the whole area: refused before anything is unloaded.
hrun huge start --size 512
sstate huge
echo 8192 >"$CMA_DEBUG/kexec_crash/free"
# The arm the failed starts kept is the one kexeccma recorded.
hrun same start --size 64
sstate same
hrun stop stop
sstate stop
