#!/bin/bash
# Reliability, security on a real kernel: kexec_crash_size is 0644 and
# root's, kexec_crash_cma_size and kexec_crash_loaded 0444; an
# unprivileged user can read but not write them and cannot run the
# helper to any effect ("must be run as root"). A KEXECCMA_ROOT anyone
# may write to is refused (exit 2). The helper refuses a configuration file, kernel,
# initrd or kexec that someone other than root could have written or
# replaced (in a directory others can write, unless it is sticky); a
# symbolic link or a FIFO in place of its lock is refused without
# touching the target, a link in place of its state file is replaced;
# both files are 0600; the programs it runs get PATH and LC_ALL only,
# and a kexec earlier in the caller's PATH never runs. Nothing is left
# allocated by any refused attempt.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/stress/lib.sh
. "$KX_TOP/tests/stress/lib.sh"
stress_setup

vm_run stress-sec --mem 1G --timeout 180 --append "crashkernel=256M"
check_vm_ended security
check_log_clean security
check_script_ran "the guest script ran to its end"
is_fact perm.kexec_crash_size "644 0 0" "kexec_crash_size is 0644 root:root"
is_fact perm.kexec_crash_cma_size "444 0 0" "kexec_crash_cma_size is 0444 root:root"
is_fact perm.kexec_crash_loaded "444 0 0" "kexec_crash_loaded is 0444 root:root"
is "$(fact user.write | cut -d' ' -f1)" EACCES "nobody cannot write kexec_crash_size (EACCES)"
is_fact user.read 0 "nobody can read kexec_crash_size"
is_fact user.helper.exit 1 "nobody's kexeccma start fails with exit 1"
check "and says it must be run as root" \
	grep -q "kexeccma start must be run as root" "$KX_RUN/out/user.helper.err"
nothing_held user "after nobody's attempts"

is_fact conf.gw.exit 3 "a group-writable configuration file is refused (exit 3)"
nothing_held conf.gw "after the refused configuration"
is_fact conf.owner.exit 3 "a configuration file owned by nobody is refused (exit 3)"
nothing_held conf.owner "after the refused configuration"
is_fact conf.ok.exit 0 "the same file owned by root, 0644, is used"
is_fact conf.ok.size $((64 << 20)) "its size = 64 was applied"

for k in kernel.ww kernel.owner initrd.gw kernel.dir; do
	check "$k: refused ($(fact $k.exit))" test "$(fact $k.exit)" != 0 -a -n "$(fact $k.exit)"
	nothing_held "$k" "$k"
done
check "the refusals name the file" grep -q '/run/kx/k' "$KX_RUN/out/files.err"
check "the directory's refusal says so" grep -q '/run/kx/open/k: it or a directory above it' "$KX_RUN/out/files.err"
is_fact kernel.sticky.exit 0 "the same kernel in a sticky directory is used"
is_fact kernel.sticky.loaded 1 "and loaded"
is_fact kernel.sticky.stop.exit 0 "stop works"

check "a symbolic link as the lock is refused ($(fact lock.link.exit))" test "$(fact lock.link.exit)" != 0
is_fact lock.link.victim precious "the link's target is untouched"
nothing_held lock.link "after the refused lock link"
check "a FIFO as the lock is refused ($(fact lock.fifo.exit))" test "$(fact lock.fifo.exit)" != 0
nothing_held lock.fifo "after the refused FIFO"
is_fact state.link.exit 0 "with a symbolic link as the state file, start works"
is_fact state.link.victim precious "the link's target is untouched"
for f in state lock; do
	m=$(fact $f.mode)
	check "the $f file is a regular 0600 root file ($m)" \
		in_set "$m" "regular file 600 0" "regular empty file 600 0"
done
is_fact state.link.stop.exit 0 "stop works"

is_fact env.exit 0 "start works with a hostile environment"
# The wrapper is a shell, which adds PWD, SHLVL and _ itself.
env_seen=$(LC_ALL=C sort "$KX_RUN/out/kexec-env" | grep -Ev '^(PWD|SHLVL|_)=' | paste -sd ' ')
is "$env_seen" "LC_ALL=C PATH=/usr/sbin:/usr/bin:/sbin:/bin" \
	"kexec ran with PATH and LC_ALL only"
is_fact env.evil no "the kexec earlier in the caller's PATH did not run"
is_fact envroot.exit 2 "a KEXECCMA_ROOT anyone may write to is refused (exit 2)"
check "the refusal names it" grep -q "refusing root prefix /run/kx/evilroot" \
	"$KX_RUN/out/envroot.err"
nothing_held envroot "after the refused root prefix"
check "a group-writable kexec is not run ($(fact prog.gw.exit))" test "$(fact prog.gw.exit)" != 0
nothing_held prog.gw "after refusing the kexec"
nothing_held end "at the end"
done_testing
