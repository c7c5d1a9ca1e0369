/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Small helpers shared by every module: the root prefix that all system
 * paths resolve against, messages on stderr, bounded file reads and the
 * trust check for files the helper reads or runs as root.
 */
#ifndef KC_UTIL_H
#define KC_UTIL_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KC_PATH_MAX 4096
#define KC_MIB (UINT64_C(1) << 20)
#define KC_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Exit codes, documented in kexeccma(8). */
enum kc_exit {
	KC_EXIT_OK = 0,
	KC_EXIT_FAIL = 1,	/* runtime failure, nothing left half done */
	KC_EXIT_USAGE = 2,	/* bad option or argument */
	KC_EXIT_CONFIG = 3,	/* configuration file error */
	KC_EXIT_NOTCMA = 4,	/* kernel is not in crash CMA mode */
	KC_EXIT_TOOSMALL = 5,	/* size does not fit the CMA capacity */
	KC_EXIT_ALLOC = 6,	/* allocation failed after retries */
	KC_EXIT_LOAD = 7,	/* loading the crash kernel failed */
	KC_EXIT_LOCKED = 8,	/* another kexeccma holds the lock */
	KC_EXIT_INCONSISTENT = 9, /* left half done, run "kexeccma stop" */
	KC_EXIT_INTERRUPTED = 10, /* signal received, rolled back */
	KC_EXIT_MAX = KC_EXIT_INTERRUPTED,
};

/*
 * What each exit code means, indexed by code: the first sentence of its
 * entry in kexeccma(8) (a unit test compares them) and a few words for
 * --help.
 */
struct kc_exit_doc {
	const char *brief;
	const char *man;
};

extern const struct kc_exit_doc kc_exit_docs[KC_EXIT_MAX + 1];

/*
 * The number of the SIGINT, SIGTERM or SIGHUP received, 0 before any:
 * every step checks it and a start rolls back to where it began.
 */
extern volatile sig_atomic_t kc_interrupted;
/* "SIGTERM" for SIGTERM..., "signal N" otherwise (static buffer). */
const char *kc_signal_name(int sig);
/*
 * The error line for the signal received: "interrupted by SIGTERM while
 * <during>; <now>" (what is held now). Returns KC_EXIT_INTERRUPTED.
 */
int kc_err_interrupted(const char *during, const char *now);

/* Root prefix ("" in production, a fake tree in tests). */
int kc_set_root(const char *root);
const char *kc_root(void);
/* Join the root prefix and an absolute path; -ENAMETOOLONG on overflow. */
int kc_path(char *buf, size_t len, const char *abs);

void kc_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kc_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kc_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* quiet mutes progress messages; mute silences warnings and errors too. */
void kc_set_quiet(bool quiet);
void kc_set_mute(bool mute);
/* The last error message, kept even when muted (for status). */
const char *kc_last_error(void);
void kc_clear_error(void);

/*
 * Read a whole file (at most max bytes) into a NUL-terminated heap buffer.
 * Returns 0, or -errno; -EFBIG when the file is larger than max.
 */
int kc_read_alloc(const char *path, size_t max, char **buf, size_t *len);
/*
 * Read up to max bytes of an open file into buf, across short reads and
 * EINTR; a read error ends it like end of file. Returns the bytes read.
 */
size_t kc_read_fd(int fd, void *buf, size_t max);
/* Same, for a path below the root prefix. */
int kc_read_rooted(const char *abs, size_t max, char **buf, size_t *len);
/*
 * Open the directory absdir below the root prefix one component at a
 * time, never through a symlink (O_NOFOLLOW on each), so that nobody who
 * may write in a directory on the way can redirect root's writes.
 * Returns a directory file descriptor or -errno (-ELOOP for a symlink).
 */
int kc_open_dir_nofollow(const char *absdir);
/*
 * The same for a file: its directory as above, then the file itself
 * with O_NOFOLLOW | O_CLOEXEC added to flags. Returns an fd or -errno.
 */
int kc_open_nofollow(const char *abs, int flags, unsigned int mode);
/* Write a short string to an existing file below the root prefix. */
int kc_write_rooted(const char *abs, const char *val);
bool kc_exists_rooted(const char *abs);

/*
 * A file the helper trusts as root must be a regular file owned by root
 * (or by the invoking user, so that unit tests run unprivileged) and not
 * writable by group or others, in directories that only such owners can
 * change (or sticky ones). Returns 0 or -errno (-EPERM if untrusted).
 */
int kc_check_trusted(const char *path);
/*
 * The same for a root prefix (--root, KEXECCMA_ROOT): a directory owned
 * by root (or the invoking user), writable by nobody else, in trusted
 * directories; otherwise whoever could write there would choose what
 * root reads, writes and runs.
 */
int kc_check_trusted_dir(const char *path);

/* The n-byte (at most 8) little-endian number at p: image headers. */
uint64_t kc_le(const unsigned char *p, unsigned int n);

#endif
