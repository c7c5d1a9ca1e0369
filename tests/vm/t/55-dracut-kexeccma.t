#!/bin/bash
# dracut/99kexeccma with the real dracut 059: an initramfs with the module
# (dracut --add kexeccma) arms kdump from its cmdline hook, before the
# initramfs would hand over to a root; a crash from the initramfs is
# captured and the dump checked here. Without rd.kexeccma nothing is
# allocated; a size larger than the area lets the boot go on with nothing
# allocated; a capture initrd built as mkdumprd builds it (IN_KDUMP=1)
# leaves the module out even when dracut.conf asks for it.
#
# dracut finds modules only in $dracutbasedir/modules.d: the test builds
# with a private dracutbasedir (symbolic links to this machine's dracut
# plus the module), so nothing is left in /usr/lib/dracut.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"

command -v dracut >/dev/null || skip_all "dracut is not installed"
helper=$KX_TOP/kdumpctl-ext/kexeccma
out=$KX_BUILD/dracut-kexeccma
rm -rf "$out"
mkdir -p "$out"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kexeccma-dracut.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

check "the kexeccma helper is built" test -x "$helper"
mkdir -p "$tmp/base" "$tmp/conf.d"
cp -as /usr/lib/dracut/. "$tmp/base/"
cp -r "$KX_TOP/dracut/99kexeccma" "$tmp/base/modules.d/"
# What an administrator puts in dracut.conf.d: the shipped example (the
# module, except in capture initrds), and the crash kernel and initrd to
# carry (here the VM tests' own).
cp "$KX_TOP/dracut/99kexeccma/kexeccma.conf.example" "$tmp/conf.d/90-kexeccma.conf"
cat >>"$tmp/conf.d/90-kexeccma.conf" <<CONF
kexeccma_helper="$helper"
kexeccma_kernel="$KX_KERNEL"
kexeccma_initrd="$KX_INITRD"
CONF

