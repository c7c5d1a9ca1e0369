// SPDX-License-Identifier: GPL-2.0
/*
 * kxstress: guest-side helper of the reliability tests, built statically
 * on the host by tests/stress/build-helpers and handed to the guest in
 * /kx/in.
 *
 *   kxstress pin MODE BASE_PFN COUNT MIB DIR
 *	Map MIB MiB of anonymous memory, fill it with a pattern and count
 *	its pages inside the CMA area [BASE_PFN, BASE_PFN + COUNT) (from
 *	/proc/self/pagemap). Then hold them:
 *	  vmsplice  the pages inside the area go into pipes that nobody
 *		    reads, a page reference each, as long as the pipe
 *		    holds them;
 *	  odirect   two threads read a pattern file in DIR with O_DIRECT
 *		    into the buffer in a loop and check every read, so
 *		    that some pages are always under I/O;
 *	  uring     the buffer is registered with io_uring
 *		    (IORING_REGISTER_BUFFERS, a long-term pin).
 *	Prints "ready inarea=N held=H" (after registration for uring also
 *	"inarea_after=N"), then waits for SIGUSR1, lets go, checks the
 *	pattern and prints "done intact=0|1 bad_pages=N reads=R bad_reads=B".
 *
 *   kxstress asuser UID GID PROGRAM [ARG...]
 *	Drop to UID/GID (no supplementary groups) and exec PROGRAM.
 *
 *   kxstress rand N [COUNT]
 *	Print COUNT (default 1) pseudo-random numbers in [0, N), one a line
 *	(POSIX sh has none; a guest loop reads them instead of forking).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/io_uring.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <unistd.h>

#define PAGE 4096UL
#define CHUNK (1UL << 20)
#define FILE_CHUNKS 4

static volatile sig_atomic_t go;
static volatile int stop_readers;
static unsigned char *buf;
static size_t buf_len;
static unsigned long reads, bad_reads;
static int data_fd = -1;

static void on_usr1(int sig)
{
	(void)sig;
	go = 1;
}

static uint64_t pattern(uint64_t off)
{
	return (off * 0x9e3779b97f4a7c15ULL) ^ 0x6b78737472657373ULL;
}

static void fill(unsigned char *p, size_t len, uint64_t base)
{
	size_t i;

	for (i = 0; i < len; i += 8)
		*(uint64_t *)(p + i) = pattern(base + i);
}

static size_t bad_pages(const unsigned char *p, size_t len, uint64_t base)
{
	size_t i, bad = 0;

	for (i = 0; i < len; i += PAGE) {
		size_t j;

		for (j = 0; j < PAGE; j += 8) {
			if (*(const uint64_t *)(p + i + j) !=
			    pattern(base + i + j)) {
				bad++;
				break;
			}
		}
	}
	return bad;
}

/* The physical frame of each page of the buffer, 0 if unknown. */
static void frames(uint64_t *pfn, size_t npages)
{
	size_t i;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	for (i = 0; i < npages; i++) {
		uint64_t e = 0;
		off_t off = (off_t)(((uintptr_t)buf / PAGE + i) * 8);

		pfn[i] = 0;
		if (fd >= 0 && pread(fd, &e, 8, off) == 8 && (e >> 63))
			pfn[i] = e & ((1ULL << 55) - 1);
	}
	if (fd >= 0)
		close(fd);
}

static size_t count_in(const uint64_t *pfn, size_t n, uint64_t base,
		       uint64_t count)
{
	size_t i, in = 0;

	for (i = 0; i < n; i++)
		in += pfn[i] >= base && pfn[i] < base + count;
	return in;
}

