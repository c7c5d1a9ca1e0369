/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Running external programs: by absolute path below the root prefix,
 * with execve() and an argv array (never a shell), and a fixed, clean
 * environment, so that nothing from the caller's environment (PATH, IFS,
 * LD_PRELOAD, BASH_ENV...) reaches a program the helper runs as root.
 */
#ifndef KC_RUN_H
#define KC_RUN_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Find name in the system program directories (/usr/sbin, /usr/bin,
 * /sbin, /bin) below the root prefix. The program must be executable and
 * trusted (kc_check_trusted). Returns 0 or -ENOENT, or -EPERM with the
 * untrusted program's path left in out.
 */
int kc_find_prog(const char *name, char *out, size_t len);

/*
 * Run path with argv; the child's stdout goes to our stderr (stdout is
 * kept for machine-readable output). Returns the exit status (0-255),
 * KC_RUN_SIGNALED + signal number if it was killed (not 128 + signal as
 * in the shell: kexec exits with 255, which must not read as a signal),
 * or -errno if it could not run.
 */
#define KC_RUN_SIGNALED 256
int kc_run(const char *path, const char *const argv[]);
/* kc_run() with "NAME=value" strings (NULL-terminated) added. */
int kc_run_env(const char *path, const char *const argv[],
	       const char *const extra[]);

/* Called with each chunk of the child's stdout; non-zero stops the run. */
typedef int (*kc_sink)(void *arg, const unsigned char *buf, size_t len);

/*
 * Run path with stdin from in_fd and stdout fed to sink; stderr is
 * discarded. *status as for kc_run. Returns 0 or the sink's error, or
 * -errno if the program could not run.
 */
int kc_run_pipe(const char *path, const char *const argv[], int in_fd,
		kc_sink sink, void *arg, int *status);

/*
 * Run path with stdin from /dev/null and its stdout read into a
 * NUL-terminated heap buffer *out (len bytes) of at most max bytes; its
 * stderr goes to ours, so that its own messages explain a failure.
 * *status as for kc_run. Returns 0, -EFBIG when it prints more than max
 * (it is killed), or -errno.
 */
int kc_run_capture(const char *path, const char *const argv[], size_t max,
		   char **out, size_t *len, int *status);

/*
 * A pipe fed [off, off + len) of fd by a child process (*pid, to be
 * reaped once the pipe is closed), for a decompressor that must not see
 * what follows its input. Returns the pipe's read end or -errno.
 */
int kc_feed_range(int fd, uint64_t off, uint64_t len, pid_t *pid);

#endif
