// SPDX-License-Identifier: GPL-2.0-only
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

volatile sig_atomic_t kc_interrupted;

const struct kc_exit_doc kc_exit_docs[KC_EXIT_MAX + 1] = {
	[KC_EXIT_OK] = { "ok", "Success, including a no-op." },
	[KC_EXIT_FAIL] = { "failure",
		"Failure; nothing was left half done." },
	[KC_EXIT_USAGE] = { "usage", "Bad option or argument." },
	[KC_EXIT_CONFIG] = { "configuration", "Configuration file error." },
	[KC_EXIT_NOTCMA] = { "not CMA mode", "Not in crash CMA mode." },
	[KC_EXIT_TOOSMALL] = { "size does not fit",
		"The size does not fit the CMA capacity." },
	[KC_EXIT_ALLOC] = { "allocation failed",
		"Allocation failed after all retries (rolled back)." },
	[KC_EXIT_LOAD] = { "load failed",
		"Loading the crash kernel failed (rolled back)." },
	[KC_EXIT_LOCKED] = { "locked", "Another kexeccma holds the lock." },
	[KC_EXIT_INCONSISTENT] = { "left half done (run kexeccma stop)",
		"Left half done: memory allocated with no crash kernel loaded, or a crash kernel that could not be unloaded." },
	[KC_EXIT_INTERRUPTED] = { "interrupted",
		"Interrupted by SIGINT, SIGTERM or SIGHUP." },
};

static char root_prefix[KC_PATH_MAX];
static bool quiet, mute;
static char last_error[512];

int kc_set_root(const char *root)
{
	size_t n;

	if (!root)
		root = "";
	n = strlen(root);
	/* A trailing slash would double up with the absolute paths. */
	while (n > 1 && root[n - 1] == '/')
		n--;
	if (n == 1 && root[0] == '/')
		n = 0;
	if (n >= sizeof(root_prefix) - 256)
		return -ENAMETOOLONG;
	memcpy(root_prefix, root, n);
	root_prefix[n] = '\0';
	return 0;
}

const char *kc_signal_name(int sig)
{
	static char buf[32];

	switch (sig) {
	case SIGINT:
		return "SIGINT";
	case SIGTERM:
		return "SIGTERM";
	case SIGHUP:
		return "SIGHUP";
	default:
		snprintf(buf, sizeof(buf), "signal %d", sig);
		return buf;
	}
}

int kc_err_interrupted(const char *during, const char *now)
{
	kc_err("interrupted by %s while %s; %s",
	       kc_signal_name(kc_interrupted), during, now);
	return KC_EXIT_INTERRUPTED;
}

const char *kc_root(void)
{
	return root_prefix;
}

int kc_path(char *buf, size_t len, const char *abs)
{
	int n = snprintf(buf, len, "%s%s", root_prefix, abs);

	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	return 0;
}

static void vmsg(const char *tag, const char *fmt, va_list ap)
{
	char line[2048];

	if (mute)
		return;
	/*
	 * One write per message so concurrent output does not interleave.
	 * The analyzer loses track of va_start() in the callers (a false
	 * positive of clang-analyzer-valist with FORTIFY_SOURCE).
	 */
	vsnprintf(line, sizeof(line), fmt, ap); // NOLINT(clang-analyzer-valist.Uninitialized)
	fprintf(stderr, "kexeccma: %s%s\n", tag, line);
	fflush(stderr);
}

void kc_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap); // NOLINT(clang-analyzer-valist.Uninitialized)
	va_end(ap);
	va_start(ap, fmt);
	vmsg("error: ", fmt, ap);
	va_end(ap);
}

const char *kc_last_error(void)
{
	return last_error;
}

void kc_clear_error(void)
{
	last_error[0] = '\0';
}

void kc_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("warning: ", fmt, ap);
	va_end(ap);
}

void kc_info(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	vmsg("", fmt, ap);
	va_end(ap);
}

void kc_set_quiet(bool q)
{
	quiet = q;
}

void kc_set_mute(bool m)
{
	mute = m;
}

size_t kc_read_fd(int fd, void *buf, size_t max)
{
	char *p = buf;
	size_t len = 0;

	while (len < max) {
		ssize_t n = read(fd, p + len, max - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	return len;
}

int kc_read_alloc(const char *path, size_t max, char **bufp, size_t *lenp)
{
	size_t cap = 4096, len = 0;
	char *buf;
	int fd, ret = 0;

	*bufp = NULL;
	if (lenp)
		*lenp = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	buf = malloc(cap);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		ssize_t n;

		if (len + 1 >= cap) {
			char *nb;

			if (cap > max) {
				ret = -EFBIG;
				break;
			}
			cap *= 2;
			nb = realloc(buf, cap);
			if (!nb) {
				ret = -ENOMEM;
				break;
			}
			buf = nb;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			break;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > max) {
			ret = -EFBIG;
			break;
		}
	}
	close(fd);
	if (ret) {
		free(buf);
		return ret;
	}
	buf[len] = '\0';
	*bufp = buf;
	if (lenp)
		*lenp = len;
	return 0;
}

int kc_read_rooted(const char *abs, size_t max, char **buf, size_t *len)
{
	char p[KC_PATH_MAX];
	int ret = kc_path(p, sizeof(p), abs);

	if (ret)
		return ret;
	return kc_read_alloc(p, max, buf, len);
}

/* O_DIRECTORY | O_NOFOLLOW says ENOTDIR for a symlink: say ELOOP. */
static int nofollow_error(int dfd, const char *name)
{
	int err = errno;
	struct stat st;

	if (err == ENOTDIR && !fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) &&
	    S_ISLNK(st.st_mode))
		return -ELOOP;
	return -err;
}