/* vmsplice the pages inside the area into pipes; returns pages held. */
static size_t hold_vmsplice(const uint64_t *pfn, size_t n, uint64_t base,
			    uint64_t count, int *pipes, size_t *npipes)
{
	size_t i, held = 0, in_pipe = 0;
	int cur = -1;

	*npipes = 0;
	for (i = 0; i < n && *npipes < 64; i++) {
		struct iovec iov;

		if (!(pfn[i] >= base && pfn[i] < base + count))
			continue;
		if (cur < 0 || in_pipe == 256) {
			int p[2];

			if (pipe(p))
				break;
			fcntl(p[1], F_SETPIPE_SZ, (int)CHUNK);
			pipes[2 * *npipes] = p[0];
			pipes[2 * *npipes + 1] = p[1];
			(*npipes)++;
			cur = p[1];
			in_pipe = 0;
		}
		iov.iov_base = buf + i * PAGE;
		iov.iov_len = PAGE;
		if (vmsplice(cur, &iov, 1, SPLICE_F_NONBLOCK) == (ssize_t)PAGE) {
			held++;
			in_pipe++;
		} else {
			in_pipe = 256;
		}
	}
	return held;
}

static void *reader(void *arg)
{
	size_t slot = (size_t)(uintptr_t)arg, nslots = buf_len / CHUNK;
	unsigned long k = 0;

	while (!stop_readers) {
		size_t c = k % FILE_CHUNKS;
		size_t at = ((slot + 2 * k) % nslots) * CHUNK;
		ssize_t r = pread(data_fd, buf + at, CHUNK, (off_t)(c * CHUNK));

		__atomic_add_fetch(&reads, 1, __ATOMIC_RELAXED);
		if (r != (ssize_t)CHUNK || bad_pages(buf + at, CHUNK, c * CHUNK))
			__atomic_add_fetch(&bad_reads, 1, __ATOMIC_RELAXED);
		/* Put the buffer's own pattern back for the final check. */
		fill(buf + at, CHUNK, at);
		k++;
	}
	return NULL;
}

static int make_data_file(const char *dir)
{
	char path[512];
	unsigned char *chunk = malloc(CHUNK);
	int fd, i;

	snprintf(path, sizeof(path), "%s/kxstress.dat", dir);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || !chunk)
		return -1;
	for (i = 0; i < FILE_CHUNKS; i++) {
		fill(chunk, CHUNK, (uint64_t)i * CHUNK);
		if (write(fd, chunk, CHUNK) != (ssize_t)CHUNK)
			return -1;
	}
	close(fd);
	free(chunk);
	fd = open(path, O_RDONLY | O_DIRECT);
	if (fd < 0) {
		/* 9p without O_DIRECT support: its reads bypass the cache. */
		printf("note O_DIRECT refused (%s), plain reads\n",
		       strerror(errno));
		fd = open(path, O_RDONLY);
	}
	return fd;
}

static int io_uring_register_buf(size_t *after_in, const uint64_t *pfn0,
				 size_t n, uint64_t base, uint64_t count,
				 int *ring)
{
	struct io_uring_params p;
	struct iovec iov = { buf, buf_len };
	uint64_t *pfn = calloc(n, sizeof(*pfn));
	int fd;

	(void)pfn0;
	memset(&p, 0, sizeof(p));
	fd = (int)syscall(__NR_io_uring_setup, 4, &p);
	if (fd < 0 || !pfn)
		return -1;
	if (syscall(__NR_io_uring_register, fd, IORING_REGISTER_BUFFERS,
		    &iov, 1) < 0) {
		close(fd);
		return -1;
	}
	frames(pfn, n);
	*after_in = count_in(pfn, n, base, count);
	free(pfn);
	*ring = fd;
	return 0;
}

