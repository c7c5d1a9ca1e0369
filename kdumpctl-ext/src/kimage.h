/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * How much memory the crash kernel image needs: while it boots, for a
 * bzImage the boot protocol's init_size (the decompressed kernel with its
 * bss, or the room the in-place decompressor needs if that is more), for
 * an arm64 Image its header's text_offset + image_size (image_size counts
 * the bss), for an ELF vmlinux the span of its loadable segments; and
 * once it runs, what it keeps reserved (_text to _end). Only a bzImage
 * differs there: the decompressor's room is free memory again before the
 * initramfs is unpacked, 11 MiB of Debian 12's 64 MiB init_size. The
 * header does not say _end, so the payload's ELF headers are read (see
 * vmlinux.h). The file size of a bzImage or an Image.gz says nothing
 * useful: it is the compressed size.
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

/* Whether the kernel takes initramfs_options= (read from a bzImage). */
enum kc_kfeature { KC_KF_UNKNOWN, KC_KF_YES, KC_KF_NO };

struct kc_kimage {
	uint64_t file_size;
	uint64_t mem_size;	/* bytes the image needs while it boots */
	uint64_t resident;	/* bytes it keeps once running (_text-_end) */
	uint64_t payload_off;	/* a bzImage's compressed vmlinux */
	uint64_t payload_len;
	uint64_t page_size;	/* an arm64 Image's page size; 0 = not stated */
	const char *kind;	/* "bzImage", "Image", "Image.gz", "ELF", or
				 * "EFI zboot" with -KC_KIMAGE_EZBOOT */
	char comp[16];		/* EFI zboot: how its payload is compressed */
	char why[160];		/* a reason for an error, when there is one */
	/* Why resident is mem_size for a bzImage (its payload unread). */
	char resident_why[128];
	enum kc_kfeature initramfs_options;
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
 * 64 bytes come out. A bzImage's resident is its mem_size here, and
 * payload_off and payload_len say where its compressed vmlinux is, for
 * kc_vmlinux_resident(); kc_kimage_read_cached() does both. Errors as
 * kc_kimage_parse(), or -errno.
 */
int kc_kimage_read(const char *path, struct kc_kimage *ki);

#endif
