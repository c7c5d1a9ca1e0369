// SPDX-License-Identifier: GPL-2.0-only
#include "module.h"

#include <errno.h>
#include <string.h>

#include "util.h"

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && !strcmp(s + n - m, suffix);
}

enum kc_module_kind kc_module_kind(const char *name)
{
	if (ends_with(name, ".ko"))
		return KC_MOD_KO;
	if (ends_with(name, ".ko.zst"))
		return KC_MOD_ZST;
	if (ends_with(name, ".ko.gz"))
		return KC_MOD_GZ;
	if (ends_with(name, ".ko.xz"))
		return KC_MOD_XZ;
	return KC_MOD_NONE;
}

/*
 * zstd's frame header: magic, descriptor, then the window descriptor
 * unless single-segment, the dictionary ID (0, 1, 2 or 4 bytes) and the
 * content size (0, 1, 2 or 4, 8 bytes; 2-byte values are stored - 256).
 */
static int zstd_size(const unsigned char *h, size_t len, uint64_t *size)
{
	static const unsigned char magic[] = { 0x28, 0xb5, 0x2f, 0xfd };
	static const size_t dict_len[] = { 0, 1, 2, 4 };
	unsigned int fcs_flag, single;
	size_t off, n;

	if (len < 5 || memcmp(h, magic, sizeof(magic)) != 0)
		return -ENODATA;
	fcs_flag = h[4] >> 6;
	single = (h[4] >> 5) & 1;
	off = 5 + !single + dict_len[h[4] & 3];
	n = fcs_flag ? (size_t)1 << fcs_flag : single;
	if (!n || off + n > len)
		return -ENODATA;
	*size = kc_le(h + off, (unsigned int)n);
	if (n == 2)
		*size += 256;
	return 0;
}

/* gzip's trailer: the input size modulo 2^32, as modules are smaller. */
static int gzip_size(const unsigned char *h, size_t hlen,
		     const unsigned char *t, size_t tlen, uint64_t *size)
{
	if (hlen < 2 || h[0] != 0x1f || h[1] != 0x8b || tlen < 4)
		return -ENODATA;
	*size = kc_le(t + tlen - 4, 4);
	return 0;
}

/* An xz variable-length integer at *p below end; 0 or -ENODATA. */
static int xz_vli(const unsigned char **p, const unsigned char *end,
		  uint64_t *v)
{
	unsigned int i;

	*v = 0;
	for (i = 0; i < 9 && *p < end; i++) {
		unsigned char b = *(*p)++;

		*v |= (uint64_t)(b & 0x7f) << (7 * i);
		if (!(b & 0x80))
			return 0;
	}
	return -ENODATA;
}

/*
 * xz: the stream footer (CRC32, backward size, flags, "YZ") follows the
 * index, whose records give each block's uncompressed size.
 */
static int xz_size(const unsigned char *h, size_t hlen,
		   const unsigned char *t, size_t tlen, uint64_t *size)
{
	static const unsigned char magic[] = { 0xfd, '7', 'z', 'X', 'Z', 0 };
	const unsigned char *p, *end;
	uint64_t index_len, records, unpadded, usize;

	if (hlen < sizeof(magic) || memcmp(h, magic, sizeof(magic)) != 0)
		return -ENODATA;
	/* Stream padding: zeros in groups of four after the footer. */
	while (tlen >= 16 && !memcmp(t + tlen - 4, "\0\0\0\0", 4))
		tlen -= 4;
	if (tlen < 12 || t[tlen - 2] != 'Y' || t[tlen - 1] != 'Z')
		return -ENODATA;
	index_len = (kc_le(t + tlen - 8, 4) + 1) * 4;
	if (index_len > tlen - 12)
		return -ENODATA;
	p = t + tlen - 12 - index_len;
	end = t + tlen - 12;
	if (*p++ != 0 || xz_vli(&p, end, &records))
		return -ENODATA;
	*size = 0;
	while (records--) {
		if (xz_vli(&p, end, &unpadded) || xz_vli(&p, end, &usize) ||
		    __builtin_add_overflow(*size, usize, size))
			return -ENODATA;
	}
	return 0;
}

int kc_module_size(enum kc_module_kind k, uint64_t filesize,
		   const unsigned char *head, size_t headlen,
		   const unsigned char *tail, size_t taillen, uint64_t *size)
{
	if (headlen > KC_MODULE_HEAD)
		headlen = KC_MODULE_HEAD;
	if (taillen > KC_MODULE_TAIL) {
		tail += taillen - KC_MODULE_TAIL;
		taillen = KC_MODULE_TAIL;
	}
	switch (k) {
	case KC_MOD_KO:
		*size = filesize;
		return 0;
	case KC_MOD_ZST:
		return zstd_size(head, headlen, size);
	case KC_MOD_GZ:
		return gzip_size(head, headlen, tail, taillen, size);
	case KC_MOD_XZ:
		return xz_size(head, headlen, tail, taillen, size);
	default:
		return -ENODATA;
	}
}
