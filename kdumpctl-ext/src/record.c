// SPDX-License-Identifier: GPL-2.0-only
/*
 * Capture records (record.h): parsing one, checking its values, and the
 * size it asks for. Finding the one to use is record_find.c's.
 */
#include "record.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "parse.h"
#include "text.h"

enum rec_key {
	K_VERSION, K_TIME, K_BACKEND, K_KERNEL, K_KERNEL_ID, K_INITRD,
	K_INITRD_ID, K_AREA, K_RAM, K_FIRST, K_PEAK, K_SAMPLES, K_DUMP,
	K_COUNT,
};

static const char *const key_names[K_COUNT] = {
	[K_VERSION] = "version", [K_TIME] = "time", [K_BACKEND] = "backend",
	[K_KERNEL] = "kernel", [K_KERNEL_ID] = "kernel_id",
	[K_INITRD] = "initrd", [K_INITRD_ID] = "initrd_id",
	[K_AREA] = "area_mib", [K_RAM] = "ram_kib",
	[K_FIRST] = "first_used_kib", [K_PEAK] = "peak_used_kib",
	[K_SAMPLES] = "samples", [K_DUMP] = "dump",
};

/* Where each value goes: a string of len bytes, or a number. */
static void *slot(struct kc_record *r, enum rec_key k, uint64_t *version,
		  size_t *len)
{
	*len = 0;
	switch (k) {
	case K_BACKEND:
		*len = sizeof(r->backend);
		return r->backend;
	case K_KERNEL:
		*len = sizeof(r->kernel);
		return r->kernel;
	case K_KERNEL_ID:
		*len = sizeof(r->kernel_id);
		return r->kernel_id;
	case K_INITRD:
		*len = sizeof(r->initrd);
		return r->initrd;
	case K_INITRD_ID:
		*len = sizeof(r->initrd_id);
		return r->initrd_id;
	case K_VERSION:
		return version;
	case K_TIME:
		return &r->time;
	case K_AREA:
		return &r->area_mib;
	case K_RAM:
		return &r->ram_kib;
	case K_FIRST:
		return &r->first_used_kib;
	case K_PEAK:
		return &r->peak_used_kib;
	case K_SAMPLES:
		return &r->samples;
	default:
		return NULL;	/* dump: a boolean, parsed by the caller */
	}
}

/* A '#' at the start or after a blank starts a comment. */
static void cut_comment(char *line)
{
	char *p;

	for (p = line; (p = strchr(p, '#')) != NULL; p++) {
		if (p == line || p[-1] == ' ' || p[-1] == '\t') {
			*p = '\0';
			return;
		}
	}
}

/* One key's value into r; a reason in why on error. */
static int set_value(struct kc_record *r, enum rec_key k, const char *val,
		     uint64_t *version, char *why, size_t whylen)
{
	size_t len;
	void *dst = slot(r, k, version, &len);
	uint64_t n;
	int ret;

	if (len) {
		if (strlen(val) >= len) {
			snprintf(why, whylen, "%s is longer than %zu bytes",
				 key_names[k], len - 1);
			return -EINVAL;
		}
		memcpy(dst, val, strlen(val) + 1);
		return 0;
	}
	ret = kc_parse_u64(val, &n);
	if (ret) {
		snprintf(why, whylen, "%s \"%.40s\" is %s", key_names[k], val,
			 ret == -ERANGE ? "too large a number" :
			 "not a decimal number");
		return -EINVAL;
	}
	if (k == K_DUMP) {
		if (n > 1) {
			snprintf(why, whylen, "dump %" PRIu64 " is not 0 or 1",
				 n);
			return -EINVAL;
		}
		r->dump = n == 1;
		return 0;
	}
	*(uint64_t *)dst = n;
	return 0;
}

/* The lines, into r; which keys were seen in *seen. */
static int parse_lines(const char *text, struct kc_record *r,
		       uint64_t *version, unsigned int *seen, char *why,
		       size_t whylen)
{
	unsigned int lineno = 0;
	const char *p = text;
	char line[KC_PATH_MAX + 64];
	int got;

	while ((got = kc_next_line(&p, line, sizeof(line))) != 0) {
		char *key, *val, *eq;
		unsigned int k;

		lineno++;
		if (got < 0) {
			snprintf(why, whylen, "line %u is longer than %zu bytes",
				 lineno, sizeof(line) - 1);
			return -EINVAL;
		}
		cut_comment(line);
		key = kc_trim(line);
		if (!*key)
			continue;
		eq = strchr(key, '=');
		if (!eq) {
			snprintf(why, whylen, "line %u is not key=value",
				 lineno);
			return -EINVAL;
		}
		*eq = '\0';
		key = kc_trim(key);
		val = kc_trim(eq + 1);
		for (k = 0; k < K_COUNT; k++)
			if (!strcmp(key, key_names[k]))
				break;
		/* Unknown keys are a newer recorder's: ignore them. */
		if (k == K_COUNT)
			continue;
		if (set_value(r, (enum rec_key)k, val, version, why, whylen))
			return -EINVAL;
		*seen |= 1U << k;
	}
	return 0;
}

