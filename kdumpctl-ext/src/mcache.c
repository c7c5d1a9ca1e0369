// SPDX-License-Identifier: GPL-2.0-only
#include "mcache.h"

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
#include "vmlinux.h"

#define KC_MCACHE_MAX (KC_PATH_MAX + 512)

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

/*
 * The text of cache file name (below KC_STATE_DIR) into text (len
 * bytes), if it is the entry for path with key; 0 or -errno.
 */
static int cache_read(const char *name, const char *path, const char *key,
		      char *text, size_t len)
{
	char v[KC_PATH_MAX], at[KC_PATH_MAX];
	struct stat st;
	size_t n;
	int fd;

	snprintf(at, sizeof(at), "%s/%s", KC_STATE_DIR, name);
	fd = kc_open_nofollow(at, O_RDONLY | O_NOCTTY, 0);
	if (fd < 0)
		return fd;
	/* Written by root alone, readable by nobody else. */
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_uid != 0 ||
	    (st.st_mode & 077)) {
		close(fd);
		return -EPERM;
	}
	n = kc_read_fd(fd, text, len - 1);
	close(fd);
	text[n] = '\0';
	if (field(text, "version", v, sizeof(v)) || strcmp(v, "1") != 0 ||
	    field(text, "path", v, sizeof(v)) || strcmp(v, path) != 0 ||
	    field(text, "key", v, sizeof(v)) || strcmp(v, key) != 0)
		return -ESTALE;
	return 0;
}

/*
 * Replace cache file name with path's entry: key and the lines of body;
 * errors only cost the next run.
 */
static void cache_write(const char *name, const char *path, const char *key,
			const char *body)
{
	char text[KC_MCACHE_MAX], tmp[64];
	int dfd, fd, n;

	if (geteuid() != 0 || strchr(path, '\n'))
		return;
	n = snprintf(text, sizeof(text), "version=1\npath=%s\nkey=%s\n%s",
		     path, key, body);
	if (n < 0 || (size_t)n >= sizeof(text))
		return;
	snprintf(tmp, sizeof(tmp), "%s.new", name);
	dfd = kc_open_dir_nofollow(KC_STATE_DIR);
	if (dfd < 0)
		return;
	unlinkat(dfd, tmp, 0);
	fd = openat(dfd, tmp,
		    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd >= 0) {
		bool ok = write(fd, text, (size_t)n) == n;

		if (close(fd) || !ok || renameat(dfd, tmp, dfd, name))
			unlinkat(dfd, tmp, 0);
	}
	close(dfd);
}

static int initrd_read(const char *path, const char *key,
		       struct kc_initrd *out)
{
	char text[KC_MCACHE_MAX + 1];
	struct kc_initrd c;
	uint64_t systemd = 0;
	int ret;

	ret = cache_read(KC_MCACHE_INITRD, path, key, text, sizeof(text));
	if (ret)
		return ret;
	memset(&c, 0, sizeof(c));
	/* An entry written before a field existed is measured again. */
	if (field_u64(text, "packed", &c.packed) ||
	    field_u64(text, "data", &c.data) ||
	    field_u64(text, "entries", &c.entries) ||
	    field_u64(text, "init_systemd", &systemd) || systemd > 1 ||
	    field_u64(text, "modules", &c.modules) ||
	    field_u64(text, "module_files", &c.module_files) ||
	    field_u64(text, "modules_unknown", &c.modules_unknown) ||
	    field(text, "format", c.format, sizeof(c.format)))
		return -ESTALE;
	c.init_systemd = systemd;
	*out = c;
	return 0;
}

static void initrd_write(const char *path, const char *key,
			 const struct kc_initrd *m)
{
	char body[512];

	if (strchr(m->format, '\n'))
		return;
	snprintf(body, sizeof(body),
		 "packed=%" PRIu64 "\ndata=%" PRIu64 "\nentries=%" PRIu64
		 "\ninit_systemd=%d\nmodules=%" PRIu64 "\nmodule_files=%" PRIu64
		 "\nmodules_unknown=%" PRIu64 "\nformat=%s\n", m->packed,
		 m->data, m->entries, m->init_systemd ? 1 : 0, m->modules,
		 m->module_files, m->modules_unknown, m->format);
	cache_write(KC_MCACHE_INITRD, path, key, body);
}

int kc_initrd_size_cached(const char *path, struct kc_initrd *out,
			  char *why, size_t whylen)
{
	char before[160], after[160];
	int ret;

	if (file_key(path, before, sizeof(before)))
		return kc_initrd_size(path, out, why, whylen);
	if (!initrd_read(path, before, out)) {
		why[0] = '\0';
		return 0;
	}
	ret = kc_initrd_size(path, out, why, whylen);
	/* Kept only when the file did not change while it was read. */
	if (!ret && !file_key(path, after, sizeof(after)) &&
	    !strcmp(before, after))
		initrd_write(path, before, out);
	return ret;
}

int kc_kimage_read_cached(const char *path, struct kc_kimage *ki)
{
	char before[160] = "", after[160], text[KC_MCACHE_MAX + 1], v[8];
	uint64_t resident;
	int fd, ret;

	ret = kc_kimage_read(path, ki);
	if (ret || !ki->payload_len)
		return ret;
	if (file_key(path, before, sizeof(before)))
		before[0] = '\0';
	if (before[0] &&
	    !cache_read(KC_MCACHE_KERNEL, path, before, text, sizeof(text)) &&
	    !field_u64(text, "resident", &resident) &&
	    resident && resident <= ki->mem_size &&
	    !field(text, "initramfs_options", v, sizeof(v)) &&
	    (!strcmp(v, "yes") || !strcmp(v, "no"))) {
		ki->resident = resident;
		ki->initramfs_options = v[0] == 'y' ? KC_KF_YES : KC_KF_NO;
		return 0;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0 || kc_vmlinux_resident(fd, ki)) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	close(fd);
	/* Kept only when the file did not change while it was read. */
	if (before[0] && !file_key(path, after, sizeof(after)) &&
	    !strcmp(before, after)) {
		char body[64];

		snprintf(body, sizeof(body),
			 "resident=%" PRIu64 "\ninitramfs_options=%s\n",
			 ki->resident,
			 ki->initramfs_options == KC_KF_YES ? "yes" : "no");
		cache_write(KC_MCACHE_KERNEL, path, before, body);
	}
	return 0;
}
