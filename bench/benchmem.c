// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest-side timing tool of the kexeccma benchmarks, built with
 * gcc -static so that it runs in the test initramfs as is.
 *
 *   benchmem memcpy MIB REPS     median time of memcpy() of MIB MiB between
 *                                two pre-faulted buffers, in microseconds
 *   benchmem hold MIB            fault in MIB MiB of anonymous memory with
 *                                non-zero data, print "ready", then sleep
 *                                until killed
 *   benchmem write FILE VALUE    one write(2) of VALUE to FILE (sysfs):
 *                                prints "<microseconds> <errno>"
 *   benchmem run CMD [ARG...]    run CMD, print "<microseconds> <status>"
 *                                on stderr (CMD's output passes through)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void *fault_in(size_t len, int byte)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	memset(p, byte, len);
	return p;
}

static int do_memcpy(size_t mib, int reps)
{
	size_t len = mib << 20;
	char *src = fault_in(len, 0x5a), *dst = fault_in(len, 0);
	double *t = calloc(reps, sizeof(*t));
	int i;

	for (i = 0; i < reps; i++) {
		double t0 = now_us();

		memcpy(dst, src, len);
		t[i] = now_us() - t0;
		src[i] = dst[len - 1 - i];	/* keep the copy observable */
	}
	qsort(t, reps, sizeof(*t), cmp_double);
	printf("%.0f\n", t[reps / 2]);
	return 0;
}

static void __attribute__((noreturn)) do_hold(size_t mib)
{
	size_t len = mib << 20, off;
	char *p = fault_in(len, 0);

	/* Distinct non-zero data: nothing can be merged or deduplicated. */
	for (off = 0; off < len; off += 4096)
		*(size_t *)(p + off) = off | 1;
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
}

static int do_write(const char *file, const char *value)
{
	int fd = open(file, O_WRONLY), err = 0;
	double t0, t;

	if (fd < 0) {
		perror(file);
		return 1;
	}
	t0 = now_us();
	if (write(fd, value, strlen(value)) < 0)
		err = errno;
	t = now_us() - t0;
	close(fd);
	printf("%.0f %d\n", t, err);
	return 0;
}

static int do_run(char **argv)
{
	double t0 = now_us();
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		execvp(argv[0], argv);
		perror(argv[0]);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0) {
		perror("fork");
		return 1;
	}
	fprintf(stderr, "%.0f %d\n", now_us() - t0,
		WIFEXITED(status) ? WEXITSTATUS(status) : 128);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 4 && !strcmp(argv[1], "memcpy"))
		return do_memcpy(strtoul(argv[2], NULL, 10), atoi(argv[3]));
	if (argc == 3 && !strcmp(argv[1], "hold"))
		do_hold(strtoul(argv[2], NULL, 10));
	if (argc == 4 && !strcmp(argv[1], "write"))
		return do_write(argv[2], argv[3]);
	if (argc >= 3 && !strcmp(argv[1], "run"))
		return do_run(argv + 2);
	fprintf(stderr, "usage: benchmem memcpy MIB REPS | hold MIB | "
		"write FILE VALUE | run CMD [ARG...]\n");
	return 2;
}
