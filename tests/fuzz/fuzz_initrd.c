// SPDX-License-Identifier: GPL-2.0-only
/*
 * Initrd and kernel image headers: the streaming cpio parser fed in
 * chunks whose sizes come from the first input byte, the compression
 * magic detection, the segment bounds of frame.c (zstd, xz, lz4, bzip2,
 * gzip) on the input as a file, and the bzImage/ELF header parser.
 */
#include <sys/mman.h>
#include <unistd.h>

#include "frame.h"
#include "fuzz.h"
#include "initrd.h"
#include "kimage.h"

/* Where each segment kind would end if it started at byte 0. */
static void bounds(const uint8_t *data, size_t size)
{
	int fd = memfd_create("fuzz", MFD_CLOEXEC);
	uint64_t end;

	if (fd < 0)
		return;
	if (write(fd, data, size) == (ssize_t)size) {
		if (!kc_zstd_end(fd, 0, size, &end))
			fz_assert(end <= size);
		if (!kc_xz_end(fd, 0, size, &end))
			fz_assert(end <= size);
		if (!kc_lz4_end(fd, 0, size, &end))
			fz_assert(end <= size);
		if (!kc_bzip2_end(fd, 0, size, &end))
			fz_assert(end <= size);
		if (!kc_gzip_end(fd, 0, size, kc_crc32(0, data, size), size,
				 &end))
			fz_assert(end <= size);
	}
	close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kc_cpio c;
	struct kc_kimage ki;
	size_t chunk, off = 0, used;
	int ret = 0;

	if (size < 1)
		return 0;
	chunk = (size_t)data[0] % 97 + 1;
	data++;
	size--;
	kc_cpio_init(&c);
	while (off < size && !ret) {
		size_t n = size - off < chunk ? size - off : chunk;

		used = 0;
		ret = kc_cpio_feed(&c, data + off, n, &used);
		if (!ret) {
			fz_assert(used <= n);
			if (used < n)
				break;	/* compressed data follows */
		}
		off += n;
	}
	kc_cpio_complete(&c);
	kc_decomp_detect(data, size);
	bounds(data, size);
	if (kc_kimage_parse(data, size, size, &ki) == 0)
		fz_assert(ki.kind != NULL);
	return 0;
}
