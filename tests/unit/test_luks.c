// SPDX-License-Identifier: GPL-2.0-only
/*
 * The dump target's argon2 memory: the largest keyslot Memory: of real
 * cryptsetup luksDump output, and running cryptsetup (a fake one in the
 * fake root) with every way it can fail named.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fakeroot.h"
#include "luks.h"
#include "luksdump.h"
#include "util.h"

static void luks2_largest_keyslot(void **st)
{
	unsigned int bad;
	uint64_t kib;

	(void)st;
	/* argon2id 262144, pbkdf2 (none), argon2i 32768. */
	assert_int_equal(kc_luks_parse_dump(fr_luks2_dump, &kib, &bad), 0);
	assert_int_equal(kib, 262144);
	assert_int_equal(bad, 0);
}

static void luks1_needs_none(void **st)
{
	unsigned int bad;
	uint64_t kib = 1;

	(void)st;
	assert_int_equal(kc_luks_parse_dump(fr_luks1_dump, &kib, &bad), 0);
	assert_int_equal(kib, 0);
}

/* The LUKS2 dump with its argon2 keyslots' Memory: values changed. */
static void luks2_with(char *buf, size_t len, const char *a, const char *b)
{
	static const char k1[] = "Memory:     262144", k2[] = "Memory:     32768";
	const char *m1 = strstr(fr_luks2_dump, k1), *m2;

	assert_non_null(m1);
	m2 = strstr(m1, k2);
	assert_non_null(m2);
	snprintf(buf, len, "%.*sMemory:     %s%.*sMemory:     %s%s",
		 (int)(m1 - fr_luks2_dump), fr_luks2_dump, a,
		 (int)(m2 - m1 - (sizeof(k1) - 1)), m1 + sizeof(k1) - 1, b,
		 m2 + sizeof(k2) - 1);
}

static void pbkdf2_only_and_garbage(void **st)
{
	char text[8192];
	unsigned int bad;
	uint64_t kib;

	(void)st;
	/* Keyslots without Memory: lines need none. */
	snprintf(text, sizeof(text), "%.*s", (int)(strstr(fr_luks2_dump,
		 "Keyslots:") - fr_luks2_dump), fr_luks2_dump);
	strcat(text, "Keyslots:\n  0: luks2\n\tPBKDF:      pbkdf2\n"
	       "\tIterations: 1000\nTokens:\nDigests:\n");
	assert_int_equal(kc_luks_parse_dump(text, &kib, &bad), 0);
	assert_int_equal(kib, 0);
	/* The largest wins in any order. */
	luks2_with(text, sizeof(text), "1024", "1048576");
	assert_int_equal(kc_luks_parse_dump(text, &kib, &bad), 0);
	assert_int_equal(kib, 1048576);
	/* cryptsetup's own limit, and one above it. */
	luks2_with(text, sizeof(text), "4194304", "8");
	assert_int_equal(kc_luks_parse_dump(text, &kib, &bad), 0);
	assert_int_equal(kib, 4194304);
	luks2_with(text, sizeof(text), "4194305", "8");
	assert_int_equal(kc_luks_parse_dump(text, &kib, &bad), -EINVAL);
	assert_int_equal(bad, 26);
	luks2_with(text, sizeof(text), "99999999999999999999999", "8");
	assert_int_equal(kc_luks_parse_dump(text, &kib, &bad), -EINVAL);
	luks2_with(text, sizeof(text), "12k", "8");
	assert_int_equal(kc_luks_parse_dump(text, &kib, &bad), -EINVAL);
	luks2_with(text, sizeof(text), "", "8");
	assert_int_equal(kc_luks_parse_dump(text, &kib, &bad), -EINVAL);
	/* Not a luksDump at all. */
	assert_int_equal(kc_luks_parse_dump("Device /dev/x is not a valid LUKS device.\n",
					    &kib, &bad), -EINVAL);
	assert_int_equal(bad, 0);
	assert_int_equal(kc_luks_parse_dump("", &kib, &bad), -EINVAL);
	/* A Memory: outside the keyslots is not a keyslot's. */
	assert_int_equal(kc_luks_parse_dump("LUKS header information\n"
					    "Digests:\n\tMemory:     999\n",
					    &kib, &bad), 0);
	assert_int_equal(kib, 0);
}

/* Run kc_luks_memory with stderr captured in fr_errbuf. */
static int memory_of(const char *dev, uint64_t *bytes)
{
	int ret;

	fr_stderr_begin();
	ret = kc_luks_memory(dev, bytes);
	fr_stderr_end();
	return ret;
}

static void runs_cryptsetup(void **st)
{
	uint64_t bytes = 0;

	(void)st;
	fr_install_cryptsetup(fr_luks2_dump);
	assert_int_equal(memory_of("/dev/vdb2", &bytes), 0);
	assert_int_equal(bytes, UINT64_C(262144) * 1024);
	/* An argument vector, not a shell line. */
	assert_string_equal(fr_read("cryptsetup.log"), "luksDump /dev/vdb2\n");
	fr_install_cryptsetup(fr_luks1_dump);
	assert_int_equal(memory_of("/dev/vdb2", &bytes), 0);
	assert_int_equal(bytes, 0);
}

static void cryptsetup_failures(void **st)
{
	uint64_t bytes = 0;
	char t[512];

	(void)st;
	assert_int_equal(memory_of("/dev/vdb2", &bytes), -ENOENT);
	assert_err_has("cryptsetup not found in /usr/sbin, /usr/bin, /sbin or /bin");
	assert_err_has("or unset luks_device");
	fr_install_cryptsetup(fr_luks2_dump);
	fr_touch("inject/cryptsetup-fail");
	assert_int_equal(memory_of("/dev/vdb2", &bytes), -EIO);
	/* Its own message, then ours. */
	assert_err_has("Device /dev/vdb2 is not a valid LUKS device.\n");
	assert_err_has("cryptsetup luksDump /dev/vdb2 failed with exit status 1");
	fr_remove("inject/cryptsetup-fail");
	/* Something else than luksDump output. */
	fr_install_cryptsetup("hello\n");
	assert_int_equal(memory_of("/dev/vdb2", &bytes), -EINVAL);
	assert_err_has("printed no \"LUKS header information\"");
	/* Endless output is cut off. */
	snprintf(t, sizeof(t),
		 "#!/bin/sh\nexec head -c 5000000 /dev/zero\n");
	fr_write_mode("usr/sbin/cryptsetup", t, 0755);
	assert_int_equal(memory_of("/dev/vdb2", &bytes), -EFBIG);
	assert_err_has("it printed more than 4 MiB");
	/* One anybody may replace is not run. */
	fr_chmod("usr/sbin/cryptsetup", 0777);
	assert_int_equal(memory_of("/dev/vdb2", &bytes), -EPERM);
	assert_err_has("refusing");
}

#define T(f) cmocka_unit_test_setup_teardown(f, fr_rooted_setup, fr_rooted_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(luks2_largest_keyslot),
		cmocka_unit_test(luks1_needs_none),
		cmocka_unit_test(pbkdf2_only_and_garbage),
		T(runs_cryptsetup),
		T(cryptsetup_failures),
	};

	return cmocka_run_group_tests_name("luks", tests, NULL, NULL);
}
