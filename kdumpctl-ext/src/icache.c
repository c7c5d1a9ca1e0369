// SPDX-License-Identifier: GPL-2.0-only
#include "icache.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parse.h"
#include "state.h"
#include "util.h"

#define KC_ICACHE_TMP_NAME KC_ICACHE_NAME ".new"
#define KC_ICACHE_PATH KC_STATE_DIR "/" KC_ICACHE_NAME
#define KC_ICACHE_MAX (KC_PATH_MAX + 512)

/* "dev:ino:size:mtime:ctime" of path, or -errno. */
static int file_key(const char *path, char *key, size_t len)
{
	struct stat st;

	if (stat(path, &st))
		return -errno;
	snprintf(key, len, "%ju:%ju:%jd:%jd.%09ld:%jd.%09ld",
		 (uintmax_t)st.st_dev, (uintmax_t)st.st_ino,
		 (intmax_t)st.st_size, (intmax_t)st.st_mtim.tv_sec,
		 st.st_mtim.tv_nsec, (intmax_t)st.st_ctim.tv_sec,
		 st.st_ctim.tv_nsec);
	return 0;
}

/* The value of "name=" on its own line in text, copied to val. */
static int field(const char *text, const char *name, char *val, size_t len)
{
	size_t n = strlen(name);
	const char *p = text;

	while (p && *p) {
		size_t l = strcspn(p, "\n");

		if (l > n && !strncmp(p, name, n) && p[n] == '=') {
			if (l - n - 1 >= len)
				return -EINVAL;
			memcpy(val, p + n + 1, l - n - 1);
			val[l - n - 1] = '\0';
			return 0;
		}
		p = p[l] ? p + l + 1 : NULL;
	}
	return -ENOENT;
}

static int field_u64(const char *text, const char *name, uint64_t *v)
{
	char s[32];

	return field(text, name, s, sizeof(s)) ? -EINVAL :
	       kc_parse_u64(s, v);
}

/* The cache's entry for path with key, if it is that; 0 or -errno. */
static int cache_read(const char *path, const char *key,
		      struct kc_initrd *out)
{
	char text[KC_ICACHE_MAX + 1], v[KC_PATH_MAX];
	struct kc_initrd c;
	struct stat st;
	size_t len;
	int fd;

	fd = kc_open_nofollow(KC_ICACHE_PATH, O_RDONLY | O_NOCTTY, 0);
	if (fd < 0)
		return fd;
	/* Written by root alone, readable by nobody else. */
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_uid != 0 ||
	    (st.st_mode & 077)) {
		close(fd);
		return -EPERM;
	}
	len = kc_read_fd(fd, text, KC_ICACHE_MAX);
	close(fd);
	text[len] = '\0';
	memset(&c, 0, sizeof(c));
	if (field(text, "version", v, sizeof(v)) || strcmp(v, "1") != 0 ||
	    field(text, "path", v, sizeof(v)) || strcmp(v, path) != 0 ||
	    field(text, "key", v, sizeof(v)) || strcmp(v, key) != 0 ||
	    field_u64(text, "packed", &c.packed) ||
	    field_u64(text, "data", &c.data) ||
	    field_u64(text, "entries", &c.entries) ||
	    field(text, "format", c.format, sizeof(c.format)))
		return -ESTALE;
	*out = c;
	return 0;
}

/* Replace the cache with path's entry; errors only cost the next run. */
static void cache_write(const char *path, const char *key,
			const struct kc_initrd *m)
{
	char text[KC_ICACHE_MAX];
	int dfd, fd, n;

	if (geteuid() != 0 || strchr(path, '\n') || strchr(m->format, '\n'))
		return;
	n = snprintf(text, sizeof(text),
		     "version=1\npath=%s\nkey=%s\npacked=%" PRIu64
		     "\ndata=%" PRIu64 "\nentries=%" PRIu64 "\nformat=%s\n",
		     path, key, m->packed, m->data, m->entries, m->format);
	if (n < 0 || (size_t)n >= sizeof(text))
		return;
	dfd = kc_open_dir_nofollow(KC_STATE_DIR);
	if (dfd < 0)
		return;
	unlinkat(dfd, KC_ICACHE_TMP_NAME, 0);
	fd = openat(dfd, KC_ICACHE_TMP_NAME,
		    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd >= 0) {
		bool ok = write(fd, text, (size_t)n) == n;

		if (close(fd) || !ok ||
		    renameat(dfd, KC_ICACHE_TMP_NAME, dfd, KC_ICACHE_NAME))
			unlinkat(dfd, KC_ICACHE_TMP_NAME, 0);
	}
	close(dfd);
}

int kc_initrd_size_cached(const char *path, struct kc_initrd *out,
			  char *why, size_t whylen)
{
	char before[160], after[160];
	int ret;

	if (file_key(path, before, sizeof(before)))
		return kc_initrd_size(path, out, why, whylen);
	if (!cache_read(path, before, out)) {
		why[0] = '\0';
		return 0;
	}
	ret = kc_initrd_size(path, out, why, whylen);
	/* Kept only when the file did not change while it was read. */
	if (!ret && !file_key(path, after, sizeof(after)) &&
	    !strcmp(before, after))
		cache_write(path, before, out);
	return ret;
}
