# shellcheck shell=sh
# While a crash kernel is loaded every resize is refused and changes
# nothing; after unloading it works again. Both load system calls.
# shellcheck source=tests/vm/guest/cma-lib.sh
. "$KX_TESTS/guest/cma-lib.sh"
wr alloc 128
state alloc
for how in load file; do
	opt=""
	[ $how = file ] && opt=-s
	# shellcheck disable=SC2086
	load_crash_kernel $opt
	fact "$how.loaded" "$(cat /sys/kernel/kexec_crash_loaded)"
	for s in 0 64 256 128 abc; do
		wr "$how.w$s" "$s"
		state "$how.w$s"
	done
	# shellcheck disable=SC2086
	kexec -p -u $opt
	fact "$how.unloaded" "$(cat /sys/kernel/kexec_crash_loaded)"
	wr "$how.after" 64
	state "$how.after"
	wr "$how.back" 128
	state "$how.back"
done
wr free 0
state free
