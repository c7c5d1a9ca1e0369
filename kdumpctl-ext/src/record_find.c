// SPDX-License-Identifier: GPL-2.0-only
/*
 * Finding the capture record to size from: the newest one made for the
 * files about to be armed, among trusted files one folder level below
 * record_dir (record.h). The parsing is record.c's.
 */
#include "record.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
