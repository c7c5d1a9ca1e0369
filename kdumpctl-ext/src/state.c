// SPDX-License-Identifier: GPL-2.0-only
#include "state.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parse.h"
#include "text.h"
#include "util.h"

#define KC_STATE_TMP_NAME KC_STATE_NAME ".new"
#define KC_STATE_MAX (32U << 10)

int kc_file_id(const char *path, char *id, size_t len)
{
	struct stat st;

	if (!path[0]) {
		snprintf(id, len, "none");
		return 0;
	}
	if (stat(path, &st))
		return -errno;
	/*
	 * Size and whole-second mtime only: a copy made with cp -a or
	 * packed into an initramfs (cpio keeps seconds) is the same file
	 * for the initramfs-to-root handover.
	 */
	snprintf(id, len, "%jd:%jd", (intmax_t)st.st_size,
		 (intmax_t)st.st_mtim.tv_sec);
	return 0;
}

static int put(char *dst, size_t len, const char *val)
{
	size_t n = strlen(val);

	if (n >= len)
		return -EINVAL;
	memcpy(dst, val, n + 1);
	return 0;
}

int kc_state_parse(const char *text, struct kc_state *s)
{
	const char *p = text;
	char line[KC_PATH_MAX + 32];
	bool version = false;
	int got;

	memset(s, 0, sizeof(*s));

	while ((got = kc_next_line(&p, line, sizeof(line))) != 0) {
		char *val;
		int ret = 0;

		if (got < 0)
			return -EINVAL;
		if (!line[0])
			continue;
		val = strchr(line, '=');
		if (!val)
			return -EINVAL;
		*val++ = '\0';
		if (!strcmp(line, "version"))
			version = !strcmp(val, "1");
		else if (!strcmp(line, "backend"))
			ret = put(s->backend, sizeof(s->backend), val);
		else if (!strcmp(line, "size_mib"))
			ret = kc_parse_u64(val, &s->size_mib);
		else if (!strcmp(line, "kernel"))
			ret = put(s->kernel, sizeof(s->kernel), val);
		else if (!strcmp(line, "kernel_id"))
			ret = put(s->kernel_id, sizeof(s->kernel_id), val);
		else if (!strcmp(line, "initrd"))
			ret = put(s->initrd, sizeof(s->initrd), val);
		else if (!strcmp(line, "initrd_id"))
			ret = put(s->initrd_id, sizeof(s->initrd_id), val);
		else if (!strcmp(line, "cmdline"))
			ret = put(s->cmdline, sizeof(s->cmdline), val);
		else if (!strcmp(line, "file_load"))
			ret = kc_parse_bool(val, &s->file_load);
		else if (!strcmp(line, "cma_free_before"))
			ret = kc_parse_u64(val, &s->cma_free_before);
		/* Unknown keys come from a newer version: ignore them. */
		if (ret)
			return -EINVAL;
	}
	return version ? 0 : -EINVAL;
}

int kc_state_read(struct kc_state *s)
{
	struct stat st;
	size_t len = 0;
	char *text;
	int fd, ret;

	fd = kc_open_nofollow(KC_STATE_PATH, O_RDONLY | O_NOCTTY, 0);
	if (fd < 0)
		return fd;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) ||
	    (st.st_uid != 0 && st.st_uid != geteuid()) ||
	    (st.st_mode & 077)) {
		close(fd);
		return -EPERM;
	}
	text = malloc(KC_STATE_MAX + 1);
	if (!text) {
		close(fd);
		return -ENOMEM;
	}
	len = kc_read_fd(fd, text, KC_STATE_MAX);
	close(fd);
	text[len] = '\0';
	ret = strlen(text) == len ? kc_state_parse(text, s) : -EINVAL;
	free(text);
	return ret;
}

