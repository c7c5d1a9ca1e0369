# shellcheck shell=sh
# Security of the sysfs files and of the helper on a real kernel (see
# t/70-rel-security.t): permissions, writes by an unprivileged user,
# untrusted configuration, kernel, initrd and kexec, symbolic links and a
# FIFO in place of the lock and state files, and the environment the
# helper gives the programs it runs.
# shellcheck source=tests/vm/guest/stress-lib.sh
. "$KX_TESTS/guest/stress-lib.sh"

NOBODY="65534 65534"
settle
sstate boot
for f in kexec_crash_size kexec_crash_cma_size kexec_crash_loaded; do
	fact "perm.$f" "$(stat -c '%a %u %g' "/sys/kernel/$f")"
done
# shellcheck disable=SC2086
fact user.write "$("$KXS" asuser $NOBODY "$KXCMA" write 64)"
# shellcheck disable=SC2086
fact user.read "$("$KXS" asuser $NOBODY /kx/bin/cat /sys/kernel/kexec_crash_size)"
rc=0
# shellcheck disable=SC2086
"$KXS" asuser $NOBODY "$KC" start --size 64 --kernel "$KX_IN/bzImage" \
	--initrd "$KX_IN/initrd.img" --backend direct \
	>/run/kx/user.out 2>&1 || rc=$?
fact user.helper.exit "$rc"
cp /run/kx/user.out "$KX_OUT/user.helper.err"
sstate user

# The configuration file: group-writable, then owned by nobody.
mkdir -p /etc
printf 'size = 64\n' >/etc/kexeccma.conf
chmod 664 /etc/kexeccma.conf
hrun conf.gw start
sstate conf.gw
chmod 644 /etc/kexeccma.conf
chown 65534 /etc/kexeccma.conf
hrun conf.owner start
sstate conf.owner
chown 0 /etc/kexeccma.conf
hrun conf.ok start
sstate conf.ok
hrun conf.ok.stop stop
rm -f /etc/kexeccma.conf

# Kernel and initrd writable by others or owned by nobody.
cp "$KX_IN/bzImage" /run/kx/k
cp "$KX_IN/initrd.img" /run/kx/i
chmod 646 /run/kx/k
rc=0
"$KC" start --size 64 --kernel /run/kx/k --initrd "$KX_IN/initrd.img" \
	--backend direct --cmdline "$(capture_cmdline)" >/run/kx/k.out 2>&1 || rc=$?
fact kernel.ww.exit "$rc"
sstate kernel.ww
chmod 644 /run/kx/k
chown 65534 /run/kx/k
rc=0
"$KC" start --size 64 --kernel /run/kx/k --initrd "$KX_IN/initrd.img" \
	--backend direct --cmdline "$(capture_cmdline)" >/run/kx/k.out 2>&1 || rc=$?
fact kernel.owner.exit "$rc"
sstate kernel.owner
chmod 660 /run/kx/i
rc=0
"$KC" start --size 64 --kernel "$KX_IN/bzImage" --initrd /run/kx/i \
	--backend direct --cmdline "$(capture_cmdline)" >/run/kx/i.out 2>&1 || rc=$?
fact initrd.gw.exit "$rc"
sstate initrd.gw
# A root-owned 0644 kernel in a directory anyone may write: it could be
# renamed away and replaced after the check. Sticky (as /tmp), it is used.
mkdir -p /run/kx/open
chmod 777 /run/kx/open
cp "$KX_IN/bzImage" /run/kx/open/k
rc=0
"$KC" start --size 64 --kernel /run/kx/open/k --initrd "$KX_IN/initrd.img" \
	--backend direct --cmdline "$(capture_cmdline)" >/run/kx/d.out 2>&1 || rc=$?
fact kernel.dir.exit "$rc"
sstate kernel.dir
chmod 1777 /run/kx/open
rc=0
"$KC" start --size 64 --kernel /run/kx/open/k --initrd "$KX_IN/initrd.img" \
	--backend direct --cmdline "$(capture_cmdline)" >>/run/kx/d.out 2>&1 || rc=$?
fact kernel.sticky.exit "$rc"
sstate kernel.sticky
hrun kernel.sticky.stop stop
cat /run/kx/k.out /run/kx/i.out /run/kx/d.out >"$KX_OUT/files.err"

# The lock: a symbolic link to a victim, then a FIFO.
echo precious >/run/kx/victim
rm -f /run/kexeccma.lock
ln -s /run/kx/victim /run/kexeccma.lock
hrun lock.link start --size 64
sstate lock.link
fact lock.link.victim "$(cat /run/kx/victim)"
rm /run/kexeccma.lock
mkfifo /run/kexeccma.lock
hrun lock.fifo start --size 64 --lock-timeout 2
sstate lock.fifo
rm /run/kexeccma.lock

# The state file: a symbolic link to a victim is replaced, not followed.
rm -f /run/kexeccma.state
ln -s /run/kx/victim /run/kexeccma.state
hrun state.link start --size 64
sstate state.link
fact state.link.victim "$(cat /run/kx/victim)"
fact state.mode "$(stat -c '%F %a %u' /run/kexeccma.state)"
fact lock.mode "$(stat -c '%F %a %u' /run/kexeccma.lock)"
hrun state.link.stop stop
sstate state.link.stop

# The environment of the programs the helper runs: kexec is wrapped to
# record it; a kexec earlier in the caller's PATH must not run.
mv /usr/sbin/kexec /usr/sbin/kexec.real
cat >/usr/sbin/kexec <<'EOF2'
#!/bin/sh
/kx/bin/env >/run/kx/kexec-env
exec /usr/sbin/kexec.real "$@"
EOF2
chmod 755 /usr/sbin/kexec
mkdir -p /run/kx/evil
printf '#!/bin/sh\ntouch /run/kx/evil-ran\nexit 0\n' >/run/kx/evil/kexec
chmod 755 /run/kx/evil/kexec
rc=0
PATH=/run/kx/evil:$PATH FOO=bar LD_LIBRARY_PATH=/run/kx/evil \
	BASH_ENV=/run/kx/evil/kexec ENV=/run/kx/evil/kexec \
	"$KC" start --size 64 --kernel "$KX_IN/bzImage" \
	--initrd "$KX_IN/initrd.img" --backend direct \
	--cmdline "$(capture_cmdline)" >/run/kx/env.out 2>&1 || rc=$?
fact env.exit "$rc"
sstate env
cp /run/kx/kexec-env "$KX_OUT/kexec-env"
fact env.evil "$([ -e /run/kx/evil-ran ] && echo ran || echo no)"
hrun env.stop stop

# A root prefix from the environment that anyone may write to: refused,
# nothing resolved below it.
mkdir -p /run/kx/evilroot
chmod 777 /run/kx/evilroot
rc=0
KEXECCMA_ROOT=/run/kx/evilroot "$KC" start --size 64 \
	--kernel "$KX_IN/bzImage" --initrd "$KX_IN/initrd.img" \
	--backend direct >/run/kx/envroot.out 2>&1 || rc=$?
fact envroot.exit "$rc"
cp /run/kx/envroot.out "$KX_OUT/envroot.err"
sstate envroot

# A kexec writable by its group is not run.
chmod 775 /usr/sbin/kexec
hrun prog.gw start --size 64
sstate prog.gw
chmod 755 /usr/sbin/kexec
mv /usr/sbin/kexec.real /usr/sbin/kexec
sstate end
