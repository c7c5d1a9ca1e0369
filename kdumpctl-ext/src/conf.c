// SPDX-License-Identifier: GPL-2.0-only
#include "conf.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "estimate.h"
#include "parse.h"
#include "record.h"
#include "sysfs.h"
#include "text.h"

#define KC_CONF_MAX (64U << 10)
#define KC_CONF_LINE_MAX 4096

void kc_conf_defaults(struct kc_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->size_auto = true;
	c->margin_pct = KC_EST_MARGIN_PCT_DEFAULT;
	c->retries = KC_RETRIES_DEFAULT;
	c->lock_timeout = KC_LOCK_TIMEOUT_DEFAULT;
	c->use_records = true;
	snprintf(c->record_dir, sizeof(c->record_dir), "%s",
		 KC_RECORD_DIR_DEFAULT);
}

const char *kc_backend_name(enum kc_backend b)
{
	switch (b) {
	case KC_BACKEND_DIRECT:
		return "direct";
	case KC_BACKEND_KDUMPCTL:
		return "kdumpctl";
	case KC_BACKEND_KDUMP_CONFIG:
		return "kdump-config";
	default:
		return "auto";
	}
}

int kc_backend_parse(const char *name, enum kc_backend *b)
{
	static const enum kc_backend all[] = {
		KC_BACKEND_AUTO, KC_BACKEND_DIRECT, KC_BACKEND_KDUMPCTL,
		KC_BACKEND_KDUMP_CONFIG,
	};
	size_t i;

	for (i = 0; i < KC_ARRAY_SIZE(all); i++) {
		if (!strcmp(name, kc_backend_name(all[i]))) {
			*b = all[i];
			return 0;
		}
	}
	return -EINVAL;
}

static int set_str(char *dst, size_t len, const char *val, const char *key,
		   char *why, size_t whylen)
{
	size_t i, n = strlen(val);

	if (n >= len) {
		snprintf(why, whylen, "%s is too long (%zu bytes, at most %zu)",
			 key, n, len - 1);
		return -ERANGE;
	}
	/* The state file is line-based; control characters have no place. */
	for (i = 0; i < n; i++)
		if ((unsigned char)val[i] < 0x20 || val[i] == 0x7f) {
			snprintf(why, whylen, "%s contains a control character",
				 key);
			return -EINVAL;
		}
	memcpy(dst, val, n + 1);
	return 0;
}

static int set_path(char *dst, const char *val, const char *key, char *why,
		    size_t whylen)
{
	if (val[0] != '/') {
		snprintf(why, whylen, "%s \"%s\" is not an absolute path", key,
			 val);
		return -EINVAL;
	}
	return set_str(dst, KC_PATH_MAX, val, key, why, whylen);
}

static int set_num(uint64_t *dst, const char *val, uint64_t min,
		   uint64_t max, const char *key, char *why, size_t whylen)
{
	int ret = kc_parse_uint_range(val, min, max, dst);

	if (ret)
		snprintf(why, whylen,
			 "%s \"%s\" is not a whole number from %llu to %llu",
			 key, val, (unsigned long long)min,
			 (unsigned long long)max);
	return ret;
}

static int set_size(struct kc_conf *c, const char *val, char *why,
		    size_t whylen)
{
	uint64_t mib;
	int ret;

	if (!strcmp(val, "auto")) {
		c->size_auto = true;
		return 0;
	}
	ret = kc_parse_mib(val, &mib);
	if (ret || mib == 0 || mib > KC_SIZE_MIB_MAX ||
	    mib % KC_GRANULE_MIB) {
		snprintf(why, whylen,
			 "size \"%s\" must be \"auto\" or a positive multiple of %" PRIu64 " MiB (e.g. 256 or 1G)",
			 val, KC_GRANULE_MIB);
		return ret ? ret : -EINVAL;
	}
	c->size_auto = false;
	c->size_mib = mib;
	return 0;
}

