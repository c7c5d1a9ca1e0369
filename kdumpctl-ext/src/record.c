// SPDX-License-Identifier: GPL-2.0-only
#include "record.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "parse.h"

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

static char *trim(char *s)
{
	char *e;

	s += strspn(s, " \t");
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
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

	while (*p) {
		size_t len = strcspn(p, "\n");
		char line[KC_PATH_MAX + 64], *key, *val, *eq;
		unsigned int k;

		lineno++;
		if (len >= sizeof(line)) {
			snprintf(why, whylen, "line %u is longer than %zu bytes",
				 lineno, sizeof(line) - 1);
			return -EINVAL;
		}
		memcpy(line, p, len);
		line[len] = '\0';
		p += len;
		if (*p)
			p++;
		cut_comment(line);
		key = trim(line);
		if (!*key)
			continue;
		eq = strchr(key, '=');
		if (!eq) {
			snprintf(why, whylen, "line %u is not key=value",
				 lineno);
			return -EINVAL;
		}
		*eq = '\0';
		key = trim(key);
		val = trim(eq + 1);
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
		   uint64_t capacity, struct kc_rec_size *out)
{
	/* At most 1 TiB each (kc_record_parse): no overflow. */
	uint64_t peak = r->peak_used_kib * 1024;
	uint64_t first = r->first_used_kib * 1024, total;

	memset(out, 0, sizeof(*out));
	if (__builtin_add_overflow(first, initrd_packed, &first))
		return -ERANGE;
	out->by_peak = peak >= first;
	out->need = out->by_peak ? peak : first;
	out->margin = KC_REC_MARGIN_MIB * KC_MIB;
	out->fit.margin = out->margin;
	if (__builtin_add_overflow(out->need, out->margin, &total))
		return -ERANGE;
	return kc_est_fit(out->need, total, capacity, &out->fit);
}

/* The search: the newest fresh record and the newest stale one. */
struct search {
	const struct kc_state *want;
	struct kc_record cur;
	struct kc_record best;
	struct kc_record stale;
	bool have_best;
	bool have_stale;
	char stale_why[2 * KC_PATH_MAX + KC_FILE_ID_LEN + 64];
};

/* Made for the files want describes, by path and identity? */
static bool same_files(const struct kc_record *r, const struct kc_state *w)
{
	return !strcmp(r->kernel, w->kernel) &&
	       !strcmp(r->kernel_id, w->kernel_id) &&
	       !strcmp(r->initrd, w->initrd) &&
	       !strcmp(r->initrd_id, w->initrd_id);
}

/* Why r was made for other files than want's, or NULL when it was not. */
static const char *stale_why(const struct kc_record *r,
			     const struct kc_state *w, char *buf, size_t len)
{
	const char *what, *was, *now, *was_id = NULL;

	if (strcmp(r->kernel, w->kernel) != 0) {
		what = "kernel";
		was = r->kernel;
		now = w->kernel;
	} else if (strcmp(r->kernel_id, w->kernel_id) != 0) {
		what = "kernel";
		was = r->kernel;
		was_id = r->kernel_id;
		now = w->kernel_id;
	} else if (strcmp(r->initrd, w->initrd) != 0) {
		what = "initrd";
		was = r->initrd[0] ? r->initrd : "none";
		now = w->initrd[0] ? w->initrd : "none";
	} else if (strcmp(r->initrd_id, w->initrd_id) != 0) {
		what = "initrd";
		was = r->initrd;
		was_id = r->initrd_id;
		now = w->initrd_id;
	} else {
		return NULL;
	}
	if (was_id)
		snprintf(buf, len, "made for %s %s (size:mtime %s), now %s",
			 what, was, was_id, now);
	else
		snprintf(buf, len, "made for %s %s, now %s", what, was, now);
	return buf;
}

/* Newer, or as new with a larger peak (the safer of two). */
static bool newer(const struct kc_record *a, const struct kc_record *b)
{
	return a->time > b->time ||
	       (a->time == b->time && a->peak_used_kib > b->peak_used_kib);
}

/* The record's file, opened and checked: an fd, or -1 after a warning. */
static int open_record(int dfd, const char *path)
{
	struct stat st;
	int fd;

	fd = openat(dfd, KC_RECORD_NAME, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
		    O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		if (errno != ENOENT)
			kc_warn("ignoring the capture record %s: %s", path,
				errno == ELOOP ? "a symlink" :
				strerror(errno));
		return -1;
	}
	if (fstat(fd, &st)) {
		kc_warn("ignoring the capture record %s: %s", path,
			strerror(errno));
	} else if (!S_ISREG(st.st_mode)) {
		kc_warn("ignoring the capture record %s: not a regular file",
			path);
	} else if (st.st_uid != 0 && st.st_uid != geteuid()) {
		kc_warn("ignoring the capture record %s: owned by uid %ju, not root",
			path, (uintmax_t)st.st_uid);
	} else if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		kc_warn("ignoring the capture record %s: writable by group or others (mode %04o)",
			path, (unsigned int)(st.st_mode & 07777));
	} else if (st.st_size > (off_t)KC_REC_FILE_MAX) {
		kc_warn("ignoring the capture record %s: larger than %u KiB",
			path, KC_REC_FILE_MAX >> 10);
	} else {
		return fd;
	}
	close(fd);
	return -1;
}

