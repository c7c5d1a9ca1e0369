// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel image sizing: bzImage init_size, the arm64 Image header (plain
 * and in gzip), EFI zboot refused by name, ELF64 load segments.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "kimage.h"
#include "util.h"

static unsigned char img[8192];

static void put(unsigned char *p, uint64_t v, unsigned int n)
{
	while (n--) {
		*p++ = (unsigned char)v;
		v >>= 8;
	}
}

static void bzimage(uint16_t version, uint32_t init_size)
{
	memset(img, 0, sizeof(img));
	img[0x1f1] = 0;		/* 0 means 4 */
	put(img + 0x1fe, 0xaa55, 2);
	memcpy(img + 0x202, "HdrS", 4);
	put(img + 0x206, version, 2);
	put(img + 0x260, init_size, 4);
}

static void bzimage_ok(void **st)
{
	struct kc_kimage ki;

	(void)st;
	bzimage(0x020f, 0x2a00000);
	assert_int_equal(kc_kimage_parse(img, sizeof(img), 12 << 20, &ki), 0);
	assert_int_equal(ki.mem_size, 0x2a00000);
	assert_int_equal(ki.file_size, 12 << 20);
	assert_string_equal(ki.kind, "bzImage");
}

static void bzimage_bad(void **st)
{
	struct kc_kimage ki;

	(void)st;
	bzimage(0x0209, 0x2a00000);	/* before init_size existed */
	assert_int_equal(kc_kimage_parse(img, sizeof(img), 1 << 20, &ki),
			 -ENOEXEC);
	bzimage(0x020f, 0);
	assert_int_equal(kc_kimage_parse(img, sizeof(img), 1 << 20, &ki),
			 -EINVAL);
	bzimage(0x020f, 1 << 20);
	/* Truncated header. */
	assert_int_equal(kc_kimage_parse(img, 0x240, 0x240, &ki), -ENOEXEC);
	/* File shorter than its setup sectors. */
	assert_int_equal(kc_kimage_parse(img, sizeof(img), 1024, &ki),
			 -EINVAL);
	/* No boot flag. */
	img[0x1fe] = 0;
	assert_int_equal(kc_kimage_parse(img, sizeof(img), 1 << 20, &ki),
			 -ENOEXEC);
	memset(img, 0xff, sizeof(img));
	assert_int_equal(kc_kimage_parse(img, sizeof(img), 1 << 20, &ki),
			 -ENOEXEC);
	assert_int_equal(kc_kimage_parse(img, 0, 0, &ki), -ENOEXEC);
}

/* An arm64 Image header as booting.rst documents it. */
static void arm64(uint64_t text_offset, uint64_t image_size, uint64_t flags)
{
	memset(img, 0, sizeof(img));
	memcpy(img, "MZ", 2);			/* code0 with the EFI stub */
	put(img + 8, text_offset, 8);
	put(img + 16, image_size, 8);
	put(img + 24, flags, 8);
	memcpy(img + 56, "ARM\x64", 4);
	put(img + 60, 64, 4);			/* PE header offset */
}

static void arm64_ok(void **st)
{
	static const struct {
		uint64_t flags, page;
	} pages[] = {
		{ 0x0, 0 }, { 0x2, 4096 }, { 0x4, 16384 }, { 0x6, 65536 },
		{ 0xa, 4096 }, { 0xe, 65536 }, { 0x1 | 0x4, 16384 },
	};
	struct kc_kimage ki;
	size_t i;

	(void)st;
	for (i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		arm64(0, 0x2b40000, pages[i].flags);
		assert_int_equal(kc_kimage_parse(img, 64, 44283840, &ki), 0);
		assert_int_equal(ki.mem_size, 0x2b40000);
		assert_int_equal(ki.page_size, pages[i].page);
		assert_int_equal(ki.file_size, 44283840);
		assert_string_equal(ki.kind, "Image");
	}
	/* Before 5.8 the Image sat 512 KiB above its 2 MiB base. */
	arm64(0x80000, 0x1000000, 0x2);
	assert_int_equal(kc_kimage_parse(img, sizeof(img), 1 << 24, &ki), 0);
	assert_int_equal(ki.mem_size, 0x80000 + 0x1000000);
	/* No EFI stub: code0 is a branch, not "MZ". */
	arm64(0, 0x1000000, 0x2);
	memcpy(img, "\x00\x00\x00\x14", 4);
	assert_int_equal(kc_kimage_parse(img, sizeof(img), 1 << 24, &ki), 0);
	assert_int_equal(ki.mem_size, 0x1000000);
}

