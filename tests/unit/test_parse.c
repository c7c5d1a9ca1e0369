// SPDX-License-Identifier: GPL-2.0-only
/* Integer and size parsing: valid, truncated, garbage, huge. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "parse.h"

static void u64_valid(void **st)
{
	uint64_t v;

	(void)st;
	assert_int_equal(kc_parse_u64("0", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(kc_parse_u64("18446744073709551615", &v), 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(kc_parse_u64("007", &v), 0);
	assert_int_equal(v, 7);
}

static void u64_invalid(void **st)
{
	static const char *const bad[] = {
		"", " 1", "1 ", "-1", "+1", "0x10", "1e3", "12a", "a",
		"1\n", "\n",
	};
	uint64_t v = 42;
	size_t i;

	(void)st;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(kc_parse_u64(bad[i], &v), -EINVAL);
	assert_int_equal(v, 42);
	assert_int_equal(kc_parse_u64(NULL, &v), -EINVAL);
}

static void u64_overflow(void **st)
{
	uint64_t v = 42;

	(void)st;
	assert_int_equal(kc_parse_u64("18446744073709551616", &v), -ERANGE);
	assert_int_equal(kc_parse_u64("99999999999999999999999999", &v),
			 -ERANGE);
	assert_int_equal(v, 42);
}

static void u64_line(void **st)
{
	uint64_t v;

	(void)st;
	assert_int_equal(kc_parse_u64_line("536870912\n", &v), 0);
	assert_int_equal(v, 536870912);
	assert_int_equal(kc_parse_u64_line("1 \t\n\n", &v), 0);
	assert_int_equal(kc_parse_u64_line("1\n2\n", &v), -EINVAL);
	assert_int_equal(kc_parse_u64_line("\n", &v), -EINVAL);
	assert_int_equal(kc_parse_u64_line("", &v), -EINVAL);
	assert_int_equal(kc_parse_u64_line("123abc\n", &v), -EINVAL);
	assert_int_equal(kc_parse_u64_line("184467440737095516150\n", &v),
			 -ERANGE);
}

static void hex(void **st)
{
	uint64_t v;

	(void)st;
	assert_int_equal(kc_parse_hex_n("ffffffffffffffff", 16, &v), 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(kc_parse_hex_n("1ffffffffffffffff", 17, &v),
			 -ERANGE);
	assert_int_equal(kc_parse_hex_n("00ABcd", 6, &v), 0);
	assert_int_equal(v, 0xabcd);
	assert_int_equal(kc_parse_hex_n("12g", 3, &v), -EINVAL);
	assert_int_equal(kc_parse_hex_n("12", 0, &v), -EINVAL);
	/* Only len characters are looked at. */
	assert_int_equal(kc_parse_hex_n("12zz", 2, &v), 0);
	assert_int_equal(v, 0x12);
}

static void sizes(void **st)
{
	uint64_t v;

	(void)st;
	assert_int_equal(kc_parse_size("64", 1 << 20, &v), 0);
	assert_int_equal(v, 64ULL << 20);
	assert_int_equal(kc_parse_size("4096K", 1, &v), 0);
	assert_int_equal(v, 4096ULL << 10);
	assert_int_equal(kc_parse_size("1G", 1, &v), 0);
	assert_int_equal(v, 1ULL << 30);
	assert_int_equal(kc_parse_size("2t", 1, &v), 0);
	assert_int_equal(v, 2ULL << 40);
	assert_int_equal(kc_parse_size("512MiB", 1, &v), 0);
	assert_int_equal(v, 512ULL << 20);
	assert_int_equal(kc_parse_size("512MB", 1, &v), 0);
	assert_int_equal(kc_parse_size("512X", 1, &v), -EINVAL);
	assert_int_equal(kc_parse_size("512MM", 1, &v), -EINVAL);
	assert_int_equal(kc_parse_size("M", 1, &v), -EINVAL);
	assert_int_equal(kc_parse_size("", 1, &v), -EINVAL);
	assert_int_equal(kc_parse_size("16777216T", 1, &v), -ERANGE);
	assert_int_equal(kc_parse_size("17592186044416", 1 << 20, &v),
			 -ERANGE);
}

static void mib(void **st)
{
	uint64_t v;

	(void)st;
	assert_int_equal(kc_parse_mib("256", &v), 0);
	assert_int_equal(v, 256);
	assert_int_equal(kc_parse_mib("1G", &v), 0);
	assert_int_equal(v, 1024);
	assert_int_equal(kc_parse_mib("2048K", &v), 0);
	assert_int_equal(v, 2);
	assert_int_equal(kc_parse_mib("1K", &v), -EINVAL);
	assert_int_equal(kc_parse_mib("99999999999999999G", &v), -ERANGE);
}

static void bools_and_ranges(void **st)
{
	uint64_t v;
	bool b;

	(void)st;
	assert_int_equal(kc_parse_bool("Yes", &b), 0);
	assert_true(b);
	assert_int_equal(kc_parse_bool("off", &b), 0);
	assert_false(b);
	assert_int_equal(kc_parse_bool("maybe", &b), -EINVAL);
	assert_int_equal(kc_parse_bool("", &b), -EINVAL);
	assert_int_equal(kc_parse_uint_range("5", 0, 5, &v), 0);
	assert_int_equal(kc_parse_uint_range("6", 0, 5, &v), -ERANGE);
	assert_int_equal(kc_parse_uint_range("x", 0, 5, &v), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(u64_valid),
		cmocka_unit_test(u64_invalid),
		cmocka_unit_test(u64_overflow),
		cmocka_unit_test(u64_line),
		cmocka_unit_test(hex),
		cmocka_unit_test(sizes),
		cmocka_unit_test(mib),
		cmocka_unit_test(bools_and_ranges),
	};

	return cmocka_run_group_tests_name("parse", tests, NULL, NULL);
}
