#!/bin/bash
# Static checks of the project's shell code: shellcheck on every script,
# POSIX sh where dracut or the guest initramfs sources it.
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
n=0
failed=0
check_file() {
	n=$((n + 1))
	if out=$(shellcheck -x "$@" 2>&1); then
		echo "ok $n - shellcheck ${*: -1}"
	else
		failed=$((failed + 1))
		echo "not ok $n - shellcheck ${*: -1}"
		printf '%s\n' "$out" | sed 's/^/# /'
	fi
}
for f in scripts/* .ci/run tests/*.t tests/lib-files.sh tests/vm/lib*.sh tests/vm/t/*.t \
	tests/distro/build-rootfs tests/distro/make-image tests/distro/build-kdumpctl-initrd tests/distro/rootfs.sh \
	bench/run bench/report bench/capture bench/capture-report \
	bench/lib.sh tests/stress/*.t tests/stress/*.sh tests/stress/build-helpers \
	tests/fuzz/*.t tests/unit/*.t tests/vm/cma/*.sh tests/vm/cma/build-helpers; do
	[ -f "$f" ] && check_file "$f"
done
for f in tests/vm/guest/*.sh dracut/99kexeccma/*.sh dracut/99kexeccma-record/*.sh \
	kdumpctl-ext/integration/kdump-service.in \
	kdumpctl-ext/integration/capture-record.in \
	tests/distro/kdumpctl-capture/99kdumpbase/*.sh \
	tests/distro/root/usr/local/sbin/kx-driver \
	tests/distro/root/usr/bin/kdumpctl \
	debian/*.preinst debian/*.postinst debian/*.prerm debian/*.postrm; do
	[ -f "$f" ] && check_file -s sh "$f"
done
# dracut sources its configuration files with bash.
check_file -s bash dracut/99-kexeccma-record.conf
echo "1..$n"
[ "$failed" -eq 0 ]