static int do_pin(const char *mode, uint64_t base, uint64_t count,
		  size_t mib, const char *dir)
{
	size_t n = mib * (CHUNK / PAGE), held = 0, npipes = 0, i, bad;
	uint64_t *pfn = calloc(n, sizeof(*pfn));
	static int pipes[128];
	pthread_t th[2];
	int ring = -1;
	size_t in;

	buf_len = mib * CHUNK;
	buf = mmap(NULL, buf_len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED || !pfn) {
		perror("kxstress: mmap");
		return 1;
	}
	fill(buf, buf_len, 0);
	frames(pfn, n);
	in = count_in(pfn, n, base, count);
	signal(SIGUSR1, on_usr1);
	if (!strcmp(mode, "vmsplice")) {
		held = hold_vmsplice(pfn, n, base, count, pipes, &npipes);
	} else if (!strcmp(mode, "odirect")) {
		data_fd = make_data_file(dir);
		if (data_fd < 0) {
			perror("kxstress: data file");
			return 1;
		}
		for (i = 0; i < 2; i++)
			pthread_create(&th[i], NULL, reader, (void *)(uintptr_t)i);
		held = n;
	} else if (!strcmp(mode, "uring")) {
		size_t after = 0;

		if (io_uring_register_buf(&after, pfn, n, base, count, &ring)) {
			printf("uring_error %s\n", strerror(errno));
		} else {
			held = n;
			printf("inarea_after=%zu\n", after);
		}
	} else {
		fprintf(stderr, "kxstress: unknown mode %s\n", mode);
		return 2;
	}
	printf("ready inarea=%zu held=%zu\n", in, held);
	fflush(stdout);
	while (!go)
		pause();
	if (!strcmp(mode, "vmsplice")) {
		/* Drain the pipes: the pages go back to the buffer alone. */
		for (i = 0; i < npipes; i++) {
			static unsigned char sink[CHUNK];

			close(pipes[2 * i + 1]);
			while (read(pipes[2 * i], sink, sizeof(sink)) > 0)
				;
			close(pipes[2 * i]);
		}
	} else if (!strcmp(mode, "odirect")) {
		stop_readers = 1;
		for (i = 0; i < 2; i++)
			pthread_join(th[i], NULL);
	} else if (ring >= 0) {
		syscall(__NR_io_uring_register, ring, IORING_UNREGISTER_BUFFERS,
			NULL, 0);
		close(ring);
	}
	bad = bad_pages(buf, buf_len, 0);
	printf("done intact=%d bad_pages=%zu reads=%lu bad_reads=%lu\n",
	       bad == 0 && bad_reads == 0, bad, reads, bad_reads);
	return 0;
}

static int do_asuser(char **argv)
{
	uid_t uid = (uid_t)strtoul(argv[0], NULL, 10);
	gid_t gid = (gid_t)strtoul(argv[1], NULL, 10);

	if (setgroups(0, NULL) || setresgid(gid, gid, gid) ||
	    setresuid(uid, uid, uid)) {
		perror("kxstress: drop privileges");
		return 126;
	}
	execv(argv[2], argv + 2);
	perror("kxstress: exec");
	return 127;
}

int main(int argc, char **argv)
{
	if (argc == 7 && !strcmp(argv[1], "pin"))
		return do_pin(argv[2], strtoull(argv[3], NULL, 0),
			      strtoull(argv[4], NULL, 0),
			      strtoul(argv[5], NULL, 10), argv[6]);
	if (argc >= 5 && !strcmp(argv[1], "asuser"))
		return do_asuser(argv + 2);
	if ((argc == 3 || argc == 4) && !strcmp(argv[1], "rand")) {
		unsigned long long n = strtoull(argv[2], NULL, 10), i;
		unsigned long long count = argc == 4 ? strtoull(argv[3], NULL, 10) : 1;
		struct timeval tv;
		uint64_t x;

		gettimeofday(&tv, NULL);
		x = (uint64_t)tv.tv_usec * 1000003ULL ^ (uint64_t)getpid() *
			2654435761ULL ^ (uint64_t)tv.tv_sec;
		for (i = 0; i < count && n; i++) {
			/* splitmix64 */
			uint64_t z = (x += 0x9e3779b97f4a7c15ULL);

			z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
			z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
			z ^= z >> 31;
			printf("%llu\n", (unsigned long long)(z % n));
		}
		return 0;
	}
	fprintf(stderr, "usage: kxstress pin MODE BASE_PFN COUNT MIB DIR | asuser UID GID PROG [ARG...] | rand N [COUNT]\n");
	return 2;
}