# build OUT [VAR=VALUE...] [-- DRACUT-OPTION...]: the VM tests'
# initramfs recipe, in the private dracutbasedir.
# shellcheck disable=SC2317 # called through check
build() {
	local img=$1 envs=()
	shift
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		envs+=("$1")
		shift
	done
	[ $# -gt 0 ] && shift
	env "${envs[@]}" dracutbasedir="$tmp/base" dracut --conf /dev/null \
		--confdir "$tmp/conf.d" --force --no-kernel --no-hostonly \
		--no-early-microcode --gzip -m base \
		-I "/sbin/kexec /usr/bin/makedumpfile /bin/busybox" \
		--include "$KX_TOP/tests/vm/guest/hook.sh" \
		/usr/lib/dracut/hooks/cmdline/05-kexeccma-test.sh \
		"$@" "$img" 6.1-kexeccma-test >"$img.log" 2>&1
}

start=$(date +%s)
check "dracut built an initramfs with --add kexeccma" build "$out/initrd.img"
diag "dracut took $(($(date +%s) - start))s"
lsinitrd "$out/initrd.img" >"$out/initrd.list" 2>&1
check "the initramfs holds the helper" grep -q ' usr/sbin/kexeccma$' "$out/initrd.list"
check "the initramfs holds the crash kernel" grep -q " ${KX_KERNEL#/}\$" "$out/initrd.list"
check "the initramfs holds the crash initrd" grep -q " ${KX_INITRD#/}\$" "$out/initrd.list"
hook=$(sed -n 's|.* usr/lib/dracut/hooks/cmdline/\([^ ]*kexeccma[^ ]*\)$|\1|p' "$out/initrd.list" | grep -v test)
is "$hook" 00-arm-kexeccma.sh "the hook is a cmdline hook, 00-arm-kexeccma.sh"
check "it sorts before 99earlykdump's 00-early-kdump.sh" \
	test "$(printf '%s\n' "$hook" 00-early-kdump.sh | LC_ALL=C sort | head -n 1)" = "$hook"

# A capture initrd, built as mkdumprd does: IN_KDUMP=1 and the same
# dracut.conf.d. The module stays out; asked for by name, it refuses.
check "dracut built a capture initrd with IN_KDUMP=1" \
	build "$out/capture.img" IN_KDUMP=1
lsinitrd "$out/capture.img" >"$out/capture.list" 2>&1
check "the capture initrd is a real image" grep -q ' usr/sbin/kexec$' "$out/capture.list"
check "the capture initrd has no kexeccma hook" \
	test "$(grep -c 'arm-kexeccma' "$out/capture.list")" = 0
check "the capture initrd has no kexeccma helper" \
	test "$(grep -c 'usr/sbin/kexeccma' "$out/capture.list")" = 0
# shellcheck disable=SC2317 # called through check
refused() {
	! build "$out/refused.img" IN_KDUMP=1 -- --add kexeccma &&
		grep -q "kexeccma' cannot be found or installed" "$out/refused.img.log"
}
check "with IN_KDUMP=1, dracut --add kexeccma refuses the module (check() says never)" \
	refused

area=256
# 1. rd.kexeccma: armed before hand-over, crash from the initramfs.
vm_run dracut-arm --mem 1G --timeout 120 --initrd "$out/initrd.img" \
	--append "crashkernel=${area}M rd.kexeccma=1"
check_vm_ended dracut-arm
check_log_clean dracut-arm
is_fact first.capacity $((area << 20)) "the crash CMA area holds ${area} MiB"
is_fact first.loaded 1 "the crash kernel was loaded by the initramfs hook"
est=$(sed -n 's/^{"size_mib":\([0-9]*\),.*/\1/p' "$KX_RUN/out/estimate.json")
check "the helper's estimate is known ($est MiB)" test -n "$est"
is_fact first.crash_size $((est << 20)) "the area holds the helper's $est MiB"
is "$(head -n 1 "$KX_RUN/out/cmdline-hooks.txt")" 00-arm-kexeccma.sh \
	"00-arm-kexeccma.sh ran first among the cmdline hooks"
check "the state names the crash kernel at its host path" \
	grep -qx "kernel=$KX_KERNEL" "$KX_RUN/out/state"
check "the state's kernel id is the host file's (size:mtime), for the hand-over" \
	grep -qx "kernel_id=$(stat -c %s:%Y "$KX_KERNEL")" "$KX_RUN/out/state"
check "the state's initrd id is the host file's" \
	grep -qx "initrd_id=$(stat -c %s:%Y "$KX_INITRD")" "$KX_RUN/out/state"
check "the capture command line has no rd.kexeccma" \
	test -n "$(fact capture.cmdline)" -a "$(fact capture.cmdline | grep -c rd.kexeccma)" = 0
is_fact capture.rc 0 "the capture kernel ran makedumpfile"
check_dump dracut-arm

# 2. The module present, rd.kexeccma absent: nothing happens.
vm_run dracut-noarg --mem 1G --timeout 60 --initrd "$out/initrd.img" \
	--append "crashkernel=${area}M"
check_vm_ended dracut-noarg
check_log_clean dracut-noarg
is_fact first.capacity $((area << 20)) "no rd.kexeccma: the area exists"
is_fact first.crash_size 0 "no rd.kexeccma: nothing allocated"
is_fact first.loaded 0 "no rd.kexeccma: nothing loaded"
is_fact first.rc 0 "no rd.kexeccma: the boot went on"

# 3. More than the area holds: one line, boot goes on, area free.
vm_run dracut-toolarge --mem 1G --timeout 60 --initrd "$out/initrd.img" \
	--append "crashkernel=${area}M rd.kexeccma=$((area * 2))M"
check_vm_ended dracut-toolarge
check_log_clean dracut-toolarge
is_fact first.rc 0 "too large: the boot went on"
is_fact first.crash_size 0 "too large: nothing allocated"
is_fact first.loaded 0 "too large: nothing loaded"
check "too large: one line says kdump was not armed and why" \
	test "$(grep -c 'kexeccma: kdump not armed from the initramfs (exit 5): .*exceeds the crash CMA area' "$KX_LOG")" = 1
done_testing
