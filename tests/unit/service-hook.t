#!/bin/bash
# The kdump service hook (kdumpctl-ext/integration/kdump-service.in) on
# its decisions, with no guest: each case runs in a private mount
# namespace where tmpfs mounts over /sys/kernel, /run, /boot and
# /var/lib/kdump hold the files the hook reads, and stand-ins for
# kexeccma and kdumpctl log how they are called. Root only (unshare -m).
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
hook=$top/kdumpctl-ext/integration/kdump-service.in
n=0
failed=0

ok() {
	n=$((n + 1))
	echo "ok $n - $*"
}
not_ok() {
	n=$((n + 1))
	failed=1
	echo "not ok $n - $*"
}
# is GOT WANT DESCRIPTION
is() {
	if [ "$1" = "$2" ]; then
		ok "$3"
	else
		not_ok "$3"
		printf '#  got: %s\n# want: %s\n' "$1" "$2"
	fi
}

if [ "$(id -u)" != 0 ] || ! unshare -m --propagation private true 2>/dev/null; then
	echo "1..0 # SKIP needs root and unshare -m"
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kexeccma-hook.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin"
# kexeccma: logs its arguments; "start" exits with $tmp/start-rc and,
# when it fails, leaves the crash kernel loaded or not ($tmp/left).
cat >"$tmp/bin/kexeccma" <<'EOF'
#!/bin/sh
echo "kexeccma $*" >>"$T/calls"
case " $* " in
*" start "*)
	rc=$(cat "$T/start-rc")
	[ "$rc" = 0 ] || cat "$T/left" >/sys/kernel/kexec_crash_loaded
	exit "$rc"
	;;
esac
exit 0
EOF
cat >"$tmp/bin/kdumpctl" <<'EOF'
#!/bin/sh
echo "kdumpctl $*" >>"$T/calls"
EOF
chmod 0755 "$tmp/bin/kexeccma" "$tmp/bin/kdumpctl"

# run STEP BACKEND LOADED STATE-BACKEND [KDUMP-INITRD [CMA-BYTES]]: the
# hook's step with kexec_crash_loaded LOADED, /run/kexeccma.state naming
# STATE-BACKEND (none: no state file), kdumpctl's initrd present (yes) or
# not, and a crash CMA area of CMA-BYTES (256 MiB; 0: classic mode).
# /var/lib/kexeccma/armed exists before the step. Sets rc, calls (one
# line per call, "|"-joined), say, and armed (yes: the arm file is left).
run() {
	local step=$1 backend=$2 loaded=$3 state=$4 initrd=${5:-yes}
	local cma=${6:-268435456}

	: >"$tmp/calls"
	# shellcheck disable=SC2016 # expanded by the inner shell
	T=$tmp PATH="$tmp/bin:$PATH" KEXECCMA="$tmp/bin/kexeccma" \
		unshare -m --propagation private sh -c '
		set -e
		for d in /sys/kernel /run /boot /var/lib/kdump /var/lib/kexeccma; do
			mkdir -p "$d"
			mount -t tmpfs kexeccma-test "$d"
		done
		echo "$6" >/sys/kernel/kexec_crash_cma_size
		echo version=1 >/var/lib/kexeccma/armed
		echo "$3" >/sys/kernel/kexec_crash_loaded
		[ "$4" = none ] ||
			printf "version=1\nbackend=%s\nsize_mib=64\n" "$4" >/run/kexeccma.state
		[ "$5" = no ] || : >"/boot/initramfs-$(uname -r)kdump.img"
		set +e
		sh "$0" "$1" "$2"
		rc=$?
		if [ -e /var/lib/kexeccma/armed ]; then echo yes; else echo no; fi >"$T/armed"
		exit "$rc"
		' "$hook" "$step" "$backend" "$loaded" "$state" "$initrd" "$cma" \
		>"$tmp/out" 2>&1
	rc=$?
	armed=$(cat "$tmp/armed")
	calls=$(paste -sd '|' "$tmp/calls")
	say=$(grep '^kexeccma:' "$tmp/out" | head -n 1)
}