static int write_text(int fd, const struct kc_state *s)
{
	FILE *f = fdopen(fd, "w");
	int ret;

	if (!f) {
		ret = -errno;
		close(fd);
		return ret;
	}
	fprintf(f, "version=1\nbackend=%s\nsize_mib=%" PRIu64 "\n"
		"kernel=%s\nkernel_id=%s\ninitrd=%s\ninitrd_id=%s\n"
		"cmdline=%s\nfile_load=%s\ncma_free_before=%" PRIu64 "\n",
		s->backend, s->size_mib, s->kernel, s->kernel_id, s->initrd,
		s->initrd_id, s->cmdline, s->file_load ? "yes" : "no",
		s->cma_free_before);
	ret = ferror(f) ? -EIO : 0;
	if (fclose(f) && !ret)
		ret = -errno;
	return ret;
}

/*
 * In dfd, a directory opened without following symlinks: unlinkat()
 * removes a planted symlink itself, O_EXCL | O_NOFOLLOW never write
 * through one, and renameat() replaces one at the final name.
 */
static int write_at(int dfd, const char *name, const char *tmp,
		    unsigned int mode, const struct kc_state *s)
{
	int fd, ret;

	if (unlinkat(dfd, tmp, 0) && errno != ENOENT)
		return -errno;
	fd = openat(dfd, tmp,
		    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		    (mode_t)mode);
	if (fd < 0)
		return -errno;
	/* Exactly mode, whatever the umask. */
	if (fchmod(fd, (mode_t)mode)) {
		ret = -errno;
		close(fd);
	} else {
		ret = write_text(fd, s);
	}
	if (!ret && renameat(dfd, tmp, dfd, name))
		ret = -errno;
	if (ret)
		unlinkat(dfd, tmp, 0);
	return ret;
}

int kc_state_write(const struct kc_state *s)
{
	int dfd, ret;

	dfd = kc_open_dir_nofollow(KC_STATE_DIR);
	if (dfd < 0)
		return dfd;
	ret = write_at(dfd, KC_STATE_NAME, KC_STATE_TMP_NAME, 0600, s);
	close(dfd);
	return ret;
}

/* KC_ARMED_DIR, made 0755 when missing, never through a symlink. */
static int open_armed_dir(void)
{
	int pfd, dfd;
	bool made;

	pfd = kc_open_dir_nofollow(KC_ARMED_PARENT);
	if (pfd < 0)
		return pfd;
	made = mkdirat(pfd, KC_ARMED_DIR_NAME, 0755) == 0;
	if (!made && errno != EEXIST) {
		dfd = -errno;
		close(pfd);
		return dfd;
	}
	dfd = openat(pfd, KC_ARMED_DIR_NAME,
		     O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0)
		dfd = -errno;
	close(pfd);
	/* Exactly 0755, whatever the umask. */
	if (dfd >= 0 && made && fchmod(dfd, 0755)) {
		int ret = -errno;

		close(dfd);
		return ret;
	}
	return dfd;
}

int kc_armed_write(const struct kc_state *s)
{
	int dfd, ret;

	dfd = open_armed_dir();
	if (dfd < 0)
		return dfd;
	ret = write_at(dfd, KC_ARMED_NAME, KC_ARMED_NAME ".new", 0644, s);
	close(dfd);
	return ret;
}

static int remove_at(const char *dir, const char *name)
{
	int dfd = kc_open_dir_nofollow(dir), ret = 0;

	if (dfd == -ENOENT)
		return 0;
	if (dfd < 0)
		return dfd;
	if (unlinkat(dfd, name, 0) && errno != ENOENT)
		ret = -errno;
	close(dfd);
	return ret;
}

int kc_state_remove(void)
{
	int ret = remove_at(KC_STATE_DIR, KC_STATE_NAME);
	int aret = remove_at(KC_ARMED_DIR, KC_ARMED_NAME);

	return ret ? ret : aret;
}

bool kc_state_same(const struct kc_state *a, const struct kc_state *b)
{
	return a->size_mib == b->size_mib && a->file_load == b->file_load &&
	       !strcmp(a->backend, b->backend) &&
	       !strcmp(a->kernel, b->kernel) &&
	       !strcmp(a->kernel_id, b->kernel_id) &&
	       !strcmp(a->initrd, b->initrd) &&
	       !strcmp(a->initrd_id, b->initrd_id) &&
	       !strcmp(a->cmdline, b->cmdline);
}