static void arm64_bad(void **st)
{
	struct kc_kimage ki;

	(void)st;
	/* Older than 3.17: image_size 0. */
	arm64(0x80000, 0, 0);
	assert_int_equal(kc_kimage_parse(img, sizeof(img), 1 << 24, &ki),
			 -ENOEXEC);
	arm64(UINT64_MAX - 10, 0x1000000, 0x2);
	assert_int_equal(kc_kimage_parse(img, sizeof(img), 1 << 24, &ki),
			 -ERANGE);
	/* Truncated header. */
	arm64(0, 0x1000000, 0x2);
	assert_int_equal(kc_kimage_parse(img, 63, 63, &ki), -ENOEXEC);
	/* A wrong magic. */
	img[59] = 0x65;
	assert_int_equal(kc_kimage_parse(img, sizeof(img), 1 << 24, &ki),
			 -ENOEXEC);
}

/*
 * The first 64 bytes of Debian 12's vmlinuz-6.12.118+deb12-arm64
 * (linux-image-6.12.118+deb12-arm64 6.12.118-1~deb12u1): an uncompressed
 * Image with the EFI stub (CONFIG_EFI_ZBOOT is not set), 4K pages.
 */
static const unsigned char debian_6_12_arm64[64] = {
	0x4d, 0x5a, 0x40, 0xfa, 0x3b, 0x2c, 0x74, 0x14, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xb4, 0x02, 0x00, 0x00, 0x00, 0x00,
	0x0a, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x41, 0x52, 0x4d, 0x64,
	0x40, 0x00, 0x00, 0x00,
};

static void arm64_debian(void **st)
{
	struct kc_kimage ki;

	(void)st;
	assert_int_equal(kc_kimage_parse(debian_6_12_arm64, 64, 44283840, &ki),
			 0);
	assert_string_equal(ki.kind, "Image");
	assert_int_equal(ki.mem_size, 45350912);	/* 43.25 MiB */
	assert_int_equal(ki.page_size, 4096);
}

/* An EFI zboot header as drivers/firmware/efi/libstub/zboot-header.S. */
static void zboot(const char *comp)
{
	memset(img, 0, sizeof(img));
	memcpy(img, "MZ\0\0zimg", 8);
	put(img + 8, 0x10000, 4);		/* payload offset */
	put(img + 12, 0x1000000, 4);		/* payload size */
	memcpy(img + 24, comp, strlen(comp) + 1);
	put(img + 0x38, 0x818223cd, 4);		/* LINUX_PE_MAGIC */
	put(img + 0x3c, 0x40, 4);
	memcpy(img + 0x40, "PE\0\0", 4);
	put(img + 0x44, 0xaa64, 2);		/* IMAGE_FILE_MACHINE_ARM64 */
}

static void zboot_refused(void **st)
{
	struct kc_kimage ki;

	(void)st;
	zboot("gzip");
	assert_int_equal(kc_kimage_parse(img, sizeof(img), 1 << 24, &ki),
			 -KC_KIMAGE_EZBOOT);
	assert_string_equal(ki.kind, "EFI zboot");
	assert_string_equal(ki.comp, "gzip");
	zboot("zstd");
	assert_int_equal(kc_kimage_parse(img, sizeof(img), 1 << 24, &ki),
			 -KC_KIMAGE_EZBOOT);
	assert_string_equal(ki.comp, "zstd");
	/* A compression name running into LINUX_PE_MAGIC is cut there. */
	zboot("");
	memset(img + 24, 'x', 0x38 - 24);
	assert_int_equal(kc_kimage_parse(img, sizeof(img), 1 << 24, &ki),
			 -KC_KIMAGE_EZBOOT);
	assert_int_equal(strlen(ki.comp), sizeof(ki.comp) - 1);
	zboot("");
	assert_int_equal(kc_kimage_parse(img, sizeof(img), 1 << 24, &ki),
			 -KC_KIMAGE_EZBOOT);
	assert_string_equal(ki.comp, "?");
}

