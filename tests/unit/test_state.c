// SPDX-License-Identifier: GPL-2.0-only
/* The state file: round trip, garbage, and comparison. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fakeroot.h"
#include "state.h"

static void round_trip(void **st)
{
	struct kc_state a, b;

	(void)st;
	memset(&a, 0, sizeof(a));
	strcpy(a.backend, "direct");
	a.size_mib = 64;
	strcpy(a.kernel, "/boot/vmlinuz");
	strcpy(a.kernel_id, "123:456");
	strcpy(a.initrd, "");
	strcpy(a.initrd_id, "none");
	strcpy(a.cmdline, "root=/dev/vda \"a=b c\" cma=0");
	a.file_load = true;
	a.cma_free_before = 1ULL << 40;
	assert_int_equal(kc_state_read(&b), -ENOENT);
	assert_int_equal(kc_state_write(&a), 0);
	assert_int_equal(kc_state_read(&b), 0);
	assert_true(kc_state_same(&a, &b));
	assert_int_equal(b.cma_free_before, 1ULL << 40);
	b.size_mib = 80;
	assert_false(kc_state_same(&a, &b));
	assert_int_equal(kc_state_remove(), 0);
	assert_int_equal(kc_state_remove(), 0);
	assert_int_equal(kc_state_read(&b), -ENOENT);
}

static void garbage(void **st)
{
	static const char *const bad[] = {
		"", "version=2\n", "garbage\n", "version=1\nsize_mib=abc\n",
		"version=1\nsize_mib=99999999999999999999999\n",
		"version=1\nfile_load=maybe\n",
	};
	struct kc_state s;
	size_t i;

	(void)st;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(kc_state_parse(bad[i], &s), -EINVAL);
	/* Unknown keys from a newer version are ignored. */
	assert_int_equal(kc_state_parse("version=1\nfuture=1\nsize_mib=16\n",
					&s), 0);
	assert_int_equal(s.size_mib, 16);
	/* A state file readable by others is not trusted. */
	fr_write_mode("run/kexeccma.state", "version=1\n", 0644);
	assert_int_equal(kc_state_read(&s), -EPERM);
	fr_write_mode("run/kexeccma.state", "version=1\nsize_mib=x\n", 0600);
	assert_int_equal(kc_state_read(&s), -EINVAL);
}

static void file_id(void **st)
{
	char id[KC_FILE_ID_LEN], p[300];

	(void)st;
	assert_int_equal(kc_file_id("", id, sizeof(id)), 0);
	assert_string_equal(id, "none");
	assert_int_equal(kc_file_id("/nonexistent", id, sizeof(id)), -ENOENT);
	snprintf(p, sizeof(p), "%s/boot/vmlinuz-" FR_KVER, fr_root);
	assert_int_equal(kc_file_id(p, id, sizeof(id)), 0);
	assert_non_null(strstr(id, "8192:"));
}

#define T(f) cmocka_unit_test_setup_teardown(f, fr_rooted_setup, fr_rooted_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(round_trip),
		T(garbage),
		T(file_id),
	};

	return cmocka_run_group_tests_name("state", tests, NULL, NULL);
}
