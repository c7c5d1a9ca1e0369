// SPDX-License-Identifier: GPL-2.0-only
#include "kimage.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "run.h"
#include "util.h"

/* x86 boot protocol offsets (Documentation/arch/x86/boot.rst). */
#define BP_SETUP_SECTS 0x1f1
#define BP_BOOT_FLAG 0x1fe	/* 0xAA55 */
#define BP_HEADER 0x202		/* "HdrS" */
#define BP_VERSION 0x206
#define BP_PAYLOAD_OFFSET 0x248	/* protocol 2.08+, from the setup's end */
#define BP_PAYLOAD_LENGTH 0x24c
#define BP_INIT_SIZE 0x260	/* protocol 2.10+ */
#define BP_MIN_LEN 0x264
#define BP_INIT_SIZE_VERSION 0x020a

/*
 * arm64 Image header (Documentation/arch/arm64/booting.rst): 64 bytes,
 * little endian. With the EFI stub it starts with "MZ" too.
 */
#define A64_TEXT_OFFSET 8
#define A64_IMAGE_SIZE 16	/* Linux 3.17+; 0 before */
#define A64_FLAGS 24		/* bits 1-2: page size */
#define A64_MAGIC 56		/* "ARM\x64" */
#define A64_HDR_LEN 64

/*
 * EFI zboot header (drivers/firmware/efi/libstub/zboot-header.S): "MZ",
 * two zero bytes, "zimg", payload offset and size, 8 reserved bytes, the
 * payload's compression as a string, LINUX_PE_MAGIC at 0x38.
 */
#define ZB_TYPE 4		/* "zimg" */
#define ZB_COMP 24
#define ZB_COMP_END 0x38

/* ELF64 program headers are read from the first KC_KIMAGE_HEAD bytes. */
#define KC_KIMAGE_HEAD 65536
#define ELF64_EHDR 64
#define ELF64_PHDR 56
#define PT_LOAD 1

static int parse_bzimage(const unsigned char *b, size_t len,
			 struct kc_kimage *ki)
{
	uint64_t ver, init, setup, off, plen;

	if (len < BP_MIN_LEN)
		return -ENOEXEC;
	ver = kc_le(b + BP_VERSION, 2);
	if (ver < BP_INIT_SIZE_VERSION)
		return -ENOEXEC;	/* older than Linux 2.6.31 */
	/* setup_sects 0 means 4, the payload follows the setup sectors. */
	setup = b[BP_SETUP_SECTS] ? b[BP_SETUP_SECTS] : 4;
	if ((setup + 1) * 512 > ki->file_size)
		return -EINVAL;
	init = kc_le(b + BP_INIT_SIZE, 4);
	if (init == 0)
		return -EINVAL;
	ki->mem_size = init;
	ki->kind = "bzImage";
	/* Until kc_vmlinux_resident() knows better. */
	ki->resident = init;
	off = (setup + 1) * 512 + kc_le(b + BP_PAYLOAD_OFFSET, 4);
	plen = kc_le(b + BP_PAYLOAD_LENGTH, 4);
	if (plen == 0 || off > ki->file_size || plen > ki->file_size - off) {
		snprintf(ki->resident_why, sizeof(ki->resident_why),
			 "its header names no payload inside the file");
		return 0;
	}
	ki->payload_off = off;
	ki->payload_len = plen;
	return 0;
}

