/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where a compressed segment of an initramfs ends, so that what follows
 * it (padding, a plain cpio archive, another compressed segment) is
 * walked as the kernel's unpack_to_rootfs() walks it. zstd frames carry
 * their block sizes and xz streams end with a checksummed footer: both
 * are found without decompressing, as are lz4 legacy chunks and the
 * bzip2 end-of-stream marker. A gzip member ends with the CRC-32
 * and length of its output, found once the output has been counted.
 */
#ifndef KC_FRAME_H
#define KC_FRAME_H

#include <stddef.h>
#include <stdint.h>

/* CRC-32 (IEEE 802.3), zlib's convention: start with 0. */
uint32_t kc_crc32(uint32_t crc, const void *buf, size_t len);

/*
 * End of the zstd (and skippable) frames of fd from off on, or of the
 * xz stream at off; size is the file's. 0 with *end, or -EINVAL when
 * they are truncated or malformed.
 */
int kc_zstd_end(int fd, uint64_t off, uint64_t size, uint64_t *end);
int kc_xz_end(int fd, uint64_t off, uint64_t size, uint64_t *end);
/*
 * End of the lz4 legacy stream at off: its chunks up to the end of the
 * file or to zero padding (as the kernel's unlz4 reads it), or of the
 * bzip2 stream at off: its first end-of-stream marker that something
 * the kernel accepts follows. 0 with *end, or -EINVAL.
 */
int kc_lz4_end(int fd, uint64_t off, uint64_t size, uint64_t *end);
int kc_bzip2_end(int fd, uint64_t off, uint64_t size, uint64_t *end);
/*
 * End of the gzip member at off whose output had CRC-32 crc and length
 * out_len: the first place its trailer stands and something the kernel
 * accepts (end of file, padding, cpio, compressed data) follows. 0 with
 * *end, or -ENOENT.
 */
int kc_gzip_end(int fd, uint64_t off, uint64_t size, uint32_t crc,
		uint64_t out_len, uint64_t *end);

#endif
