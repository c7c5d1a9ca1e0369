// SPDX-License-Identifier: GPL-2.0-only
#include "mkbzimage.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define KMAP UINT64_C(0xffffffff80000000)
#define PAGE UINT64_C(4096)
#define PMD (UINT64_C(2) << 20)
#define TEXT_OFF 0x1000		/* .text's file offset */

static uint64_t align(uint64_t v, uint64_t a)
{
	return (v + a - 1) / a * a;
}

static void put(unsigned char *p, uint64_t v, unsigned int n)
{
	while (n--) {
		*p++ = (unsigned char)v;
		v >>= 8;
	}
}

static void die(const char *what)
{
	fprintf(stderr, "mkbzimage: %s\n", what);
	abort();
}

static void shdr(unsigned char *sh, uint32_t type, uint64_t flags,
		 uint64_t addr, uint64_t off, uint64_t size)
{
	put(sh + 4, type, 4);
	put(sh + 8, flags, 8);
	put(sh + 16, addr, 8);
	put(sh + 24, off, 8);
	put(sh + 32, size, 8);
}

/* The vmlinux's bytes into *out; returns its length and sets *end. */
static size_t vmlinux(const struct mk_vmlinux *v, unsigned char **out,
		      uint64_t *end)
{
	uint64_t bss = MK_TEXT + align(v->text_size, PAGE);
	uint64_t brk = bss + align(v->bss_size, PAGE);
	uint64_t seg_end, scratch, shoff, n = 2;
	unsigned char *b, *sh;
	size_t len;

	*end = align(brk + v->brk_size, PAGE);
	scratch = align(*end, PMD);
	seg_end = v->scratch ? scratch + PMD : *end;
	shoff = align(TEXT_OFF + (seg_end - MK_TEXT), 8);
	n += (v->bss_size != 0) + (v->brk_size != 0) + v->scratch;
	/* The section headers, then 256 bytes as the relocations follow. */
	len = (size_t)(shoff + n * 64 + 256);
	b = calloc(1, len);
	if (!b)
		die("out of memory");
	*out = b;
	if (v->text && v->text_at + strlen(v->text) <= v->text_size)
		memcpy(b + TEXT_OFF + v->text_at, v->text, strlen(v->text));
	if (v->not_elf)
		return len;
	memcpy(b, "\177ELF", 4);
	b[4] = 2;
	b[5] = 1;
	b[6] = 1;
	put(b + 16, 2, 2);		/* ET_EXEC */
	put(b + 18, 62, 2);		/* EM_X86_64 */
	put(b + 32, 64, 8);		/* e_phoff */
	put(b + 40, shoff, 8);
	put(b + 52, 64, 2);
	put(b + 54, 56, 2);
	put(b + 56, 1, 2);
	put(b + 58, 64, 2);
	put(b + 60, n, 2);
	/* One PT_LOAD from _text over everything, file-backed. */
	put(b + 64, 1, 4);
	put(b + 64 + 8, TEXT_OFF, 8);
	put(b + 64 + 16, MK_TEXT + KMAP, 8);
	put(b + 64 + 24, MK_TEXT, 8);
	put(b + 64 + 32, seg_end - MK_TEXT, 8);
	put(b + 64 + 40, seg_end - MK_TEXT, 8);
	sh = b + shoff + 64;		/* after the null section */
	shdr(sh, 1, 6, MK_TEXT + KMAP, TEXT_OFF, v->text_size);
	sh += 64;
	if (v->bss_size) {
		shdr(sh, 8, 3, bss + KMAP, TEXT_OFF + bss - MK_TEXT,
		     v->bss_size);
		sh += 64;
	}
	if (v->brk_size) {
		shdr(sh, 8, 3, brk + KMAP, TEXT_OFF + brk - MK_TEXT,
		     v->brk_size);
		sh += 64;
	}
	if (v->scratch) {
		shdr(sh, 1, 3, scratch + KMAP, TEXT_OFF + scratch - MK_TEXT,
		     PMD);
		sh += 64;
	}
	/* .shstrtab, not allocated: never counted. */
	shdr(sh, 3, 0, 0, shoff, 0);
	return len;
}

/* prog -c < in > out, with the system's compressor. */
static void compress(const char *prog, const char *in, const char *out)
{
	const char *argv[] = { prog, "-c", NULL };
	pid_t pid;
	int st;

	pid = fork();
	if (pid < 0)
		die("fork failed");
	if (pid == 0) {
		int fi = open(in, O_RDONLY);
		int fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (fi < 0 || fo < 0 || dup2(fi, 0) < 0 || dup2(fo, 1) < 0)
			_exit(126);
		execv(prog, (char *const *)argv);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) ||
	    WEXITSTATUS(st) != 0)
		die("the compressor failed");
}

static void write_all(int fd, const void *buf, size_t len)
{
	if (write(fd, buf, len) != (ssize_t)len)
		die("write failed");
}

uint64_t mk_bzimage(const char *path, const struct mk_vmlinux *v)
{
	bool xz = !strcmp(v->comp, "xz");
	unsigned char hdr[1024] = { 0 }, tail[512], size[4], *elf, *z;
	char ep[600], zp[600];
	uint64_t end;
	size_t len, zlen;
	struct stat s;
	int fd;

	len = vmlinux(v, &elf, &end);
	snprintf(ep, sizeof(ep), "%s.elf", path);
	snprintf(zp, sizeof(zp), "%s.z", path);
	fd = open(ep, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		die("cannot write the vmlinux");
	write_all(fd, elf, len);
	close(fd);
	free(elf);
	compress(xz ? "/usr/bin/xz" : "/usr/bin/gzip", ep, zp);
	if (stat(zp, &s) || !(z = malloc((size_t)s.st_size)))
		die("cannot read the payload");
	zlen = (size_t)s.st_size;
	fd = open(zp, O_RDONLY);
	if (fd < 0 || read(fd, z, zlen) != (ssize_t)zlen)
		die("cannot read the payload");
	close(fd);
	unlink(ep);
	unlink(zp);

	hdr[0x1f1] = 1;			/* setup_sects: payload at 1024 */
	put(hdr + 0x1fe, 0xaa55, 2);
	memcpy(hdr + 0x202, "HdrS", 4);
	put(hdr + 0x206, 0x020f, 2);
	put(hdr + 0x248, 0, 4);		/* payload_offset */
	/* Kbuild appends the size to all but gzip; input_len counts it. */
	put(hdr + 0x24c, zlen + (xz ? 4 : 0), 4);
	put(hdr + 0x260, v->init_size ? v->init_size :
	    end - MK_TEXT + (UINT64_C(4) << 20), 4);
	put(size, len, 4);
	memset(tail, 0xcc, sizeof(tail));
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		die("cannot write the bzImage");
	write_all(fd, hdr, sizeof(hdr));
	write_all(fd, z, zlen);
	if (xz)
		write_all(fd, size, sizeof(size));
	write_all(fd, tail, sizeof(tail));
	close(fd);
	free(z);
	return end - MK_TEXT;
}