static int parse_elf(const unsigned char *b, size_t len, struct kc_kimage *ki)
{
	uint64_t phoff, phnum, phentsize, lo = UINT64_MAX, hi = 0, i;

	/* Only 64-bit little-endian: x86_64 and arm64 kernels are. */
	if (len < ELF64_EHDR || b[4] != 2 || b[5] != 1)
		return -ENOEXEC;
	phoff = kc_le(b + 32, 8);
	phentsize = kc_le(b + 54, 2);
	phnum = kc_le(b + 56, 2);
	if (phentsize != ELF64_PHDR || phnum == 0 || phoff > len ||
	    phnum * ELF64_PHDR > len - phoff)
		return -EINVAL;
	for (i = 0; i < phnum; i++) {
		const unsigned char *ph = b + phoff + i * ELF64_PHDR;
		uint64_t paddr = kc_le(ph + 24, 8), memsz = kc_le(ph + 40, 8), end;

		if (kc_le(ph, 4) != PT_LOAD || memsz == 0)
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
	ki->resident = ki->mem_size;
	ki->kind = "ELF";
	return 0;
}

static bool is_arm64(const unsigned char *b, size_t len)
{
	return len >= A64_HDR_LEN && !memcmp(b + A64_MAGIC, "ARM\x64", 4);
}

/*
 * The Image is placed text_offset bytes above a 2 MiB aligned base and
 * needs image_size bytes from its start (booting.rst): the loader must
 * find text_offset + image_size. text_offset is 0 since Linux 5.8.
 */
static int parse_arm64(const unsigned char *b, struct kc_kimage *ki,
		       const char *kind)
{
	static const uint64_t page_sizes[4] = { 0, 4096, 16384, 65536 };
	uint64_t text = kc_le(b + A64_TEXT_OFFSET, 8);
	uint64_t size = kc_le(b + A64_IMAGE_SIZE, 8);

	/* Before Linux 3.17: no size, its need "effectively unbound". */
	if (size == 0)
		return -ENOEXEC;
	if (__builtin_add_overflow(text, size, &ki->mem_size))
		return -ERANGE;
	ki->resident = ki->mem_size;
	ki->page_size = page_sizes[(kc_le(b + A64_FLAGS, 8) >> 1) & 3];
	ki->kind = kind;
	return 0;
}

static int parse_zboot(const unsigned char *b, struct kc_kimage *ki)
{
	size_t i;

	/* A C string that may run up to LINUX_PE_MAGIC; shown as text. */
	for (i = 0; i + 1 < sizeof(ki->comp) && ZB_COMP + i < ZB_COMP_END &&
		    b[ZB_COMP + i]; i++) {
		unsigned char c = b[ZB_COMP + i];

		ki->comp[i] = (char)(c > ' ' && c < 0x7f ? c : '?');
	}
	if (!i)
		snprintf(ki->comp, sizeof(ki->comp), "?");
	ki->kind = "EFI zboot";
	return -KC_KIMAGE_EZBOOT;
}

int kc_kimage_parse(const unsigned char *buf, size_t len, uint64_t file_size,
		    struct kc_kimage *ki)
{
	memset(ki, 0, sizeof(*ki));
	ki->file_size = file_size;
	if (len >= 4 && !memcmp(buf, "\177ELF", 4))
		return parse_elf(buf, len, ki);
	if (len >= BP_MIN_LEN && kc_le(buf + BP_BOOT_FLAG, 2) == 0xaa55 &&
	    !memcmp(buf + BP_HEADER, "HdrS", 4))
		return parse_bzimage(buf, len, ki);
	if (len >= A64_HDR_LEN && !memcmp(buf, "MZ", 2) &&
	    !memcmp(buf + ZB_TYPE, "zimg", 4))
		return parse_zboot(buf, ki);
	if (is_arm64(buf, len))
		return parse_arm64(buf, ki, "Image");
	return -ENOEXEC;
}

/* The decompressed head of an Image.gz, filled by gzip's output. */
struct gz_head {
	unsigned char b[A64_HDR_LEN];
	size_t len;
};

/* Keep the first bytes; 1 (not an error) stops gzip once they are in. */
static int head_sink(void *arg, const unsigned char *buf, size_t len)
{
	struct gz_head *h = arg;
	size_t n = sizeof(h->b) - h->len;

	if (n > len)
		n = len;
	memcpy(h->b + h->len, buf, n);
	h->len += n;
	return h->len == sizeof(h->b);
}

/*
 * An Image.gz: kexec-tools decompresses it before loading, so what it
 * needs is the inner Image's. Only the header is decompressed, by the
 * system's gzip (as initrd.c does), never a shell.
 */
static int read_gzip(int fd, uint64_t file_size, struct kc_kimage *ki)
{
	char prog[KC_PATH_MAX];
	const char *argv[] = { prog, "-dc", NULL };
	struct gz_head h = { .len = 0 };
	int ret, status = 0;

	memset(ki, 0, sizeof(*ki));
	ki->file_size = file_size;
	ret = kc_find_prog("gzip", prog, sizeof(prog));
	if (ret == -EPERM)
		snprintf(ki->why, sizeof(ki->why),
			 "the kernel is gzip-compressed and gzip, or a directory above it, is owned or writable by a non-root user");
	else if (ret)
		snprintf(ki->why, sizeof(ki->why),
			 "the kernel is gzip-compressed but gzip is not installed");
	if (ret)
		return ret;
	if (lseek(fd, 0, SEEK_SET) < 0)
		return -errno;
	ret = kc_run_pipe(prog, argv, fd, head_sink, &h, &status);
	if (ret < 0)
		return ret;
	if (h.len < sizeof(h.b)) {
		if (status >= KC_RUN_SIGNALED)
			snprintf(ki->why, sizeof(ki->why),
				 "gzip was killed by %s",
				 kc_signal_name(status - KC_RUN_SIGNALED));
		else
			snprintf(ki->why, sizeof(ki->why),
				 "the gzip data is truncated or corrupt (gzip exit status %d, %zu bytes out)",
				 status, h.len);
		return -EINVAL;
	}
	if (!is_arm64(h.b, h.len)) {
		snprintf(ki->why, sizeof(ki->why),
			 "the gzip data holds no arm64 Image");
		return -ENOEXEC;
	}
	return parse_arm64(h.b, ki, "Image.gz");
}

int kc_kimage_read(const char *path, struct kc_kimage *ki)
{
	unsigned char *buf;
	struct stat st;
	size_t len;
	int fd, ret;

	memset(ki, 0, sizeof(*ki));
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
	if (len >= 2 && buf[0] == 0x1f && buf[1] == 0x8b)
		ret = read_gzip(fd, (uint64_t)st.st_size, ki);
	else
		ret = kc_kimage_parse(buf, len, (uint64_t)st.st_size, ki);
	close(fd);
	free(buf);
	return ret;
}
