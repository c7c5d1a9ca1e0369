#!/bin/bash
# dracut/99kexeccma at build time, with the real dracut 059 and no guest:
# when no kdump initrd exists for the kernel (the state right after a
# kernel update) and kexeccma_initrd is not set, the module warns and
# leaves itself out instead of arming a capture kernel that cannot mount
# its root; kexeccma_initrd=none asked for explicitly is honoured; a
# named initrd or a crash kernel that does not exist is refused too.
#
# The kernel version is made up, so that no /boot or /var/lib/kdump file
# of this machine matches it; the crash kernel is a stand-in file (the
# image is never booted).
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"

command -v dracut >/dev/null || skip_all "dracut is not installed"
helper=$KX_TOP/kdumpctl-ext/kexeccma
kver=0.0.0-kexeccma-noinitrd
out=$KX_BUILD/dracut-noinitrd
rm -rf "$out"
mkdir -p "$out"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kexeccma-dracut.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

check "the kexeccma helper is built" test -x "$helper"
for f in "/boot/initramfs-${kver}kdump.img" \
	"/var/lib/kdump/initramfs-${kver}kdump.img" \
	"/var/lib/kdump/initrd.img-$kver"; do
	check "no kdump initrd $f on this machine" test ! -e "$f"
done
mkdir -p "$tmp/base" "$tmp/conf.d"
cp -as /usr/lib/dracut/. "$tmp/base/"
cp -r "$KX_TOP/dracut/99kexeccma" "$tmp/base/modules.d/"
head -c 4096 /dev/zero >"$tmp/vmlinuz"

# build NAME [CONF-LINE...]: an initramfs with the shipped example and
# the lines given; NAME.log has dracut's output, NAME.list lsinitrd's.
# shellcheck disable=SC2317 # called through check
build() {
	local name=$1
	shift
	rm -f "$tmp/conf.d/"*
	{
		cat "$KX_TOP/dracut/99kexeccma/kexeccma.conf.example"
		echo "kexeccma_helper=\"$helper\""
		printf '%s\n' "$@"
	} >"$tmp/conf.d/90-kexeccma.conf"
	dracutbasedir="$tmp/base" dracut --conf /dev/null \
		--confdir "$tmp/conf.d" --force --no-kernel --no-hostonly \
		--no-early-microcode --gzip -m base \
		"$out/$name.img" "$kver" >"$out/$name.log" 2>&1 || return 1
	lsinitrd "$out/$name.img" >"$out/$name.list" 2>&1
}

# has / lacks NAME PATTERN: the image lists a path matching PATTERN, or
# none does.
# shellcheck disable=SC2317 # called through check
has() {
	grep -q "$2" "$out/$1.list"
}
# shellcheck disable=SC2317 # called through check
lacks() {
	test -s "$out/$1.list" && ! grep -q "$2" "$out/$1.list"
}

# 1. No kdump initrd, none asked for: warned and left out.
check "dracut still builds the initramfs with no kdump initrd" \
	build noinitrd "kexeccma_kernel=\"$tmp/vmlinuz\""
check "one warning says no kdump initrd exists and what to do" \
	grep -q "kexeccma: no kdump initrd for kernel $kver yet; module left out.*kdumpctl rebuild.*kexeccma_initrd=none" \
	"$out/noinitrd.log"
check "the image has no kexeccma hook" lacks noinitrd arm-kexeccma
check "the image has no kexeccma helper" lacks noinitrd ' usr/sbin/kexeccma$'
check "the image has no kexeccma-dracut.conf" lacks noinitrd kexeccma-dracut.conf

# 2. kexeccma_initrd=none, asked for: a capture kernel without initrd.
check "dracut builds the initramfs with kexeccma_initrd=none" \
	build none "kexeccma_kernel=\"$tmp/vmlinuz\"" 'kexeccma_initrd="none"'
check "kexeccma_initrd=none: the hook is in" has none 'cmdline/00-arm-kexeccma.sh$'
check "kexeccma_initrd=none: no warning" \
	test "$(grep -c 'kexeccma:' "$out/none.log")" = 0
lsinitrd -f etc/kexeccma-dracut.conf "$out/none.img" >"$out/none.conf" 2>&1
check "kexeccma_initrd=none: the hook loads no initrd" \
	grep -qx "KEXECCMA_INITRD='none'" "$out/none.conf"

# 3. A named initrd that does not exist, and a missing crash kernel.
check "dracut builds the initramfs with a missing kexeccma_initrd" \
	build missing "kexeccma_kernel=\"$tmp/vmlinuz\"" \
	"kexeccma_initrd=\"$tmp/nosuch.img\""
check "a missing kexeccma_initrd is named in a warning" \
	grep -q "kexeccma: crash initrd $tmp/nosuch.img not found; module left out" \
	"$out/missing.log"
check "a missing kexeccma_initrd: no hook" lacks missing arm-kexeccma
check "dracut builds the initramfs with a missing crash kernel" \
	build nokernel "kexeccma_kernel=\"$tmp/nosuch\"" 'kexeccma_initrd="none"'
check "a missing crash kernel is named in a warning" \
	grep -q "kexeccma: crash kernel $tmp/nosuch not found; module left out" \
	"$out/nokernel.log"
check "a missing crash kernel: no hook" lacks nokernel arm-kexeccma
done_testing
