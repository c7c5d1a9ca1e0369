#!/bin/bash
# Debian's kdump-tools capturing with Debian's own kernel (6.1, from the
# security suite, with its modules) and the initrd kdump-tools' kernel
# hook built for it, on a crash CMA area armed by the installed kexeccma
# package at its automatic size (no fixture "extra"). Two crashes show the
# feedback loop: the first capture, armed from the model, records its
# peak memory beside the dump; the next boot sizes from that record
# ("source": "record") and its capture saves a dump too. Both dumps are
# read on the host. KX_CAPTURE_FLOW=kdumpctl runs the same with
# kdump.service, the stand-in kdumpctl and a kdumpctl-style dracut initrd
# (53-distro-kdumpctl-capture.t).
# shellcheck source=tests/vm/lib-disk.sh
. "$(dirname "$0")/../lib-disk.sh"

for tool in mmdebstrap mkfs.ext4 debugfs; do
	command -v "$tool" >/dev/null || skip_all "$tool is not installed"
done

flow=${KX_CAPTURE_FLOW:-kdump-tools}
if [ "$flow" = kdumpctl ]; then
	name=distro-kdumpctl-capture image_opt=--capture-kdumpctl dumps=vmcore
else
	name=distro-capture image_opt=--capture dumps='dump.*'
fi
runs=$(kx_runs)
img=$runs/$name.img
mkdir -p "$runs"
start=$(date +%s)
if ! "$KX_TOP/tests/distro/make-image" "$image_opt" "$img" \
	>"$runs/$name-image.log" 2>&1; then
	not_ok "the Debian test image with Debian's kernel was built"
	sed 's/^/#   /' "$runs/$name-image.log" | tail -n 20
	done_testing
fi
ok "the Debian test image with Debian's kernel was built in $(($(date +%s) - start))s"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kexeccma-capture.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
echo 2 >"$tmp/crashes"
echo "$flow" >"$tmp/flow"
export KX_EXTRA_IN=$tmp

area=512
# Five kernels under TCG: first, capture, first, capture, first; each
# boots systemd from the disk.
vm_run_disk "$name" --disk "$img" --mem 2G --smp 1 --timeout 1200 \
	--append "crashkernel=${area}M"
check_disk_finished "$name"
check_log_clean "$name"
is "$KX_BOOTS" 5 "five kernels booted: first, capture, first, capture, first"
check "the capture kernel was Debian's" \
	grep -q 'Linux version 6\.1\.0-[0-9]*-amd64 .*Debian' "$KX_LOG"

# json BOOT KEY: the first KEY of that boot's "kexeccma estimate --json"
# (the top level's size_mib comes first, before the model's).
json() {
	grep -o "\"$2\":\"\{0,1\}[^,\"}]*" "$KX_RUN/out/$1-estimate.json" |
		head -n 1 | sed 's/.*[:"]//'
}

# Boot 1: armed from the model; the capture it leads to records.
est1=$(json boot1 size_mib)
check "boot 1: the helper estimated a size ($est1 MiB)" test -n "$est1"
is "$(json boot1 source)" model "boot 1: from the model (no capture yet)"
is_fact boot1.crash_size $((${est1:-0} << 20)) "boot 1: $flow armed at the estimate"
is_fact boot1.loaded 1 "boot 1: crash kernel loaded"
check "boot 1: the arm file names Debian's kernel" \
	grep -q '^kernel=/boot/vmlinuz-6\.1\.0-[0-9]*-amd64$' "$KX_RUN/out/boot1-armed"
is_fact boot1.records 0 "boot 1: no capture record yet"

# Boot 2 (the first kernel again): the first capture's record.
rec=$KX_RUN/out/boot2-record-1
is_fact boot2.records 1 "boot 2: the first capture left one record"
check "the record names what boot 1 armed" \
	grep -qx "initrd_id=$(sed -n 's/^initrd_id=//p' "$KX_RUN/out/boot1-armed")" "$rec"
is "$(sed -n 's/^area_mib=//p' "$rec")" "$est1" "the record says the capture ran in $est1 MiB"
peak=$(sed -n 's/^peak_used_kib=//p' "$rec")
ram=$(sed -n 's/^ram_kib=//p' "$rec")
check "the record says the dump was saved" grep -qx 'dump=1' "$rec"
check "the record has a peak below the RAM the capture saw ($((${peak:-0} >> 10)) of $((${ram:-0} >> 10)) MiB)" \
	test "${peak:-0}" -gt 0 -a "${peak:-0}" -lt "${ram:-0}"
# A capture in the initramfs saves a small dump in about a second: the
# sampler must have sampled beyond its first look, not every 0.1 s.
check "the sampler ran through the capture ($(sed -n 's/^samples=//p' "$rec") samples)" \
	test "$(sed -n 's/^samples=//p' "$rec")" -ge 3
is "$(json boot2 source)" record "boot 2: the estimate comes from the record"
est3=$(json boot2 size_mib)
diag "model: $est1 MiB; from the measured peak: $est3 MiB"
is_fact boot2.crash_size $((${est3:-0} << 20)) "boot 2: $flow armed at the measured size"
check "boot 2's estimate says where it came from" \
	grep -q 'measured in the capture of' "$KX_RUN/out/boot2-estimate.txt"
is_fact boot3.records 2 "boot 3: the second capture left a record too"

if [ "$flow" = kdumpctl ]; then
	check "the capture command line had no root= (as kdumpctl's)" \
		sh -c "! grep -a 'Command line:.*elfcorehdr=' '$KX_LOG' | grep -q ' root='"
	check "the estimate counted the tmpfs the initramfs unpacks into" \
		grep -q '"tmpfs_cap":[1-9]' "$KX_RUN/out/boot1-estimate.json"
fi

# Both dumps, saved in the capture, read on the host.
crash=$KX_RUN/var-crash
disk_rdump "$img" /var/crash "$crash"
n=0
while IFS= read -r dump; do
	n=$((n + 1))
	check_dump_file "capture $n ($(basename "$(dirname "$dump")"))" "$dump"
done < <(find "$crash" -name "$dumps" -type f ! -name '*.kdump' | sort)
is "$n" 2 "two dumps were saved"
diag "Debian kernel capture cycles ($flow): ${KX_ELAPSED}s under TCG"
done_testing
