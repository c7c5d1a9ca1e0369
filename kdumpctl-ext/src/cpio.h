/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A streaming cpio (newc) parser: fed chunks of any size, it counts the
 * inodes an archive creates and the pages its file data takes in a
 * tmpfs, and skips the zero padding between archives, as the kernel's
 * init/initramfs.c state machine does. It also tells whether the
 * archive's /init is systemd: a systemd initramfs (dracut's systemd
 * module) runs systemd, journald and udev in the capture, which a shell
 * /init (initramfs-tools, dracut without systemd, busybox) does not.
 */
#ifndef KC_CPIO_H
#define KC_CPIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "module.h"

/* tmpfs allocates whole pages for file data. */
#define KC_PAGE_SIZE 4096ULL

/* What an archive's /init is; a later archive's /init replaces it. */
enum kc_cpio_init { KC_INIT_NONE, KC_INIT_OTHER, KC_INIT_SYSTEMD };

/* Streaming cpio newc parser: fed chunks of any size. */
struct kc_cpio {
	unsigned char hdr[110];
	size_t hpos;
	int state;
	uint64_t skip;		/* bytes of name/data/padding still to skip */
	uint64_t namesize;
	uint64_t filesize;
	uint64_t mode;
	char name[12];		/* enough to recognise "TRAILER!!!" */
	size_t npos;
	uint64_t data_start;	/* offset of the entry's data */
	char link[64];		/* the target of a symlink /init */
	bool want_link;		/* this entry is /init as a symlink */
	char ntail[16];		/* the name's last characters */
	enum kc_module_kind mod; /* this entry is a module file */
	unsigned char mhead[KC_MODULE_HEAD];
	unsigned char mtail[KC_MODULE_TAIL];
	size_t mhlen, mtlen;
	uint64_t offset;	/* bytes consumed, for 4-byte alignment */
	uint64_t entries;	/* files, directories, links... */
	uint64_t data;		/* file data rounded up to pages */
	uint64_t trailers;	/* archives completed */
	enum kc_cpio_init init;	/* what the last /init seen is */
	uint64_t modules;	/* modules' decompressed sizes, page-rounded */
	uint64_t module_files;	/* how many */
	uint64_t modules_unknown; /* of which the size was not said */
};

enum kc_cpio_state { KC_CP_HDR, KC_CP_NAME, KC_CP_DATA, KC_CP_BETWEEN,
		     KC_CP_STOP };

void kc_cpio_init(struct kc_cpio *c);
/*
 * Feed bytes. Returns 0 or -EINVAL on a malformed archive. *used (if not
 * NULL) is set to the bytes consumed: when a non-cpio, non-zero byte
 * follows a trailer the parser stops there (compressed data follows).
 */
int kc_cpio_feed(struct kc_cpio *c, const unsigned char *buf, size_t len,
		 size_t *used);
/* True when the input ended cleanly (after a trailer and padding). */
bool kc_cpio_complete(const struct kc_cpio *c);

#endif
