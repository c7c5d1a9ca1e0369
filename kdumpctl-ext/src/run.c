// SPDX-License-Identifier: GPL-2.0-only
#include "run.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

/* Programs run by the helper may themselves be scripts that need PATH. */
static char *const clean_env[] = {
	"PATH=/usr/sbin:/usr/bin:/sbin:/bin",
	"LC_ALL=C",
	NULL,
};

static const char *const prog_dirs[] = {
	"/usr/sbin", "/usr/bin", "/sbin", "/bin",
};

int kc_find_prog(const char *name, char *out, size_t len)
{
	int ret = -ENOENT;
	size_t i;

	if (strchr(name, '/'))
		return -EINVAL;
	for (i = 0; i < KC_ARRAY_SIZE(prog_dirs); i++) {
		char abs[KC_PATH_MAX];
		int r;

		snprintf(abs, sizeof(abs), "%s/%s", prog_dirs[i], name);
		if (kc_path(out, len, abs))
			return -ENAMETOOLONG;
		if (access(out, X_OK))
			continue;
		r = kc_check_trusted(out);
		if (!r)
			return 0;
		ret = r;
		if (r == -EPERM)
			break;	/* keep the path for the caller's message */
	}
	if (ret != -EPERM)
		out[0] = '\0';
	return ret;
}

static int wait_child(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR)
			return -errno;
	}
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return KC_RUN_SIGNALED + WTERMSIG(st);
	return -EIO;
}

/* In the child: restore the signal mask and default dispositions. */
static void child_signals(void)
{
	sigset_t none;

	sigemptyset(&none);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

int kc_run(const char *path, const char *const argv[])
{
	return kc_run_env(path, argv, NULL);
}

int kc_run_env(const char *path, const char *const argv[],
	       const char *const extra[])
{
	const char *envp[8];
	size_t n = 0, i;
	pid_t pid;

	for (i = 0; clean_env[i]; i++)
		envp[n++] = clean_env[i];
	for (i = 0; extra && extra[i] && n + 1 < KC_ARRAY_SIZE(envp); i++)
		envp[n++] = extra[i];
	envp[n] = NULL;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		child_signals();
		if (dup2(STDERR_FILENO, STDOUT_FILENO) < 0)
			_exit(126);
		/* argv is not modified by execve(); the cast is its ABI. */
		execve(path, (char *const *)argv, (char *const *)envp);
		_exit(errno == ENOENT ? 127 : 126);
	}
	return wait_child(pid);
}

/* kc_run_pipe(), with the child's stderr kept or sent to /dev/null. */
static int run_pipe(const char *path, const char *const argv[], int in_fd,
		    bool keep_stderr, kc_sink sink, void *arg, int *status)
{
	unsigned char buf[65536];
	int p[2], ret = 0;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC))
		return -errno;
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		ret = -errno;
		close(p[0]);
		close(p[1]);
		return ret;
	}
	if (pid == 0) {
		int null = keep_stderr ? -1 :
			   open("/dev/null", O_WRONLY | O_CLOEXEC);

		child_signals();
		if (dup2(in_fd, STDIN_FILENO) < 0 ||
		    dup2(p[1], STDOUT_FILENO) < 0 ||
		    (null >= 0 && dup2(null, STDERR_FILENO) < 0))
			_exit(126);
		execve(path, (char *const *)argv, clean_env);
		_exit(errno == ENOENT ? 127 : 126);
	}
	close(p[1]);
	for (;;) {
		ssize_t n = read(p[0], buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = -errno;
			break;
		}
		if (n == 0)
			break;
		ret = sink(arg, buf, (size_t)n);
		if (ret)
			break;
	}
	/* Stop a child whose output we no longer want. */
	if (ret)
		kill(pid, SIGKILL);
	close(p[0]);
	*status = wait_child(pid);
	return ret;
}

int kc_run_pipe(const char *path, const char *const argv[], int in_fd,
		kc_sink sink, void *arg, int *status)
{
	return run_pipe(path, argv, in_fd, false, sink, arg, status);
}

/* The child's output so far, and how much of it may come. */
struct capture {
	char *buf;
	size_t len;
	size_t max;
};

static int capture_sink(void *arg, const unsigned char *buf, size_t len)
{
	struct capture *c = arg;
	char *nb;

	if (len > c->max - c->len)
		return -EFBIG;
	nb = realloc(c->buf, c->len + len + 1);
	if (!nb)
		return -ENOMEM;
	memcpy(nb + c->len, buf, len);
	c->len += len;
	nb[c->len] = '\0';
	c->buf = nb;
	return 0;
}

int kc_run_capture(const char *path, const char *const argv[], size_t max,
		   char **out, size_t *len, int *status)
{
	struct capture c = { NULL, 0, max };
	int null, ret;

	*out = NULL;
	null = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (null < 0)
		return -errno;
	ret = run_pipe(path, argv, null, true, capture_sink, &c, status);
	close(null);
	if (!ret && !c.buf) {
		c.buf = calloc(1, 1);	/* no output: an empty string */
		if (!c.buf)
			ret = -ENOMEM;
	}
	if (ret) {
		free(c.buf);
		return ret;
	}
	*out = c.buf;
	if (len)
		*len = c.len;
	return 0;
}

int kc_feed_range(int fd, uint64_t off, uint64_t len, pid_t *pid)
{
	int p[2];

	if (pipe2(p, O_CLOEXEC))
		return -errno;
	*pid = fork();
	if (*pid < 0) {
		int ret = -errno;

		close(p[0]);
		close(p[1]);
		return ret;
	}
	if (*pid == 0) {
		unsigned char buf[65536];

		close(p[0]);
		while (len) {
			size_t want = len < sizeof(buf) ? (size_t)len :
				      sizeof(buf), put = 0;
			ssize_t n = pread(fd, buf, want, (off_t)off);

			if (n <= 0)
				_exit(1);
			while (put < (size_t)n) {
				ssize_t w = write(p[1], buf + put,
						  (size_t)n - put);

				if (w < 0 && errno == EINTR)
					continue;
				if (w <= 0)
					_exit(1);
				put += (size_t)w;
			}
			off += (uint64_t)n;
			len -= (uint64_t)n;
		}
		_exit(0);
	}
	close(p[1]);
	return p[0];
}
