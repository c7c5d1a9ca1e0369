// SPDX-License-Identifier: GPL-2.0-only
/* Kernel image sizing: bzImage init_size and ELF64 load segments. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "kimage.h"

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
	};

	return cmocka_run_group_tests_name("kimage", tests, NULL, NULL);
}