# After the hand-over: the initramfs's image is replaced by kdumpctl's.
echo 0 >"$tmp/start-rc"
run post-start kdumpctl 1 direct
is "$rc" 0 "post-start, loaded from the initramfs: the step succeeds"
is "$calls" "kexeccma start --backend kdumpctl" \
	"post-start, loaded from the initramfs: reloads through kdumpctl, no status call"
is "$say" "kexeccma: replacing the crash kernel loaded from the initramfs with kdumpctl's own" \
	"post-start, loaded from the initramfs: says so"
# That reload fails but kexeccma armed the old image again: kept.
echo 7 >"$tmp/start-rc"
echo 1 >"$tmp/left"
run post-start kdumpctl 1 direct
is "$rc" 0 "post-start, failed reload, old image armed again: the service runs on"
check_kept=$(grep -c 'the one loaded from the initramfs stays armed' "$tmp/out")
is "$check_kept" 1 "post-start, failed reload, old image armed again: one line says it stays armed"
# ... and nothing is left loaded: the step fails, stop frees the area.
echo 0 >"$tmp/left"
run post-start kdumpctl 1 direct
is "$rc" 1 "post-start, failed reload, nothing loaded: the step fails"
# Loaded by kdumpctl itself: start (a no-op unless its initrd changed).
echo 7 >"$tmp/start-rc"
run post-start kdumpctl 1 kdumpctl
is "$rc" 7 "post-start, loaded by kdumpctl: start's failure is the step's"
is "$calls" "kexeccma start --backend kdumpctl" "post-start, loaded by kdumpctl: start through kdumpctl"
# Loaded by something kexeccma does not know (99earlykdump): untouched.
run post-start kdumpctl 1 none
is "$rc/$calls" "0/" "post-start, loaded by another tool: nothing is run"
run post-start kdump-config 1 kdumpctl
is "$rc/$calls" "0/" "post-start, loaded by the other front end: nothing is run"

# Before the front end starts, with the initramfs's image loaded: its
# initrd is built if missing (the reload needs it), nothing allocated.
run pre-start kdumpctl 1 direct no
is "$rc" 0 "pre-start, loaded from the initramfs: the step succeeds"
is "$calls" "kdumpctl rebuild" \
	"pre-start, loaded from the initramfs, no kdump initrd: kdumpctl rebuild, no allocation"
run pre-start kdumpctl 1 direct yes
is "$rc/$calls" "0/" "pre-start, loaded from the initramfs, kdump initrd built: nothing is run"
run pre-start kdump-config 1 direct no
is "$rc/$calls" "0/" "pre-start for kdump-config, loaded from the initramfs: nothing is run (kdump-config makes no links while loaded)"
run pre-start kdumpctl 1 none no
is "$rc/$calls" "0/" "pre-start, loaded by another tool: nothing is run"
run pre-start kdumpctl 0 none yes
is "$rc/$calls" "0/kexeccma allocate --backend kdumpctl" \
	"pre-start, nothing loaded: allocate for kdumpctl"
is "$armed" yes "pre-start in CMA mode: the arm file stays (kexeccma replaces it)"

# Classic mode: nothing runs, nothing is said, and an arm file left by a
# boot that crashed in CMA mode goes, so that this front end's capture is
# not recorded as one kexeccma armed.
run pre-start kdump-config 0 none yes 0
is "$rc/$calls/$say" "0//" "pre-start, classic mode: nothing runs, nothing is said"
is "$armed" no "pre-start, classic mode: a stale arm file is removed"
run post-start kdump-config 1 none yes 0
is "$rc/$calls/$armed" "0//yes" "post-start, classic mode: nothing runs"
echo "1..$n"
exit "$failed"
