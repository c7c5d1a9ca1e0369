# Host side of the reliability tests (tests/stress/*.t and
# tests/vm/t/7x-8x): source after tests/vm/lib.sh. See docs/reliability.md.
# shellcheck shell=bash

# shellcheck source=tests/vm/cma/lib.sh
. "$KX_TOP/tests/vm/cma/lib.sh"

KX_STRESS_IN=$KX_BUILD/stress-in${KX_CC:+-$KX_ARCH}

# stress_setup: skip unless the kernel has KEXEC_CMA; build kxstress,
# kxcma and the helper and hand them to the guest in /kx/in.
stress_setup() {
	need_kexec_cma "$KX_TOP/tests/stress/build-helpers" "$KX_STRESS_IN"
}

# in_set VALUE WORD...: VALUE is one of the words.
in_set() {
	local v=$1 w
	shift
	for w in "$@"; do [ "$v" = "$w" ] && return 0; done
	return 1
}

# agree KEY DESC: after step KEY the kernel's three views of the crash
# area agree: kexec_crash_size, the Crash kernel ranges of /proc/iomem
# (the main one plus, above 4G, the whole low area) and debugfs
# cma/kexec_crash/used (and kexec_crash_low/used).
agree() {
	local size ranges used low=0
	size=$(fact "$1.size")
	ranges=$(fact "$1.iomem")
	used=$(fact "$1.main.used")
	case $(fact "$1.low.used") in
	'' | none) ;;
	*) low=$(($(fact "$1.low.used") * 4096)) ;;
	esac
	if [ -n "$size" ] && [ "$(iomem_sum "$ranges")" = "$((size + low))" ] &&
		[ "$((used * 4096))" = "$size" ]; then
		ok "$2: kexec_crash_size, /proc/iomem and debugfs agree ($((size >> 20)) MiB)"
	else
		not_ok "$2: kexec_crash_size, /proc/iomem and debugfs agree"
		diag "  size '$size', iomem '$ranges', used pages '$used', low area $low bytes"
	fi
}

# nothing_held KEY DESC: nothing allocated and nothing loaded after KEY.
nothing_held() {
	is "$(fact "$1.size")/$(fact "$1.iomem")/$(fact "$1.main.used")/$(fact "$1.loaded")" \
		"0//0/0" "$2: nothing allocated, no Crash kernel range, debugfs used 0, nothing loaded"
}

# kmemleak_clean KEY [WHAT]: on a kernel with kmemleak, its scans at step
# KEY reported nothing (the guest records "none" without kmemleak).
kmemleak_clean() {
	[ "$(fact "$1.kmemleak")" = none ] && return 0
	is_fact "$1.kmemleak" 0 "${2:+$2: }kmemleak reports nothing"
}