/* What a well-formed record's values must be; the problem in why. */
static int check_values(const struct kc_record *r, char *why, size_t whylen)
{
	const struct {
		const char *key;
		uint64_t val;
		uint64_t max;
		const char *unit;
	} bounds[] = {
		{ "ram_kib", r->ram_kib, KC_REC_KIB_MAX, "KiB" },
		{ "first_used_kib", r->first_used_kib, KC_REC_KIB_MAX, "KiB" },
		{ "peak_used_kib", r->peak_used_kib, KC_REC_KIB_MAX, "KiB" },
		{ "area_mib", r->area_mib, KC_REC_MIB_MAX, "MiB" },
	};
	size_t i;

	for (i = 0; i < KC_ARRAY_SIZE(bounds); i++) {
		if (bounds[i].val > bounds[i].max) {
			snprintf(why, whylen,
				 "%s %" PRIu64 " is more than 1 TiB (%" PRIu64 " %s)",
				 bounds[i].key, bounds[i].val, bounds[i].max,
				 bounds[i].unit);
			return -EINVAL;
		}
	}
	if (r->time > KC_REC_TIME_MAX)
		snprintf(why, whylen, "time %" PRIu64 " is after the year 9999",
			 r->time);
	else if (!r->ram_kib)
		snprintf(why, whylen, "ram_kib is 0");
	else if (r->peak_used_kib > r->ram_kib)
		snprintf(why, whylen,
			 "peak_used_kib %" PRIu64 " is more than ram_kib %" PRIu64,
			 r->peak_used_kib, r->ram_kib);
	else if (r->first_used_kib > r->peak_used_kib)
		snprintf(why, whylen,
			 "first_used_kib %" PRIu64 " is more than peak_used_kib %" PRIu64,
			 r->first_used_kib, r->peak_used_kib);
	else if (!r->kernel[0] || !r->kernel_id[0] || !r->initrd_id[0])
		snprintf(why, whylen, "%s is empty",
			 !r->kernel[0] ? "kernel" :
			 !r->kernel_id[0] ? "kernel_id" : "initrd_id");
	else
		return 0;
	return -EINVAL;
}

int kc_record_parse(const char *text, struct kc_record *r, char *why,
		    size_t whylen)
{
	char path[KC_PATH_MAX];
	unsigned int seen = 0, k;
	uint64_t version = 0;

	why[0] = '\0';
	memcpy(path, r->path, sizeof(path));
	memset(r, 0, sizeof(*r));
	memcpy(r->path, path, sizeof(path));
	if (parse_lines(text, r, &version, &seen, why, whylen))
		return -EINVAL;
	/* A newer format may mean anything by its keys. */
	if ((seen & (1U << K_VERSION)) && version != 1) {
		snprintf(why, whylen, "version %" PRIu64 ", not 1", version);
		return -EINVAL;
	}
	for (k = 0; k < K_COUNT; k++) {
		if (!(seen & (1U << k))) {
			snprintf(why, whylen, "no %s= line", key_names[k]);
			return -EINVAL;
		}
	}
	return check_values(r, why, whylen);
}

void kc_record_time(uint64_t t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (t > KC_REC_TIME_MAX || !gmtime_r(&tt, &tm) ||
	    !strftime(buf, len, "%Y-%m-%d %H:%M UTC", &tm))
		snprintf(buf, len, "@%" PRIu64, t);
}

int kc_record_size(const struct kc_record *r, uint64_t initrd_packed,
		   uint64_t luks_mem, uint64_t capacity,
		   struct kc_rec_size *out)
{
	/* At most 1 TiB each (kc_record_parse): no overflow. */
	const uint64_t first = r->first_used_kib * 1024;
	uint64_t unpack, unlock, total;

	memset(out, 0, sizeof(*out));
	if (__builtin_add_overflow(first, initrd_packed, &unpack) ||
	    __builtin_add_overflow(first, luks_mem, &unlock))
		return -ERANGE;
	out->need = r->peak_used_kib * 1024;
	out->by = KC_REC_BY_PEAK;
	if (unpack > out->need) {
		out->need = unpack;
		out->by = KC_REC_BY_INITRD;
	}
	if (unlock > out->need) {
		out->need = unlock;
		out->by = KC_REC_BY_LUKS;
	}
	out->margin = KC_REC_MARGIN_MIB * KC_MIB;
	out->fit.margin = out->margin;
	if (__builtin_add_overflow(out->need, out->margin, &total))
		return -ERANGE;
	return kc_est_fit(out->need, total, capacity, &out->fit);
}
