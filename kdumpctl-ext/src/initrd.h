/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unpacked size of an initramfs: what its files take in the crash
 * kernel's tmpfs. An initramfs is a sequence of cpio (newc) archives,
 * uncompressed (early microcode, firmware) or compressed, separated by
 * zero padding, exactly as the kernel's init/initramfs.c walks it.
 */
#ifndef KC_INITRD_H
#define KC_INITRD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* tmpfs allocates whole pages for file data. */
#define KC_PAGE_SIZE 4096ULL

/* Streaming cpio newc parser: fed chunks of any size. */
struct kc_cpio {
	unsigned char hdr[110];
	size_t hpos;
	int state;
	uint64_t skip;		/* bytes of name/data/padding still to skip */
	uint64_t namesize;
	uint64_t filesize;
	char name[12];		/* enough to recognise "TRAILER!!!" */
	size_t npos;
	uint64_t offset;	/* bytes consumed, for 4-byte alignment */
	uint64_t entries;	/* files, directories, links... */
	uint64_t data;		/* file data rounded up to pages */
	uint64_t trailers;	/* archives completed */
};

void kc_cpio_init(struct kc_cpio *c);
/*
 * Feed bytes. Returns 0 or -EINVAL on a malformed archive. *used (if not
 * NULL) is set to the bytes consumed: when a non-cpio, non-zero byte
 * follows a trailer the parser stops there (compressed data follows).
 */
int kc_cpio_feed(struct kc_cpio *c, const unsigned char *buf, size_t len,
		 size_t *used);
/* True when the input ended cleanly (after a trailer and padding). */
bool kc_cpio_complete(const struct kc_cpio *c);

struct kc_initrd {
	uint64_t packed;	/* file size */
	uint64_t data;		/* unpacked file data, page-rounded */
	uint64_t entries;	/* inodes created in tmpfs */
	char format[64];	/* e.g. "cpio+zstd" */
};

/* Compression formats the kernel can unpack, by magic. */
struct kc_decomp {
	const char *name;
	const unsigned char *magic;
	size_t magic_len;
	const char *prog;	/* system decompressor */
	const char *const *args; /* argv after the program name */
};

const struct kc_decomp *kc_decomp_detect(const unsigned char *buf,
					 size_t len);

/*
 * Size an initrd file. Returns 0, or -errno with a one-line reason in
 * why (e.g. which decompressor is missing).
 */
int kc_initrd_size(const char *path, struct kc_initrd *out, char *why,
		   size_t whylen);

#endif
