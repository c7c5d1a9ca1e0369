# shellcheck shell=sh
# Endurance (see t/74-rel-endurance.t and tests/stress): kxst.cycles
# writes of random sizes to kexec_crash_size, valid (plain MiB or with a
# suffix, growing and shrinking what is held; a grow without room beside
# the held range must fail with ENOMEM and keep it) and invalid (not a multiple
# of 16 MiB, beyond the area, malformed), each followed half the time by
# a free. Every outcome is compared with the ABI; every 100 cycles the
# kernel's views are recorded; at the end everything is freed and CmaFree,
# unreclaimable slab and (debug kernel) kmemleak are checked.
# shellcheck source=tests/vm/guest/stress-lib.sh
. "$KX_TESTS/guest/stress-lib.sh"

# room: MiB of the largest free stretch of the area beside the range
# held (the whole area when nothing is held). A grow takes its new range
# while the old one is still held, so a larger size than this is ENOMEM.
room() {
	[ "$cur" = 0 ] && { echo "$CAP_MIB"; return; }
	start=$(sed -n 's/^ *\([0-9a-f]*\)-[0-9a-f]* : Crash kernel$/\1/p' /proc/iomem)
	below=$(((0x$start >> 20) - ((CMA_BASE * 4096) >> 20)))
	above=$((CAP_MIB - below - cur))
	[ "$below" -gt "$above" ] && echo "$below" || echo "$above"
}

N=$(kx_arg kxst.cycles || echo 100)
settle
sstate boot
fact boot.sunreclaim_kb "$(meminfo SUnreclaim)"
INVALID="17 abc -16 16.5 \\n 0x10 16Q 99999999999999999999 16K 1T 32MB+"
# shellcheck disable=SC2086 # split into words on purpose
set -- $INVALID
NINV=$#
i=0
cur=0
mism=0
allocs=0
frees=0
invalid=0
sizebad=0
# One random number per cycle, drawn up front: forks are slow under TCG.
"$KXS" rand 1000000000 "$N" >/run/kx/rand
exec 3</run/kx/rand
t0=$(cut -d' ' -f1 /proc/uptime)
while [ $i -lt "$N" ]; do
	i=$((i + 1))
	read -r r <&3
	new=$cur
	pick=$((16 * ((r / 10) % (CAP_MIB / 16) + 1)))
	case $((r % 10)) in
	[0-5])
		new=$pick
		v=$new
		[ $((r % 10)) = 5 ] && v=${new}M
		want=OK
		[ "$new" -gt "$cur" ] && [ "$new" -gt "$(room)" ] && want=ENOMEM
		;;
	6)
		v=$((CAP_MIB + 16 * ((r / 10) % 4 + 1)))
		want=EINVAL
		;;
	7 | 8)
		# shellcheck disable=SC2086
		set -- $INVALID
		shift $(((r / 10) % NINV))
		v=$1
		want=EINVAL
		;;
	9)
		new=0
		v=0
		want=OK
		;;
	esac
	res=$("$KXCMA" write "$v")
	got=${res% *}
	if [ "$got" != "$want" ]; then
		mism=$((mism + 1))
		fact "mismatch.$i" "'$v' want $want got $got"
		[ "$got" = OK ] || new=$cur
	fi
	[ "$want" = EINVAL ] && invalid=$((invalid + 1))
	[ "$want" = ENOMEM ] && new=$cur
	[ "$want" = OK ] && [ "$new" != 0 ] && allocs=$((allocs + 1))
	cur=$new
	read -r sz <"$CRASH_SIZE"
	if [ "$sz" != $((cur << 20)) ]; then
		sizebad=$((sizebad + 1))
		cur=$((sz >> 20))
	fi
	if [ $(((r / 100000) % 2)) = 0 ] && [ "$cur" != 0 ]; then
		res=$("$KXCMA" write 0)
		[ "${res% *}" = OK ] || mism=$((mism + 1))
		cur=0
		frees=$((frees + 1))
	fi
	if [ $((i % 100)) = 0 ]; then
		sstate "c$i"
	fi
done
exec 3<&-
fact cycles.seconds "$t0 $(cut -d' ' -f1 /proc/uptime)"
fact cycles.done "$i"
fact cycles.mismatches "$mism"
fact cycles.sizebad "$sizebad"
fact cycles.allocs "$allocs"
fact cycles.frees "$frees"
fact cycles.invalid "$invalid"
wr end.free 0
settle
sstate end
fact end.sunreclaim_kb "$(meminfo SUnreclaim)"
kmemleak_scan end