#define DIR_TEMPLATE "/tmp/kc-kimage-XXXXXX"
static char dir[] = DIR_TEMPLATE;

static const char *path(const char *name)
{
	static char p[128];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return p;
}

static void write_file(const char *name, const void *buf, size_t len)
{
	int fd = open(path(name), O_WRONLY | O_CREAT | O_TRUNC, 0644);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, buf, len), (ssize_t)len);
	close(fd);
}

/* gzip -c -n in > out, with the system's gzip, as a kernel build does. */
static void gzip_file(const char *in, const char *out)
{
	const char *argv[] = { "/usr/bin/gzip", "-c", "-n", NULL };
	char inp[128], outp[128];
	pid_t pid;
	int st;

	snprintf(inp, sizeof(inp), "%s", path(in));
	snprintf(outp, sizeof(outp), "%s", path(out));
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fi = open(inp, O_RDONLY);
		int fo = open(outp, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (fi < 0 || fo < 0 || dup2(fi, 0) < 0 || dup2(fo, 1) < 0)
			_exit(126);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static uint64_t file_size(const char *name)
{
	struct stat s;

	assert_int_equal(stat(path(name), &s), 0);
	return (uint64_t)s.st_size;
}

static int gz_setup(void **st)
{
	(void)st;
	memcpy(dir, DIR_TEMPLATE, sizeof(dir));
	if (!mkdtemp(dir))
		return -1;
	return kc_set_root("");
}

static int gz_teardown(void **st)
{
	char cmd[128];

	(void)st;
	/* Test code only: the fixture directory is ours. */
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

static void image_gz(void **st)
{
	static unsigned char big[1 << 20];
	struct kc_kimage ki;

	(void)st;
	/* An Image of 1 MiB (all but its header zero) with 16K pages. */
	arm64(0, 0x1400000, 0xc);
	memcpy(big, img, 64);
	write_file("Image", big, sizeof(big));
	gzip_file("Image", "Image.gz");
	assert_int_equal(kc_kimage_read(path("Image"), &ki), 0);
	assert_string_equal(ki.kind, "Image");
	assert_int_equal(ki.mem_size, 0x1400000);
	assert_int_equal(kc_kimage_read(path("Image.gz"), &ki), 0);
	assert_string_equal(ki.kind, "Image.gz");
	assert_int_equal(ki.mem_size, 0x1400000);
	assert_int_equal(ki.page_size, 16384);
	assert_int_equal(ki.file_size, file_size("Image.gz"));
	assert_true(ki.file_size < sizeof(big) / 16);
	/* Debian's real header, gzipped. */
	write_file("deb", debian_6_12_arm64, sizeof(debian_6_12_arm64));
	gzip_file("deb", "deb.gz");
	assert_int_equal(kc_kimage_read(path("deb.gz"), &ki), 0);
	assert_int_equal(ki.mem_size, 45350912);
	assert_int_equal(ki.page_size, 4096);
}

static void image_gz_bad(void **st)
{
	static unsigned char buf[4096];
	struct kc_kimage ki;
	int fd;
	ssize_t n;

	(void)st;
	/* gzip holding something else (a bzImage here). */
	bzimage(0x020f, 0x2a00000);
	write_file("bz", img, sizeof(img));
	gzip_file("bz", "bz.gz");
	assert_int_equal(kc_kimage_read(path("bz.gz"), &ki), -ENOEXEC);
	assert_string_equal(ki.why, "the gzip data holds no arm64 Image");
	/* Fewer than 64 bytes inside. */
	write_file("short", debian_6_12_arm64, 40);
	gzip_file("short", "short.gz");
	assert_int_equal(kc_kimage_read(path("short.gz"), &ki), -EINVAL);
	assert_non_null(strstr(ki.why, "truncated or corrupt"));
	/* Truncated gzip data: its first 20 bytes only. */
	arm64(0, 0x1400000, 0x2);
	write_file("Image2", img, sizeof(img));
	gzip_file("Image2", "Image2.gz");
	fd = open(path("Image2.gz"), O_RDONLY);
	assert_true(fd >= 0);
	n = read(fd, buf, 20);
	close(fd);
	assert_int_equal(n, 20);
	write_file("cut.gz", buf, 20);
	assert_int_equal(kc_kimage_read(path("cut.gz"), &ki), -EINVAL);
	assert_non_null(strstr(ki.why, "gzip exit status"));
	/* A root without gzip: said so, not "unknown format". */
	assert_int_equal(kc_set_root(dir), 0);
	assert_int_equal(kc_kimage_read(path("Image2.gz"), &ki), -ENOENT);
	assert_string_equal(ki.why,
		"the kernel is gzip-compressed but gzip is not installed");
	assert_int_equal(kc_set_root(""), 0);
}

static void elf(unsigned int phnum)
{
	unsigned int i;

	memset(img, 0, sizeof(img));
	memcpy(img, "\177ELF", 4);
	img[4] = 2;
	img[5] = 1;
	put(img + 32, 64, 8);		/* e_phoff */
	put(img + 54, 56, 2);		/* e_phentsize */
	put(img + 56, phnum, 2);
	for (i = 0; i < phnum; i++) {
		unsigned char *ph = img + 64 + i * 56;

		put(ph, 1, 4);				/* PT_LOAD */
		put(ph + 24, 0x1000000 + i * 0x800000, 8);	/* p_paddr */
		put(ph + 40, 0x400000, 8);		/* p_memsz */
	}
}

static void elf_ok(void **st)
{
	struct kc_kimage ki;

	(void)st;
	elf(3);
	assert_int_equal(kc_kimage_parse(img, sizeof(img), 1 << 24, &ki), 0);
	assert_int_equal(ki.mem_size, 2 * 0x800000 + 0x400000);
	assert_string_equal(ki.kind, "ELF");
}

static void elf_bad(void **st)
{
	struct kc_kimage ki;

	(void)st;
	elf(3);
	img[4] = 1;		/* 32-bit */
	assert_int_equal(kc_kimage_parse(img, sizeof(img), 1 << 24, &ki),
			 -ENOEXEC);
	elf(3);
	/* Program headers beyond what was read. */
	assert_int_equal(kc_kimage_parse(img, 100, 100, &ki), -EINVAL);
	elf(0);
	assert_int_equal(kc_kimage_parse(img, sizeof(img), 1 << 24, &ki),
			 -EINVAL);
	elf(1);
	put(img + 32, UINT64_MAX, 8);
	assert_int_equal(kc_kimage_parse(img, sizeof(img), 1 << 24, &ki),
			 -EINVAL);
	elf(1);
	put(img + 56, 0xffff, 2);
	assert_int_equal(kc_kimage_parse(img, sizeof(img), 1 << 24, &ki),
			 -EINVAL);
	elf(1);
	put(img + 64 + 24, UINT64_MAX - 10, 8);
	assert_int_equal(kc_kimage_parse(img, sizeof(img), 1 << 24, &ki),
			 -ERANGE);
	elf(1);
	put(img + 64, 2, 4);	/* no PT_LOAD */
	assert_int_equal(kc_kimage_parse(img, sizeof(img), 1 << 24, &ki),
			 -EINVAL);
}

static void read_missing(void **st)
{
	struct kc_kimage ki;

	(void)st;
	assert_int_equal(kc_kimage_read("/nonexistent/vmlinuz", &ki),
			 -ENOENT);
	assert_int_equal(kc_kimage_read("/dev/null", &ki), -ENOEXEC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bzimage_ok),
		cmocka_unit_test(bzimage_bad),
		cmocka_unit_test(elf_ok),
		cmocka_unit_test(elf_bad),
		cmocka_unit_test(read_missing),
		cmocka_unit_test(arm64_ok),
		cmocka_unit_test(arm64_bad),
		cmocka_unit_test(arm64_debian),
		cmocka_unit_test(zboot_refused),
		cmocka_unit_test_setup_teardown(image_gz, gz_setup, gz_teardown),
		cmocka_unit_test_setup_teardown(image_gz_bad, gz_setup,
						gz_teardown),
	};

	return cmocka_run_group_tests_name("kimage", tests, NULL, NULL);
}
