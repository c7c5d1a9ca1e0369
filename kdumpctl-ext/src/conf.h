/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * /etc/kexeccma.conf: "key = value" lines, '#' comments. Options on the
 * command line override the file. Keys are documented in kexeccma(8) and
 * in the shipped kexeccma.conf.
 */
#ifndef KC_CONF_H
#define KC_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cmdline.h"
#include "util.h"

#define KC_CONF_PATH "/etc/kexeccma.conf"

enum kc_backend {
	KC_BACKEND_AUTO,
	KC_BACKEND_DIRECT,
	KC_BACKEND_KDUMPCTL,
	KC_BACKEND_KDUMP_CONFIG,
};

enum kc_tristate { KC_AUTO, KC_YES, KC_NO };

#define KC_RETRIES_MAX UINT64_C(20)
#define KC_RETRIES_DEFAULT UINT64_C(3)
#define KC_LOCK_TIMEOUT_DEFAULT UINT64_C(60)
#define KC_LOCK_TIMEOUT_MAX UINT64_C(3600)
#define KC_EXTRA_MIB_MAX (UINT64_C(1) << 20)
#define KC_SIZE_MIB_MAX (UINT64_C(1) << 30)

struct kc_conf {
	bool size_auto;
	uint64_t size_mib;
	uint64_t margin_pct;
	uint64_t extra_mib;
	char kernel[KC_PATH_MAX];	/* "" = default */
	char initrd[KC_PATH_MAX];	/* "" = default */
	bool no_initrd;			/* initrd = none */
	enum kc_backend backend;
	uint64_t retries;
	bool drop_caches;		/* also drop the page cache on retries */
	enum kc_tristate file_load;
	bool cmdline_set;
	char cmdline[KC_CMDLINE_SIZE];
	char append[KC_CMDLINE_SIZE];
	uint64_t lock_timeout;
	char luks_device[KC_PATH_MAX];	/* "" = no encrypted dump target */
	bool use_records;		/* size from the capture's record */
	char record_dir[KC_PATH_MAX];	/* where the captures save dumps */
};

void kc_conf_defaults(struct kc_conf *c);
/*
 * Set one key. Returns 0, or -EINVAL/-ERANGE/-ENOENT (unknown key) with a
 * reason naming the bad value in why.
 */
int kc_conf_set(struct kc_conf *c, const char *key, const char *val,
		char *why, size_t whylen);
/* Parse a whole file's text; errors are printed as "name:line: ...". */
int kc_conf_parse(const char *text, const char *name, struct kc_conf *c);
/*
 * Load a file. A missing file is fine unless must_exist. The file must be
 * trusted (owned by root, not writable by others). Returns 0 or -errno.
 */
int kc_conf_load(const char *path, bool must_exist, struct kc_conf *c);

const char *kc_backend_name(enum kc_backend b);
/* The inverse: 0, or -EINVAL for a name that is none of them. */
int kc_backend_parse(const char *name, enum kc_backend *b);

#endif
