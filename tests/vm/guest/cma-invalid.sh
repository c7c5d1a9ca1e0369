# shellcheck shell=sh
# Every malformed or out of range size is refused and changes nothing,
# with nothing and with 32 MiB allocated. The inputs are listed in
# t/12-cma-invalid.t, which passes them in $KX_INVALID_FILE's place: the
# file cma/invalid-inputs, one per line ("\n" stands for a newline).
# shellcheck source=tests/vm/guest/cma-lib.sh
. "$KX_TESTS/guest/cma-lib.sh"
state boot
for phase in nothing allocated; do
	if [ $phase = allocated ]; then
		wr alloc 32
		state alloc
	fi
	i=0
	while IFS= read -r input; do
		i=$((i + 1))
		fact "$phase.$i.input" "$input"
		wr "$phase.$i" "$input"
		state "$phase.$i"
	done <"$KX_TESTS/cma/invalid-inputs"
	fact "$phase.count" "$i"
done
wr free 0
state free
