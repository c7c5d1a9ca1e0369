/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * How much memory the crash kernel image needs once loaded: for a
 * bzImage the boot protocol's init_size (the decompressed kernel with its
 * bss and the room the in-place decompressor needs), for an arm64 Image
 * its header's text_offset + image_size (image_size counts the bss), for
 * an ELF vmlinux the span of its loadable segments. The file size of a
 * bzImage or an Image.gz says nothing useful: it is the compressed size.
 *
 * The formats are told apart by their own magic, whatever the helper is
 * built for: a test on x86_64 parses arm64 headers too.
 */
#ifndef KC_KIMAGE_H
#define KC_KIMAGE_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Returned (negated) for an EFI zboot image: an EFI application that
 * decompresses the Image it carries. kexec-tools 2.0.25 (Debian 12)
 * cannot load one, and its header says nothing of the memory the Image
 * needs, so it is refused by name rather than as an unknown format.
 */
#define KC_KIMAGE_EZBOOT EMEDIUMTYPE

struct kc_kimage {
	uint64_t file_size;
	uint64_t mem_size;	/* bytes the image occupies in memory */
	uint64_t page_size;	/* an arm64 Image's page size; 0 = not stated */
	const char *kind;	/* "bzImage", "Image", "Image.gz", "ELF", or
				 * "EFI zboot" with -KC_KIMAGE_EZBOOT */
	char comp[16];		/* EFI zboot: how its payload is compressed */
	char why[160];		/* a reason for an error, when there is one */
};

/*
 * Parse the first len bytes of an image (plus its total size). Returns
 * 0, -ENOEXEC for an unknown format (gzip data included: that takes
 * kc_kimage_read()), -KC_KIMAGE_EZBOOT, -EINVAL or -ERANGE for a header
 * that is known but malformed.
 */
int kc_kimage_parse(const unsigned char *buf, size_t len, uint64_t file_size,
		    struct kc_kimage *ki);
/*
 * Open and parse a file, also a gzip-compressed arm64 Image (Image.gz),
 * whose header is read by running the system's gzip until its first
 * 64 bytes come out. Errors as kc_kimage_parse(), or -errno.
 */
int kc_kimage_read(const char *path, struct kc_kimage *ki);

#endif