/* dfd/kexeccma-capture, named path in messages, into the search. */
static void consider(struct search *s, int dfd, const char *path)
{
	struct kc_record *r = &s->cur;
	char text[KC_REC_FILE_MAX + 1], why[256];
	size_t len;
	int fd;

	fd = open_record(dfd, path);
	if (fd < 0)
		return;
	len = kc_read_fd(fd, text, KC_REC_FILE_MAX);
	close(fd);
	text[len] = '\0';
	snprintf(r->path, sizeof(r->path), "%s", path);
	if (strlen(text) != len) {
		kc_warn("ignoring the capture record %s: a NUL byte; is it a text file?",
			path);
		return;
	}
	if (kc_record_parse(text, r, why, sizeof(why))) {
		kc_warn("ignoring the capture record %s: %s", path, why);
		return;
	}
	if (!same_files(r, s->want)) {
		if (!s->have_stale || newer(r, &s->stale)) {
			s->stale = *r;
			s->have_stale = true;
			stale_why(r, s->want, s->stale_why,
				  sizeof(s->stale_why));
		}
		return;
	}
	if (!r->dump) {
		kc_info("note: ignoring the capture record %s: that capture saved no dump (dump=0), so its peak is not what a capture needs",
			path);
		return;
	}
	if (!s->have_best || newer(r, &s->best)) {
		s->best = *r;
		s->have_best = true;
	}
}

/* dir's subdirectories, one level down. */
static void search_subdirs(struct search *s, int dfd, const char *dir)
{
	unsigned int n = 0;
	struct dirent *e;
	int dup_fd = dup(dfd);
	DIR *d = dup_fd < 0 ? NULL : fdopendir(dup_fd);

	if (!d) {
		if (dup_fd >= 0)
			close(dup_fd);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		char path[KC_PATH_MAX];
		int sub, w;

		if (++n > KC_REC_ENTRIES_MAX) {
			kc_warn("more than %u entries in %s; the capture records in the rest were not looked at",
				KC_REC_ENTRIES_MAX, dir);
			break;
		}
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    (e->d_type != DT_DIR && e->d_type != DT_UNKNOWN))
			continue;
		w = snprintf(path, sizeof(path), "%s/%s/%s", dir, e->d_name,
			     KC_RECORD_NAME);
		if (w < 0 || (size_t)w >= sizeof(path))
			continue;
		/* Not through a symlink: only what is below dir. */
		sub = openat(dfd, e->d_name,
			     O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub < 0)
			continue;
		consider(s, sub, path);
		close(sub);
	}
	closedir(d);
}

int kc_record_find(const char *dir, const struct kc_state *want,
		   struct kc_record *r)
{
	char abs[KC_PATH_MAX], path[KC_PATH_MAX];
	struct search *s;
	int dfd, w;

	if (kc_path(abs, sizeof(abs), dir))
		return 0;
	dfd = open(abs, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		if (errno != ENOENT)
			kc_warn("cannot look for capture records in %s: %s",
				abs, strerror(errno));
		return 0;
	}
	s = calloc(1, sizeof(*s));
	if (!s) {
		close(dfd);
		return 0;
	}
	s->want = want;
	w = snprintf(path, sizeof(path), "%s/%s", abs, KC_RECORD_NAME);
	if (w > 0 && (size_t)w < sizeof(path))
		consider(s, dfd, path);
	search_subdirs(s, dfd, abs);
	close(dfd);
	if (s->have_best)
		*r = s->best;
	else if (s->have_stale)
		kc_info("note: ignoring the capture record %s: %s",
			s->stale.path, s->stale_why);
	w = s->have_best;
	free(s);
	return w;
}
