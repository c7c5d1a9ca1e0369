// SPDX-License-Identifier: GPL-2.0-only
#include "frame.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "initrd.h"

#define ZSTD_MAGIC UINT32_C(0xfd2fb528)
#define ZSTD_SKIP_MAGIC UINT32_C(0x184d2a50)	/* low 4 bits: any */
#define XZ_HEADER 12
#define XZ_FOOTER 12
#define GZIP_MIN 18	/* header 10, empty deflate, trailer 8 */
#define LZ4_LEGACY_MAGIC UINT32_C(0x184c2102)
/* The legacy format's chunks hold 8 MiB: LZ4_compressBound(8 MiB). */
#define LZ4_CHUNK_MAX (8388608U + 8388608U / 255U + 16U)
#define BZ2_EOS UINT64_C(0x177245385090)	/* end of stream, 48 bits */
#define SCAN_CHUNK 65536

uint32_t kc_crc32(uint32_t crc, const void *buf, size_t len)
{
	static uint32_t table[256];
	const unsigned char *p = buf;
	size_t i;

	if (!table[1]) {
		for (i = 0; i < 256; i++) {
			uint32_t c = (uint32_t)i;
			int k;

			for (k = 0; k < 8; k++)
				c = c & 1 ? 0xedb88320U ^ (c >> 1) : c >> 1;
			table[i] = c;
		}
	}
	crc = ~crc;
	for (i = 0; i < len; i++)
		crc = table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
	return ~crc;
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* Exactly len bytes at off, or -EINVAL (the file ends before). */
static int read_at(int fd, uint64_t off, void *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = pread(fd, (char *)buf + got, len - got,
				  (off_t)(off + got));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EINVAL;
		got += (size_t)n;
	}
	return 0;
}

/* One zstd frame at p: its header, blocks and checksum. */
static int zstd_frame(int fd, uint64_t p, uint64_t size, uint64_t *next)
{
	static const unsigned int did_len[4] = { 0, 1, 2, 4 };
	static const unsigned int fcs_len[4] = { 0, 2, 4, 8 };
	unsigned char fhd, b[3];
	bool single, last = false;
	uint64_t q;

	if (read_at(fd, p + 4, &fhd, 1) || (fhd & 0x08))
		return -EINVAL;
	single = fhd & 0x20;
	q = p + 5 + (single ? 0 : 1) + did_len[fhd & 3] +
	    (single && !(fhd >> 6) ? 1 : fcs_len[fhd >> 6]);
	while (!last) {
		uint32_t v;

		if (read_at(fd, q, b, 3))
			return -EINVAL;
		v = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16;
		last = v & 1;
		if (((v >> 1) & 3) == 3)	/* reserved block type */
			return -EINVAL;
		/* An RLE block holds one byte, repeated v >> 3 times. */
		q += 3 + (((v >> 1) & 3) == 1 ? 1 : v >> 3);
		if (q > size)
			return -EINVAL;
	}
	if (fhd & 0x04)
		q += 4;		/* content checksum */
	if (q > size)
		return -EINVAL;
	*next = q;
	return 0;
}

int kc_zstd_end(int fd, uint64_t off, uint64_t size, uint64_t *end)
{
	uint64_t p = off;
	bool frames = false;

	while (p + 8 <= size) {
		unsigned char h[8];
		uint32_t magic;

		if (read_at(fd, p, h, sizeof(h)))
			break;
		magic = le32(h);
		if (magic == ZSTD_MAGIC) {
			if (zstd_frame(fd, p, size, &p))
				return -EINVAL;
			frames = true;
		} else if ((magic & ~UINT32_C(0xf)) == ZSTD_SKIP_MAGIC) {
			p += 8 + (uint64_t)le32(h + 4);
			if (p > size)
				return -EINVAL;
		} else {
			break;
		}
	}
	if (!frames)
		return -EINVAL;
	*end = p;
	return 0;
}

/* An xz stream footer ending at e: flags and CRC-32 as the header's. */
static bool xz_footer(int fd, uint64_t off, const unsigned char *f,
		      const unsigned char *flags, uint64_t e)
{
	uint64_t index;
	unsigned char ind;

	if (f[10] != 'Y' || f[11] != 'Z' || memcmp(f + 8, flags, 2) != 0 ||
	    kc_crc32(0, f + 4, 6) != le32(f))
		return false;
	/* The index (backward size) starts with a zero byte. */
	index = ((uint64_t)le32(f + 4) + 1) * 4;
	if (off + XZ_HEADER + index + XZ_FOOTER > e)
		return false;
	return !read_at(fd, e - XZ_FOOTER - index, &ind, 1) && ind == 0;
}

