# shellcheck shell=sh
# The LUKS2 dump target of bench/capture --luks, on the second disk
# (/dev/vdb), run by kx-driver in a boot of Debian's own kernel (the
# test kernel has no dm-crypt). Input in the "in" share: "luks-mode",
# "format" or "fetch", and for format "luks-kib", the argon2id memory
# cost. format makes the volume with the image's key file and an ext4
# file system in it; fetch copies what the capture saved there to the
# root's /var/crash, where the host reads it with debugfs. Facts only.

[ "$KX_PHASE" = test ] || return 0
read -r mode <"$KX_IN/luks-mode"
key=/etc/kx-crash.key
modprobe dm_crypt 2>/dev/null || true
case $mode in
format)
	read -r kib <"$KX_IN/luks-kib"
	# A fixed cost, not cryptsetup's benchmark of this guest: the
	# memory is what the cell is about, the iterations only cost time.
	cryptsetup luksFormat --batch-mode --type luks2 --pbkdf argon2id \
		--pbkdf-memory "$kib" --pbkdf-force-iterations 4 \
		--pbkdf-parallel 1 --key-file "$key" /dev/vdb
	cryptsetup open --key-file "$key" /dev/vdb kxsetup
	mkfs.ext4 -q /dev/mapper/kxsetup
	cryptsetup close kxsetup
	cryptsetup luksDump /dev/vdb >"$KX_OUT/luks-dump.txt"
	;;
fetch)
	# Read-write: the capture rebooted without unmounting, so ext4
	# replays its journal first.
	cryptsetup open --key-file "$key" /dev/vdb kxfetch
	mkdir -p /run/kxfetch
	mount -o ro /dev/mapper/kxfetch /run/kxfetch
	cp -a /run/kxfetch/. /var/crash/
	ls -lR /var/crash >"$KX_OUT/luks-fetch.txt" 2>&1
	umount /run/kxfetch
	cryptsetup close kxfetch
	;;
*)
	echo "luks-disk: luks-mode format or fetch, not $mode" >&2
	return 1
	;;
esac
fact luks.done "$mode"
