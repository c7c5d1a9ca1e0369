// SPDX-License-Identifier: GPL-2.0-only
/*
 * Module sizes from their head and tail bytes, for files compressed by
 * the real gzip, xz and zstd as kmod's build compresses modules.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "module.h"

static char dir[] = "/tmp/kcmodule.XXXXXX";
static unsigned char buf[1 << 20];

static int setup(void **st)
{
	(void)st;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **st)
{
	char cmd[128];

	(void)st;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

/* Run a shell line in dir; the test's own fixed strings only. */
static void sh(const char *line)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "set -e; cd %s; %s", dir, line);
	assert_int_equal(system(cmd), 0);
}

static size_t slurp(const char *name)
{
	char p[128];
	FILE *f;
	size_t n;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "rb");
	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	return n;
}

/* The size kc_module_size() reads from file name, as the walker feeds it. */
static int size_of(const char *name, uint64_t *size)
{
	size_t n = slurp(name);
	size_t t = n < KC_MODULE_TAIL ? n : KC_MODULE_TAIL;

	return kc_module_size(kc_module_kind(name), n, buf,
			      n < KC_MODULE_HEAD ? n : KC_MODULE_HEAD,
			      buf + n - t, t, size);
}

static void kinds(void **st)
{
	(void)st;
	assert_int_equal(kc_module_kind("lib/modules/6.1/ext4.ko"), KC_MOD_KO);
	assert_int_equal(kc_module_kind("ext4.ko.zst"), KC_MOD_ZST);
	assert_int_equal(kc_module_kind("./a/ext4.ko.gz"), KC_MOD_GZ);
	assert_int_equal(kc_module_kind("ext4.ko.xz"), KC_MOD_XZ);
	assert_int_equal(kc_module_kind(".ko"), KC_MOD_NONE);
	assert_int_equal(kc_module_kind("modules.dep"), KC_MOD_NONE);
	assert_int_equal(kc_module_kind("x.ko.bz2"), KC_MOD_NONE);
}

static void compressed_sizes(void **st)
{
	static const char *const files[] = { "m.ko", "m.ko.zst", "m.ko.gz",
					     "m.ko.xz", "big.ko.xz" };
	uint64_t size;
	size_t i;

	(void)st;
	sh("head -c 300000 /dev/urandom >m.ko; "
	   "zstd -q -19 -c m.ko >m.ko.zst; gzip -9 -n -c m.ko >m.ko.gz; "
	   "xz --check=crc32 --lzma2=dict=1MiB -c m.ko >m.ko.xz; "
	   "head -c 900000 /dev/zero >big; cat m.ko big >big.ko; "
	   "xz --check=crc32 --block-size=65536 -c big.ko >big.ko.xz");
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		assert_int_equal(size_of(files[i], &size), 0);
		assert_int_equal(size, i < 4 ? 300000 : 1200000);
	}
}

static void unknown_sizes(void **st)
{
	static const unsigned char zstd_nofcs[] = { 0x28, 0xb5, 0x2f, 0xfd,
						    0x00, 0x58 };
	uint64_t size;

	(void)st;
	/* A streamed zstd frame does not say its content size. */
	assert_int_equal(kc_module_size(KC_MOD_ZST, 100, zstd_nofcs,
					sizeof(zstd_nofcs), NULL, 0, &size),
			 -ENODATA);
	/* Not what the name says, or cut short. */
	sh("head -c 1000 /dev/urandom >r.ko.xz; cp r.ko.xz r.ko.gz; "
	   "cp r.ko.xz r.ko.zst");
	assert_int_equal(size_of("r.ko.xz", &size), -ENODATA);
	assert_int_equal(size_of("r.ko.gz", &size), -ENODATA);
	assert_int_equal(size_of("r.ko.zst", &size), -ENODATA);
	assert_int_equal(kc_module_size(KC_MOD_XZ, 3, (const unsigned char *)"\xfd" "7zXZ", 5,
					(const unsigned char *)"YZ", 2, &size),
			 -ENODATA);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kinds),
		cmocka_unit_test(compressed_sizes),
		cmocka_unit_test(unknown_sizes),
	};

	return cmocka_run_group_tests_name("module", tests, setup, teardown);
}