int kc_open_dir_nofollow(const char *absdir)
{
	char comp[NAME_MAX + 1];
	const char *p = absdir;
	int fd;

	if (absdir[0] != '/')
		return -EINVAL;
	/* The prefix itself passed kc_check_trusted_dir(). */
	fd = open(root_prefix[0] ? root_prefix : "/",
		  O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	for (;;) {
		size_t n;
		int next;

		p += strspn(p, "/");
		n = strcspn(p, "/");
		if (!n)
			return fd;
		if (n >= sizeof(comp)) {
			close(fd);
			return -ENAMETOOLONG;
		}
		memcpy(comp, p, n);
		comp[n] = '\0';
		p += n;
		next = openat(fd, comp,
			      O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (next < 0)
			next = nofollow_error(fd, comp);
		close(fd);
		if (next < 0)
			return next;
		fd = next;
	}
}

int kc_open_nofollow(const char *abs, int flags, unsigned int mode)
{
	char dir[KC_PATH_MAX];
	const char *base = strrchr(abs, '/');
	int dfd, fd;

	if (!base || !base[1] || (size_t)(base - abs) >= sizeof(dir))
		return -EINVAL;
	memcpy(dir, abs, (size_t)(base - abs));
	dir[base - abs] = '\0';
	dfd = kc_open_dir_nofollow(dir[0] ? dir : "/");
	if (dfd < 0)
		return dfd;
	fd = openat(dfd, base + 1, flags | O_NOFOLLOW | O_CLOEXEC,
		    (mode_t)mode);
	if (fd < 0)
		fd = -errno;
	close(dfd);
	return fd;
}

int kc_write_rooted(const char *abs, const char *val)
{
	size_t len = strlen(val);
	ssize_t n;
	int fd, ret;

	/*
	 * No O_CREAT: these are kernel files that must already exist.
	 * O_TRUNC is ignored by sysfs and procfs but keeps a regular file
	 * in a fake root readable after each write.
	 */
	fd = kc_open_nofollow(abs, O_WRONLY | O_TRUNC | O_NOCTTY, 0);
	if (fd < 0)
		return fd;
	do {
		n = write(fd, val, len);
	} while (n < 0 && errno == EINTR);
	ret = n < 0 ? -errno : ((size_t)n != len ? -EIO : 0);
	if (close(fd) && !ret)
		ret = -errno;
	return ret;
}

bool kc_exists_rooted(const char *abs)
{
	char p[KC_PATH_MAX];

	if (kc_path(p, sizeof(p), abs))
		return false;
	return access(p, F_OK) == 0;
}

static bool owner_trusted(const struct stat *st)
{
	return st->st_uid == 0 || st->st_uid == geteuid();
}

/*
 * Every directory above path: whoever may rename entries in one of them
 * may swap the file after it was checked. A sticky directory (/tmp) only
 * lets the owner of an entry rename it, so it may be writable by all.
 */
static int parents_trusted(const char *path)
{
	char dir[KC_PATH_MAX];
	size_t n = strlen(path);

	if (path[0] != '/' || n >= sizeof(dir))
		return 0;
	memcpy(dir, path, n + 1);
	for (;;) {
		struct stat st;
		char *slash = strrchr(dir, '/');

		if (!slash || slash == dir)
			dir[1] = '\0';
		else
			*slash = '\0';
		if (stat(dir, &st))
			return -errno;
		if (!owner_trusted(&st))
			return -EPERM;
		if ((st.st_mode & (S_IWGRP | S_IWOTH)) &&
		    !(st.st_mode & S_ISVTX))
			return -EPERM;
		if (!strcmp(dir, "/"))
			return 0;
	}
}

/*
 * A file or directory of type (S_IFREG, S_IFDIR) owned by a trusted user,
 * writable by nobody else, in trusted directories: those of the name
 * given, and of where it leads.
 */
static int check_node(const char *path, unsigned int type)
{
	char real[PATH_MAX];
	struct stat st;
	int ret;

	if (stat(path, &st))
		return -errno;
	if ((st.st_mode & S_IFMT) != type)
		return type == S_IFDIR ? -ENOTDIR : -EINVAL;
	if (!owner_trusted(&st) || (st.st_mode & (S_IWGRP | S_IWOTH)))
		return -EPERM;
	ret = parents_trusted(path);
	if (!ret && realpath(path, real))
		ret = parents_trusted(real);
	return ret;
}

int kc_check_trusted_dir(const char *path)
{
	return check_node(path, S_IFDIR);
}

int kc_check_trusted(const char *path)
{
	return check_node(path, S_IFREG);
}

uint64_t kc_le(const unsigned char *p, unsigned int n)
{
	uint64_t v = 0;

	while (n--)
		v = (v << 8) | p[n];
	return v;
}
