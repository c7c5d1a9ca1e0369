# shellcheck shell=sh
# kxcma.cycles allocate/free cycles of kxcma.size MiB; count failures.
# shellcheck source=tests/vm/guest/cma-lib.sh
. "$KX_TESTS/guest/cma-lib.sh"
# Page cache comes and goes in the area too: drop it around the figures.
sync
echo 3 >/proc/sys/vm/drop_caches
state boot
n=$(kx_arg kxcma.cycles)
size=$(kx_arg kxcma.size)
fails=0
i=0
start=$(cut -d' ' -f1 /proc/uptime)
while [ $i -lt "$n" ]; do
	i=$((i + 1))
	a=$("$KXCMA" write "$size")
	b=$("$KXCMA" write 0)
	if [ "${a% *}" != OK ] || [ "${b% *}" != OK ]; then
		fails=$((fails + 1))
		fact "fail.$i" "$a / $b"
	fi
	if [ $i = 1 ]; then
		sync
		echo 3 >/proc/sys/vm/drop_caches
		state first
	fi
done
fact cycles.done "$i"
fact cycles.fails "$fails"
fact cycles.seconds "$start $(cut -d' ' -f1 /proc/uptime)"
sync
echo 3 >/proc/sys/vm/drop_caches
state end
