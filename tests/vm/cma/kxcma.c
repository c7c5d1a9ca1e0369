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
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

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

static int do_write(const char *arg)
{
	char buf[256];
	size_t len = 0;
	struct timespec t0, t1;
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
	clock_gettime(CLOCK_MONOTONIC, &t1);
	close(fd);
	ns = (t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
	printf("%s %lld\n", err ? errname(err) : "OK", ns);
	return 0;
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
	fprintf(stderr, "usage: kxcma write VALUE | kxcma anon MIB\n");
	return 2;
}
