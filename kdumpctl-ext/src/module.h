/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel modules in an initramfs: which files are modules, and how large
 * each one is once decompressed, read from the few bytes that say so
 * without decompressing it: a plain .ko is its own size, a .ko.zst has
 * it in its frame header, a .ko.gz in its trailer (ISIZE) and a .ko.xz in
 * the index before its stream footer.
 */
#ifndef KC_MODULE_H
#define KC_MODULE_H

#include <stddef.h>
#include <stdint.h>

/* How many bytes of a module file's head and tail the size needs. */
#define KC_MODULE_HEAD 18
#define KC_MODULE_TAIL 256

enum kc_module_kind { KC_MOD_NONE, KC_MOD_KO, KC_MOD_ZST, KC_MOD_GZ,
		      KC_MOD_XZ };

/* What a file named name (NUL-terminated, any prefix) is. */
enum kc_module_kind kc_module_kind(const char *name);

/*
 * The decompressed size of a module file of kind k and filesize bytes,
 * from its first headlen and last taillen bytes (at most KC_MODULE_HEAD
 * and KC_MODULE_TAIL are looked at). Returns 0, or -ENODATA when the
 * bytes do not say (a zstd frame without its content size, an xz index
 * longer than the tail, a truncated file).
 */
int kc_module_size(enum kc_module_kind k, uint64_t filesize,
		   const unsigned char *head, size_t headlen,
		   const unsigned char *tail, size_t taillen, uint64_t *size);

#endif