int kc_conf_set(struct kc_conf *c, const char *key, const char *val,
		char *why, size_t whylen)
{
	bool b;

	why[0] = '\0';
	if (!strcmp(key, "size"))
		return set_size(c, val, why, whylen);
	if (!strcmp(key, "margin"))
		return set_num(&c->margin_pct, val, 0, KC_EST_MARGIN_PCT_MAX,
			       key, why, whylen);
	if (!strcmp(key, "extra"))
		return set_num(&c->extra_mib, val, 0, KC_EXTRA_MIB_MAX, key,
			       why, whylen);
	if (!strcmp(key, "retries"))
		return set_num(&c->retries, val, 0, KC_RETRIES_MAX, key, why,
			       whylen);
	if (!strcmp(key, "lock_timeout"))
		return set_num(&c->lock_timeout, val, 0, KC_LOCK_TIMEOUT_MAX,
			       key, why, whylen);
	if (!strcmp(key, "kernel"))
		return set_path(c->kernel, val, key, why, whylen);
	if (!strcmp(key, "luks_device"))
		return set_path(c->luks_device, val, key, why, whylen);
	if (!strcmp(key, "record_dir"))
		return set_path(c->record_dir, val, key, why, whylen);
	if (!strcmp(key, "use_records")) {
		if (kc_parse_bool(val, &c->use_records)) {
			snprintf(why, whylen,
				 "use_records \"%s\" is not yes or no", val);
			return -EINVAL;
		}
		return 0;
	}
	if (!strcmp(key, "initrd")) {
		c->no_initrd = !strcmp(val, "none");
		if (c->no_initrd) {
			c->initrd[0] = '\0';
			return 0;
		}
		return set_path(c->initrd, val, key, why, whylen);
	}
	if (!strcmp(key, "backend")) {
		if (kc_backend_parse(val, &c->backend)) {
			snprintf(why, whylen,
				 "backend \"%s\" is not one of auto, direct, kdumpctl, kdump-config",
				 val);
			return -EINVAL;
		}
		return 0;
	}
	if (!strcmp(key, "file_load")) {
		if (!strcmp(val, "auto")) {
			c->file_load = KC_AUTO;
			return 0;
		}
		if (kc_parse_bool(val, &b)) {
			snprintf(why, whylen,
				 "file_load \"%s\" is not auto, yes or no", val);
			return -EINVAL;
		}
		c->file_load = b ? KC_YES : KC_NO;
		return 0;
	}
	if (!strcmp(key, "drop_caches")) {
		if (kc_parse_bool(val, &c->drop_caches)) {
			snprintf(why, whylen,
				 "drop_caches \"%s\" is not yes or no", val);
			return -EINVAL;
		}
		return 0;
	}
	if (!strcmp(key, "cmdline")) {
		c->cmdline_set = true;
		return set_str(c->cmdline, sizeof(c->cmdline), val, key, why,
			       whylen);
	}
	if (!strcmp(key, "append"))
		return set_str(c->append, sizeof(c->append), val, key, why,
			       whylen);
	snprintf(why, whylen, "unknown key \"%s\"", key);
	return -ENOENT;
}

int kc_conf_parse(const char *text, const char *name, struct kc_conf *c)
{
	unsigned int lineno = 0;
	const char *p = text;
	char line[KC_CONF_LINE_MAX];

	int got;

	while ((got = kc_next_line(&p, line, sizeof(line))) != 0) {
		char why[512], *key, *val, *eq;
		size_t len;
		int ret;

		lineno++;
		if (got < 0) {
			kc_err("%s:%u: line longer than %zu bytes", name,
			       lineno, sizeof(line) - 1);
			return -EINVAL;
		}
		key = kc_trim(line);
		if (*key == '\0' || *key == '#')
			continue;
		eq = strchr(key, '=');
		if (!eq) {
			kc_err("%s:%u: expected \"key = value\", got \"%.60s\"",
			       name, lineno, key);
			return -EINVAL;
		}
		*eq = '\0';
		key = kc_trim(key);
		val = kc_trim(eq + 1);
		/* Optional double quotes around a value with blanks. */
		len = strlen(val);
		if (len >= 2 && val[0] == '"' && val[len - 1] == '"') {
			val[len - 1] = '\0';
			val++;
		}
		ret = kc_conf_set(c, key, val, why, sizeof(why));
		if (ret) {
			kc_err("%s:%u: %s", name, lineno, why);
			return -EINVAL;
		}
	}
	return 0;
}

int kc_conf_load(const char *path, bool must_exist, struct kc_conf *c)
{
	size_t len;
	char *text;
	int ret;

	ret = kc_check_trusted(path);
	if (ret == -ENOENT && !must_exist)
		return 0;
	if (ret == -EPERM) {
		kc_err("%s or a directory above it is writable by or owned by a non-root user; fix with: chown root:root %s && chmod 644 %s (and chmod go-w on its directories)",
		       path, path, path);
		return ret;
	}
	if (ret) {
		kc_err("cannot use configuration file %s: %s", path,
		       strerror(-ret));
		return ret;
	}
	ret = kc_read_alloc(path, KC_CONF_MAX, &text, &len);
	if (ret) {
		kc_err("cannot read %s: %s", path, strerror(-ret));
		return ret;
	}
	if (strlen(text) != len) {
		kc_err("%s: NUL byte at offset %zu; is this a text file?",
		       path, strlen(text));
		free(text);
		return -EINVAL;
	}
	ret = kc_conf_parse(text, path, c);
	free(text);
	return ret;
}
