// SPDX-License-Identifier: GPL-2.0
/*
 * kxcma: guest-side helper of the KEXEC_CMA VM tests, built statically on
 * the host by tests/vm/cma/build-helpers.
 *
 *   kxcma write VALUE
 *	Write VALUE to /sys/kernel/kexec_crash_size in one write(2), with
 *	"\n" in VALUE standing for a newline, and print "OK NS" or
 *	"ERRNAME NS": the outcome and how long the write took in
 *	nanoseconds.  The exit status is 0 either way, so that a guest
 *	script running under set -e records the outcome.
 *
 *   kxcma anon MIB
 *	Map MIB MiB of anonymous memory, fill it with a pattern, print
 *	"ready" and wait for SIGUSR1; then check the pattern and print
 *	"intact" or "corrupt N" (N pages differ).
 *
 *   kxcma killwrite VALUE MS
 *	Write VALUE as "write" does in a child, and SIGKILL the child MS
 *	milliseconds after it started.  Print "killed" when the kill ended
 *	the write, or the write's "OK NS" / "ERRNAME NS" when it returned
 *	first.
 *
 *   kxcma readwhile VALUE
 *	Write VALUE as "write" does in a child and read kexec_crash_size
 *	(open, read, close) in a loop until the write returned.  Print
 *	"WRITE_OUTCOME WRITE_NS READS FAILED MAX_NS": how many reads ran,
 *	how many failed, and the longest one in nanoseconds.
 *
 *   kxcma nocap VALUE
 *	Drop CAP_SYS_BOOT from the effective capabilities, then "write".
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/capability.h>

#define CRASH_SIZE "/sys/kernel/kexec_crash_size"

static const char *errname(int err)
{
	switch (err) {
	case EINVAL: return "EINVAL";
	case EBUSY: return "EBUSY";
	case ENOENT: return "ENOENT";
	case ENOMEM: return "ENOMEM";
	case ENOSPC: return "ENOSPC";
	case EPERM: return "EPERM";
	case EACCES: return "EACCES";
	case ENODEV: return "ENODEV";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	default: return "EOTHER";
	}
}

static long long ns_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000000000LL +
	       (t1.tv_nsec - t0->tv_nsec);
}

static int do_write(const char *arg)
{
	char buf[256];
	size_t len = 0;
	struct timespec t0;
	ssize_t ret;
	int fd, err = 0;
	long long ns;

	for (; *arg && len < sizeof(buf) - 1; arg++) {
		if (arg[0] == '\\' && arg[1] == 'n') {
			buf[len++] = '\n';
			arg++;
		} else {
			buf[len++] = *arg;
		}
	}

	fd = open(CRASH_SIZE, O_WRONLY);
	if (fd < 0) {
		printf("%s 0\n", errname(errno));
		return 0;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ret = write(fd, buf, len);
	if (ret < 0)
		err = errno;
	ns = ns_since(&t0);
	close(fd);
	printf("%s %lld\n", err ? errname(err) : "OK", ns);
	return 0;
}

/* Run "write VALUE" in a child whose stdout is @out; return its pid */
static pid_t spawn_write(const char *arg, int out)
{
	pid_t pid = fork();

	if (pid == 0) {
		dup2(out, STDOUT_FILENO);
		_exit(do_write(arg));
	}
	return pid;
}

static int do_killwrite(const char *arg, long ms)
{
	struct timespec delay = { ms / 1000, (ms % 1000) * 1000000L };
	char res[64] = "";
	int pipefd[2], status;
	ssize_t n;
	pid_t pid;

	if (pipe(pipefd))
		return 1;
	pid = spawn_write(arg, pipefd[1]);
	close(pipefd[1]);
	nanosleep(&delay, NULL);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	n = read(pipefd[0], res, sizeof(res) - 1);
	if (n > 0) {
		res[n] = '\0';
		printf("%s", res);
	} else {
		printf("killed\n");
	}
	return 0;
}

static int do_readwhile(const char *arg)
{
	long long reads = 0, failed = 0, max = 0, ns;
	char res[64] = "", buf[64];
	struct timespec t0;
	int pipefd[2], fd;
	ssize_t n;
	pid_t pid;

	if (pipe(pipefd))
		return 1;
	pid = spawn_write(arg, pipefd[1]);
	close(pipefd[1]);
	while (waitpid(pid, NULL, WNOHANG) == 0) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		fd = open(CRASH_SIZE, O_RDONLY);
		if (fd < 0 || read(fd, buf, sizeof(buf)) <= 0)
			failed++;
		if (fd >= 0)
			close(fd);
		ns = ns_since(&t0);
		if (ns > max)
			max = ns;
		reads++;
	}
	n = read(pipefd[0], res, sizeof(res) - 1);
	res[n > 0 ? n : 0] = '\0';
	res[strcspn(res, "\n")] = '\0';
	printf("%s %lld %lld %lld\n", n > 0 ? res : "none 0", reads, failed,
	       max);
	return 0;
}

static int do_nocap(const char *arg)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data))
		return 1;
	data[CAP_TO_INDEX(CAP_SYS_BOOT)].effective &= ~CAP_TO_MASK(CAP_SYS_BOOT);
	if (syscall(SYS_capset, &hdr, data))
		return 1;
	return do_write(arg);
}

static volatile sig_atomic_t go;

static void on_usr1(int sig)
{
	(void)sig;
	go = 1;
}

static int do_anon(long mib)
{
	size_t size = (size_t)mib << 20, page = 4096, i, bad = 0;
	unsigned char *p;
	sigset_t mask, old;

	signal(SIGUSR1, on_usr1);
	p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	for (i = 0; i < size; i += 8)
		*(uint64_t *)(p + i) = i * 0x9e3779b97f4a7c15ULL;

	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR1);
	sigprocmask(SIG_BLOCK, &mask, &old);
	printf("ready\n");
	fflush(stdout);
	while (!go)
		sigsuspend(&old);

	for (i = 0; i < size; i += page) {
		size_t j;

		for (j = i; j < i + page; j += 8) {
			if (*(uint64_t *)(p + j) != j * 0x9e3779b97f4a7c15ULL) {
				bad++;
				break;
			}
		}
	}
	if (bad)
		printf("corrupt %zu\n", bad);
	else
		printf("intact\n");
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 3 && !strcmp(argv[1], "write"))
		return do_write(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "anon"))
		return do_anon(atol(argv[2]));
	if (argc == 4 && !strcmp(argv[1], "killwrite"))
		return do_killwrite(argv[2], atol(argv[3]));
	if (argc == 3 && !strcmp(argv[1], "readwhile"))
		return do_readwhile(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "nocap"))
		return do_nocap(argv[2]);
	fprintf(stderr, "usage: kxcma write VALUE | anon MIB | killwrite VALUE MS | readwhile VALUE | nocap VALUE\n");
	return 2;
}
