/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unpacked size of an initramfs: what its files take in the crash
 * kernel's tmpfs. An initramfs is a sequence of segments in any order
 * and number: plain cpio (newc) archives (early microcode, firmware),
 * zero padding, and compressed segments holding cpio archives, exactly
 * as the kernel's unpack_to_rootfs() walks it. frame.c tells where a
 * zstd, xz, lz4, bzip2 or gzip segment ends; lzma and lzo segments run
 * to the end of the file, with nothing after them.
 */
#ifndef KC_INITRD_H
#define KC_INITRD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpio.h"
#include "run.h"

struct kc_initrd {
	uint64_t packed;	/* file size */
	uint64_t data;		/* unpacked file data, page-rounded */
	uint64_t entries;	/* inodes created in tmpfs */
	bool init_systemd;	/* its /init is systemd (kc_cpio.init) */
	uint64_t modules;	/* kernel modules, decompressed, page-rounded */
	uint64_t module_files;
	uint64_t modules_unknown; /* counted at their file size */
	char format[64];	/* e.g. "cpio+zstd" */
};

/* Compression formats the kernel can unpack, by magic. */
struct kc_decomp {
	const char *name;
	const unsigned char *magic;
	size_t magic_len;
	const char *prog;	/* system decompressor */
	const char *const *args; /* argv after the program name */
	/* Where a segment at off ends, found without decompressing it. */
	int (*bound)(int fd, uint64_t off, uint64_t size, uint64_t *end);
};

const struct kc_decomp *kc_decomp_detect(const unsigned char *buf,
					 size_t len);

/*
 * Run decompressor d, found as prog, over [off, off + len) of fd (len 0:
 * from off to the file's end), its output to sink; *status and the
 * return value as kc_run_pipe().
 */
int kc_decomp_run(const struct kc_decomp *d, const char *prog, int fd,
		  uint64_t off, uint64_t len, kc_sink sink, void *arg,
		  int *status);

/*
 * Size an initrd file. Returns 0, or -errno with a one-line reason in
 * why naming the byte offset of the segment at fault (or which
 * decompressor is missing).
 */
int kc_initrd_size(const char *path, struct kc_initrd *out, char *why,
		   size_t whylen);

#endif
