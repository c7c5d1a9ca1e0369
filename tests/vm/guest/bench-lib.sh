# shellcheck shell=sh
# Helpers of the benchmark guest scripts (bench-*.sh, run by bench/run).
# Sourced, not a test of its own: booted as one it does nothing.

# bench_arg NAME: the value of NAME=VALUE on the kernel command line.
bench_arg() {
	read -r bench_cmdline </proc/cmdline
	for bench_word in $bench_cmdline; do
		case $bench_word in
		"$1"=*) echo "${bench_word#*=}"; return 0 ;;
		esac
	done
	return 1
}

# The test initramfs has no gzip of its own; kexeccma runs the system's
# decompressor to size a gzip initrd, and busybox's will do.
bench_gzip() {
	[ -e /usr/bin/gzip ] || ln -s busybox /usr/bin/gzip
}

# bench_estimate: what `kexeccma estimate` recommends for this machine and
# the shared kernel and initrd, in MiB; its JSON goes to the out share.
bench_estimate() {
	bench_gzip
	"$KX_IN/kexeccma" estimate --json --kernel "$KX_IN/bzImage" \
		--initrd "$KX_IN/initrd.img" --cmdline "$(capture_cmdline)" \
		>"$KX_OUT/estimate.json"
	sed -n 's/^{"size_mib":\([0-9]*\),.*/\1/p' "$KX_OUT/estimate.json"
}
