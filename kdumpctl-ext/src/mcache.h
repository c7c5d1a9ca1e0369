/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Measurements of the crash initrd and kernel, kept in /run between runs
 * and keyed by the file's identity (path, device, inode, size, mtime and
 * ctime, to the nanosecond): decompressing them is most of what a start
 * costs, and the files rarely change. Any change to a file changes its
 * ctime, so a stale entry is never used. Only root keeps the cache; a
 * missing, foreign or malformed one only costs a measurement.
 */
#ifndef KC_MCACHE_H
#define KC_MCACHE_H

#include <stddef.h>

#include "initrd.h"
#include "kimage.h"

#define KC_MCACHE_INITRD "kexeccma.initrd"
#define KC_MCACHE_KERNEL "kexeccma.kernel"

/* kc_initrd_size(), answered from the cache when the file is unchanged. */
int kc_initrd_size_cached(const char *path, struct kc_initrd *out,
			  char *why, size_t whylen);

/*
 * kc_kimage_read(), with a bzImage's resident size and whether it takes
 * initramfs_options= (kc_vmlinux_resident()) answered from the cache when
 * the file is unchanged.
 */
int kc_kimage_read_cached(const char *path, struct kc_kimage *ki);

#endif