int kc_xz_end(int fd, uint64_t off, uint64_t size, uint64_t *end)
{
	static const unsigned char magic[6] = { 0xfd, '7', 'z', 'X', 'Z', 0 };
	unsigned char h[XZ_HEADER], buf[SCAN_CHUNK + XZ_FOOTER];
	uint64_t base;

	if (read_at(fd, off, h, sizeof(h)) || memcmp(h, magic, 6) != 0 ||
	    kc_crc32(0, h + 6, 2) != le32(h + 8))
		return -EINVAL;
	/* Streams are multiples of 4 bytes: footers end 4-aligned. */
	for (base = off + XZ_HEADER; base + XZ_FOOTER <= size;
	     base += SCAN_CHUNK) {
		size_t n = size - base < sizeof(buf) ? (size_t)(size - base) :
			   sizeof(buf), i;

		if (read_at(fd, base, buf, n))
			return -EINVAL;
		for (i = 0; i + XZ_FOOTER <= n && i < SCAN_CHUNK; i += 4) {
			if (xz_footer(fd, off, buf + i, h + 6,
				      base + i + XZ_FOOTER)) {
				*end = base + i + XZ_FOOTER;
				return 0;
			}
		}
	}
	return -EINVAL;
}

/* What the kernel accepts after a compressed segment. */
static bool segment_follows(int fd, uint64_t p, uint64_t size)
{
	unsigned char b[8];
	size_t n = size - p < sizeof(b) ? (size_t)(size - p) : sizeof(b);

	if (p == size)
		return true;
	if (read_at(fd, p, b, n))
		return false;
	return b[0] == 0 || b[0] == '0' || kc_decomp_detect(b, n);
}

int kc_gzip_end(int fd, uint64_t off, uint64_t size, uint32_t crc,
		uint64_t out_len, uint64_t *end)
{
	unsigned char t[8], buf[SCAN_CHUNK + 7];
	uint64_t base;
	int k;

	/* The trailer: CRC-32 and length modulo 2^32, little-endian. */
	for (k = 0; k < 4; k++) {
		t[k] = (unsigned char)(crc >> (8 * k));
		t[4 + k] = (unsigned char)(out_len >> (8 * k));
	}
	for (base = off + GZIP_MIN - 8; base + 8 <= size; base += SCAN_CHUNK) {
		size_t n = size - base < sizeof(buf) ? (size_t)(size - base) :
			   sizeof(buf);
		const unsigned char *p = buf, *lim;

		if (read_at(fd, base, buf, n))
			return -ENOENT;
		lim = buf + (n < SCAN_CHUNK + 1 ? n - 7 : SCAN_CHUNK);
		while ((p = memchr(p, t[0], (size_t)(lim - p))) != NULL) {
			uint64_t e = base + (uint64_t)(p - buf) + 8;

			if (!memcmp(p, t, 8) && segment_follows(fd, e, size)) {
				*end = e;
				return 0;
			}
			p++;
		}
	}
	return -ENOENT;
}

int kc_lz4_end(int fd, uint64_t off, uint64_t size, uint64_t *end)
{
	uint64_t p = off + 4;
	unsigned char b[4];

	if (off > size || size - off < 4)
		return -EINVAL;
	/* As the kernel's unlz4: chunks up to the end, or to padding. */
	for (;;) {
		uint32_t v;

		if (p == size || (size - p >= 4 && !read_at(fd, p, b, 4) &&
				  le32(b) == 0)) {
			*end = p;
			return 0;
		}
		if (size - p < 4)
			return -EINVAL;
		v = le32(b);
		if (v == LZ4_LEGACY_MAGIC) {
			p += 4;
			continue;
		}
		if (v > LZ4_CHUNK_MAX || size - p - 4 < v)
			return -EINVAL;
		p += 4 + (uint64_t)v;
	}
}

int kc_bzip2_end(int fd, uint64_t off, uint64_t size, uint64_t *end)
{
	unsigned char buf[SCAN_CHUNK];
	uint64_t reg = 0, base;

	/*
	 * The end-of-stream marker is not byte-aligned: shift the input
	 * through a register and look for it at every bit. The stream's
	 * CRC (32 bits) and padding to a byte follow it.
	 */
	for (base = off; base < size; base += SCAN_CHUNK) {
		size_t n = size - base < SCAN_CHUNK ? (size_t)(size - base) :
			   SCAN_CHUNK, i;

		if (read_at(fd, base, buf, n))
			return -EINVAL;
		for (i = 0; i < n; i++) {
			int k;

			reg = reg << 8 | buf[i];
			for (k = 7; k >= 0; k--) {
				uint64_t bit, e;

				if (((reg >> k) & UINT64_C(0xffffffffffff)) !=
				    BZ2_EOS)
					continue;
				/* Bits of input up to the marker's last. */
				bit = (base + i - off) * 8 + 8 - (uint64_t)k;
				e = off + (bit + 32 + 7) / 8;
				if (bit >= 48 + 32 && e <= size &&
				    segment_follows(fd, e, size)) {
					*end = e;
					return 0;
				}
			}
		}
	}
	return -EINVAL;
}
