/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The capture kernel's command line, derived from the running kernel's.
 */
#ifndef KC_CMDLINE_H
#define KC_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch.h"

/* COMMAND_LINE_SIZE of x86_64 and arm64, including the terminating NUL. */
#define KC_CMDLINE_SIZE 2048

/*
 * Build the capture command line from proc_cmdline: drop options that
 * would reserve memory again, change CPU counts, or make the capture
 * kernel resume or re-arm; add the options a capture kernel of arch
 * needs; then add user tokens from append (which replace tokens with the
 * same key). Returns 0, -E2BIG if the result would not fit, -EINVAL on
 * an unbalanced quote, a control character or an unknown arch.
 */
int kc_capture_cmdline_arch(enum kc_arch arch, const char *proc_cmdline,
			    const char *append, char *out, size_t outlen);
/* kc_capture_cmdline_arch() for the arch the helper is built for. */
int kc_capture_cmdline(const char *proc_cmdline, const char *append,
		       char *out, size_t outlen);

/*
 * The number of CPUs a kernel booted with cmdline brings up, given the
 * number of possible CPUs (nr_cpus= and maxcpus= lower it).
 */
uint64_t kc_cmdline_cpus(const char *cmdline, uint64_t possible);

/*
 * Whether a kernel booted with cmdline unpacks its initramfs into a tmpfs
 * (no root=, and rootfstype= absent or naming tmpfs) rather than a ramfs.
 */
bool kc_cmdline_rootfs_tmpfs(const char *cmdline);

/*
 * The size limit initramfs_options= gives that tmpfs (Linux 6.18, and the
 * stable kernels it went back to, 6.1.y and 6.12.y among them): size=N%
 * sets *pct (1-100) and *bytes to 0, size=N[kmg] sets *bytes and *pct to
 * 0. Returns 0, -ENOENT when cmdline sets no size there (the tmpfs may
 * then hold half the memory), -EINVAL for a size that does not parse.
 */
int kc_cmdline_initramfs_size(const char *cmdline, uint64_t *pct,
			      uint64_t *bytes);

#endif
