/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The memory a bzImage's kernel keeps once it runs (_text to _end), read
 * from the vmlinux in its compressed payload: see vmlinux.c.
 */
#ifndef KC_VMLINUX_H
#define KC_VMLINUX_H

#include "kimage.h"

/*
 * For a bzImage parsed into ki (payload_off, payload_len, mem_size) and
 * open as fd: set ki->resident, or leave it and say why in
 * ki->resident_why. Returns 0 or -errno.
 */
int kc_vmlinux_resident(int fd, struct kc_kimage *ki);

#endif
