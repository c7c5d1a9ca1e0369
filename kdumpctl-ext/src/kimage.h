/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * How much memory the crash kernel image needs once loaded: for a
 * bzImage the boot protocol's init_size (the decompressed kernel with its
 * bss and the room the in-place decompressor needs), for an ELF vmlinux
 * the span of its loadable segments. The file size of a bzImage says
 * nothing useful: it is the compressed size.
 */
#ifndef KC_KIMAGE_H
#define KC_KIMAGE_H

#include <stddef.h>
#include <stdint.h>

struct kc_kimage {
	uint64_t file_size;
	uint64_t mem_size;	/* bytes the image occupies in memory */
	const char *kind;	/* "bzImage" or "ELF" */
};

/* Parse the first len bytes of an image (plus its total size). */
int kc_kimage_parse(const unsigned char *buf, size_t len, uint64_t file_size,
		    struct kc_kimage *ki);
/* Open and parse a file; -ENOEXEC for an unknown format. */
int kc_kimage_read(const char *path, struct kc_kimage *ki);

#endif
