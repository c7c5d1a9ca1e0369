// SPDX-License-Identifier: GPL-2.0-only
#include "kimage.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/* x86 boot protocol offsets (Documentation/arch/x86/boot.rst). */
#define BP_SETUP_SECTS 0x1f1
#define BP_BOOT_FLAG 0x1fe	/* 0xAA55 */
#define BP_HEADER 0x202		/* "HdrS" */
#define BP_VERSION 0x206
#define BP_INIT_SIZE 0x260	/* protocol 2.10+ */
#define BP_MIN_LEN 0x264
#define BP_INIT_SIZE_VERSION 0x020a

/* ELF64 program headers are read from the first KC_KIMAGE_HEAD bytes. */
#define KC_KIMAGE_HEAD 65536
#define ELF64_EHDR 64
#define ELF64_PHDR 56
#define PT_LOAD 1

static uint64_t le(const unsigned char *p, unsigned int n)
{
	uint64_t v = 0;

	while (n--)
		v = (v << 8) | p[n];
	return v;
}

static int parse_bzimage(const unsigned char *b, size_t len,
			 struct kc_kimage *ki)
{
	uint64_t ver, init;
	uint64_t setup;

	if (len < BP_MIN_LEN)
		return -ENOEXEC;
	ver = le(b + BP_VERSION, 2);
	if (ver < BP_INIT_SIZE_VERSION)
		return -ENOEXEC;	/* older than Linux 2.6.31 */
	/* setup_sects 0 means 4, the payload follows the setup sectors. */
	setup = b[BP_SETUP_SECTS] ? b[BP_SETUP_SECTS] : 4;
	if ((setup + 1) * 512 > ki->file_size)
		return -EINVAL;
	init = le(b + BP_INIT_SIZE, 4);
	if (init == 0)
		return -EINVAL;
	ki->mem_size = init;
	ki->kind = "bzImage";
	return 0;
}

static int parse_elf(const unsigned char *b, size_t len, struct kc_kimage *ki)
{
	uint64_t phoff, phnum, phentsize, lo = UINT64_MAX, hi = 0, i;

	/* Only 64-bit little-endian: the helper targets x86_64. */
	if (len < ELF64_EHDR || b[4] != 2 || b[5] != 1)
		return -ENOEXEC;
	phoff = le(b + 32, 8);
	phentsize = le(b + 54, 2);
	phnum = le(b + 56, 2);
	if (phentsize != ELF64_PHDR || phnum == 0 || phoff > len ||
	    phnum * ELF64_PHDR > len - phoff)
		return -EINVAL;
	for (i = 0; i < phnum; i++) {
		const unsigned char *ph = b + phoff + i * ELF64_PHDR;
		uint64_t paddr = le(ph + 24, 8), memsz = le(ph + 40, 8), end;

		if (le(ph, 4) != PT_LOAD || memsz == 0)
			continue;
		if (__builtin_add_overflow(paddr, memsz, &end))
			return -ERANGE;
		if (paddr < lo)
			lo = paddr;
		if (end > hi)
			hi = end;
	}
	if (hi == 0)
		return -EINVAL;
	ki->mem_size = hi - lo;
	ki->kind = "ELF";
	return 0;
}

int kc_kimage_parse(const unsigned char *buf, size_t len, uint64_t file_size,
		    struct kc_kimage *ki)
{
	memset(ki, 0, sizeof(*ki));
	ki->file_size = file_size;
	if (len >= 4 && !memcmp(buf, "\177ELF", 4))
		return parse_elf(buf, len, ki);
	if (len >= BP_MIN_LEN && le(buf + BP_BOOT_FLAG, 2) == 0xaa55 &&
	    !memcmp(buf + BP_HEADER, "HdrS", 4))
		return parse_bzimage(buf, len, ki);
	return -ENOEXEC;
}

int kc_kimage_read(const char *path, struct kc_kimage *ki)
{
	unsigned char *buf;
	struct stat st;
	size_t len;
	int fd, ret;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		ret = -errno;
		close(fd);
		return ret;
	}
	buf = malloc(KC_KIMAGE_HEAD);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	len = kc_read_fd(fd, buf, KC_KIMAGE_HEAD);
	close(fd);
	ret = kc_kimage_parse(buf, len, (uint64_t)st.st_size, ki);
	free(buf);
	return ret;
}
