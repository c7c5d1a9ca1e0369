/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The initrd's measurement, kept in /run/kexeccma.initrd between runs
 * and keyed by the file's identity (path, device, inode, size, mtime and
 * ctime, to the nanosecond): unpacking it is most of what a start costs,
 * and the file rarely changes. Any change to the file changes its ctime,
 * so a stale entry is never used. Only root keeps the cache; a missing,
 * foreign or malformed one only costs a measurement.
 */
#ifndef KC_ICACHE_H
#define KC_ICACHE_H

#include <stddef.h>

#include "initrd.h"

#define KC_ICACHE_NAME "kexeccma.initrd"

/* kc_initrd_size(), answered from the cache when the file is unchanged. */
int kc_initrd_size_cached(const char *path, struct kc_initrd *out,
			  char *why, size_t whylen);

#endif
