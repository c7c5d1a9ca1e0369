// SPDX-License-Identifier: GPL-2.0-only
/*
 * A bzImage's resident size: _end - _text of the vmlinux in its payload,
 * read through the system's gzip and xz, past Kbuild's appended size and
 * the code after the payload; init_size when the payload says nothing
 * usable, with the reason.
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
#include <unistd.h>

#include <cmocka.h>

#include "kimage.h"
#include "mkbzimage.h"
#include "util.h"
#include "vmlinux.h"

#define DIR_TEMPLATE "/tmp/kc-vmlinux-XXXXXX"
static char dir[] = DIR_TEMPLATE;
static char image[128];

static int setup(void **st)
{
	(void)st;
	memcpy(dir, DIR_TEMPLATE, sizeof(dir));
	if (!mkdtemp(dir))
		return -1;
	snprintf(image, sizeof(image), "%s/bzImage", dir);
	return kc_set_root("");
}

static int teardown(void **st)
{
	(void)st;
	unlink(image);
	return rmdir(dir);
}

/* Parse the image, then read its payload as kc_kimage_read_cached does. */
static int resident(struct kc_kimage *ki)
{
	int fd, ret;

	assert_int_equal(kc_kimage_read(image, ki), 0);
	assert_string_equal(ki->kind, "bzImage");
	fd = open(image, O_RDONLY);
	assert_true(fd >= 0);
	ret = kc_vmlinux_resident(fd, ki);
	close(fd);
	return ret;
}

static void layouts(void **st)
{
	static const struct mk_vmlinux cases[] = {
		{ 3 << 20, 5 << 20, 0x30123, true, false, 0, "gzip", NULL, 0 },
		{ 3 << 20, 5 << 20, 0x30123, true, false, 0, "xz", NULL, 0 },
		{ 1 << 20, 0x10000, 0, false, false, 0, "xz", NULL, 0 },
		{ 0x123456, 0, 0x2000, false, false, 0, "gzip", NULL, 0 },
	};
	struct kc_kimage ki;
	uint64_t span;
	size_t i;

	(void)st;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		span = mk_bzimage(image, &cases[i]);
		assert_int_equal(resident(&ki), 0);
		assert_int_equal(ki.resident, span);
		assert_int_equal(ki.mem_size, span + (4 << 20));
		assert_string_equal(ki.resident_why, "");
	}
	/* .init.scratch lies beyond _end: not counted. */
	assert_true(mk_bzimage(image, &cases[0]) <
		    (uint64_t)(3 << 20) + (5 << 20) + (2 << 20));
}

/* Each failure keeps init_size and says why. */
static void unusable(void **st)
{
	static const struct {
		struct mk_vmlinux v;
		int ret;
		const char *why;
	} cases[] = {
		{ { 1 << 20, 1 << 20, 0, false, true, 0, "gzip", NULL, 0 },
		  -ENOEXEC, "not a 64-bit little-endian ELF" },
		{ { 1 << 20, 0, 0, false, false, 0, "xz", NULL, 0 },
		  -ENOENT, "no .bss" },
		{ { 1 << 20, 1 << 20, 0, false, false, 1 << 20, "gzip",
		    NULL, 0 },
		  -EINVAL, "more than its init_size" },
	};
	struct kc_kimage ki;
	size_t i;

	(void)st;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		mk_bzimage(image, &cases[i].v);
		assert_int_equal(resident(&ki), cases[i].ret);
		assert_int_equal(ki.resident, ki.mem_size);
		assert_non_null(strstr(ki.resident_why, cases[i].why));
	}
}

/* A payload cut short, or past the file's end in the header. */
static void truncated(void **st)
{
	static const struct mk_vmlinux v = {
		2 << 20, 1 << 20, 0x1000, true, false, 0, "xz", NULL, 0
	};
	unsigned char len[4];
	struct kc_kimage ki;
	uint32_t half;
	long size;
	int fd;

	(void)st;
	mk_bzimage(image, &v);
	fd = open(image, O_RDWR);
	assert_true(fd >= 0);
	/* Half the payload: xz stops before the section headers. */
	assert_int_equal(pread(fd, len, 4, 0x24c), 4);
	half = (uint32_t)(len[0] | len[1] << 8 | len[2] << 16 |
			  (uint32_t)len[3] << 24) / 2;
	len[0] = (unsigned char)half;
	len[1] = (unsigned char)(half >> 8);
	len[2] = (unsigned char)(half >> 16);
	len[3] = (unsigned char)(half >> 24);
	assert_int_equal(pwrite(fd, len, 4, 0x24c), 4);
	assert_int_equal(resident(&ki), -EINVAL);
	assert_int_equal(ki.resident, ki.mem_size);
	assert_non_null(strstr(ki.resident_why,
			       "ended before the vmlinux's section headers"));
	/* The file ends inside the payload the header names. */
	size = lseek(fd, 0, SEEK_END);
	assert_int_equal(ftruncate(fd, 1024 + (size - 1024) / 4), 0);
	close(fd);
	assert_int_equal(kc_kimage_read(image, &ki), 0);
	assert_int_equal(ki.payload_len, 0);
	assert_int_equal(ki.resident, ki.mem_size);
	assert_non_null(strstr(ki.resident_why, "no payload inside the file"));
}

/*
 * Whether the kernel takes initramfs_options=: its __setup() name is in
 * the stream, anywhere (here across a 64 KiB pipe chunk's end, too).
 */
static void initramfs_options_seen(void **st)
{
	static const uint64_t at[] = { 0, 65536 - 7, (1 << 20) - 20 };
	struct mk_vmlinux v = {
		1 << 20, 1 << 20, 0x1000, false, false, 0, "xz", NULL, 0
	};
	struct kc_kimage ki;
	size_t i;

	(void)st;
	mk_bzimage(image, &v);
	assert_int_equal(resident(&ki), 0);
	assert_int_equal(ki.initramfs_options, KC_KF_NO);
	v.text = "initramfs_options=";
	for (i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
		v.text_at = at[i];
		v.comp = i % 2 ? "gzip" : "xz";
		mk_bzimage(image, &v);
		assert_int_equal(resident(&ki), 0);
		assert_int_equal(ki.initramfs_options, KC_KF_YES);
	}
	/* A near miss is not the option. */
	v.text = "initramfs_option=";
	mk_bzimage(image, &v);
	assert_int_equal(resident(&ki), 0);
	assert_int_equal(ki.initramfs_options, KC_KF_NO);
	/* Unread: unknown. */
	v.not_elf = true;
	v.text = "initramfs_options=";
	mk_bzimage(image, &v);
	assert_int_not_equal(resident(&ki), 0);
	assert_int_equal(ki.initramfs_options, KC_KF_UNKNOWN);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(layouts),
		T(unusable),
		T(truncated),
		T(initramfs_options_seen),
	};

	return cmocka_run_group_tests_name("vmlinux", tests, NULL, NULL);
}
