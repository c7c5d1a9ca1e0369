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
 *   benchmem readlat FILE VALUE  write VALUE to FILE as "write" does, in a
 *                                child, while this process reads FILE in
 *                                a loop (open, read, close, each timed)
 *                                until the write returned: prints
 *                                "<write us> <write errno> <reads>
 *                                <refused> <max us> <p99 us>", refused
 *                                being the reads that failed (any errno)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
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

/*
 * The write runs in a child so that the reads start before it and go on
 * until it returned; its outcome comes back through a pipe.
 */
static int do_readlat(const char *file, const char *value)
{
	size_t n = 0, cap = 1 << 20;
	double *t = malloc(cap * sizeof(*t)), max = 0;
	long long refused = 0;
	char res[64] = "", buf[64];
	int pipefd[2], fd;
	ssize_t got;
	pid_t pid;

	if (!t || pipe(pipefd)) {
		perror("readlat");
		return 1;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		close(pipefd[0]);
		dup2(pipefd[1], STDOUT_FILENO);
		fd = do_write(file, value);
		fflush(stdout);
		_exit(fd);
	}
	close(pipefd[1]);
	/* Faulted in before the write starts: no page fault in the loop. */
	memset(t, 0, cap * sizeof(*t));
	do {
		double t0 = now_us(), dt;

		fd = open(file, O_RDONLY);
		if (fd < 0 || read(fd, buf, sizeof(buf)) <= 0)
			refused++;
		if (fd >= 0)
			close(fd);
		dt = now_us() - t0;
		if (n == cap) {
			double *more = realloc(t, 2 * cap * sizeof(*t));

			if (!more) {
				perror("realloc");
				return 1;
			}
			t = more;
			cap *= 2;
		}
		t[n] = dt;
		if (t[n] > max)
			max = t[n];
		n++;
	} while (waitpid(pid, NULL, WNOHANG) == 0);
	got = read(pipefd[0], res, sizeof(res) - 1);
	res[got > 0 ? got : 0] = '\0';
	res[strcspn(res, "\n")] = '\0';
	qsort(t, n, sizeof(*t), cmp_double);
	printf("%s %zu %lld %.0f %.0f\n", got > 0 ? res : "0 -1", n, refused,
	       max, t[n * 99 / 100]);
	free(t);
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
	if (argc == 4 && !strcmp(argv[1], "readlat"))
		return do_readlat(argv[2], argv[3]);
	fprintf(stderr, "usage: benchmem memcpy MIB REPS | hold MIB | "
		"write FILE VALUE | run CMD [ARG...] | readlat FILE VALUE\n");
	return 2;
}
