/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A stand-in for the part of cmocka 1.1's API the unit tests use, for a
 * target with no cmocka library: the arm64 cross build (tests/unit/
 * arm64-cross.t), linked statically to run under qemu-aarch64-static,
 * where the build machine has only the x86_64 libcmocka.so. Built with
 * "make CMOCKA=lite"; the native builds keep the real cmocka.
 *
 * It prints what cmocka prints with CMOCKA_MESSAGE_OUTPUT=TAP ("1..N",
 * "ok N - name", "not ok N - name", "# " lines for the failure) and
 * returns the number of failed tests, as cmocka does. A failed assertion
 * ends the test through longjmp; the teardown still runs. Unlike cmocka
 * it catches no signals: a crash ends the program, and the runner counts
 * the tests it did not report.
 */
#ifndef KC_CMOCKA_LITE_H
#define KC_CMOCKA_LITE_H

#include <stddef.h>
#include <stdint.h>

typedef void (*CMUnitTestFunction)(void **state);
typedef int (*CMFixtureFunction)(void **state);

struct CMUnitTest {
	const char *name;
	CMUnitTestFunction test_func;
	CMFixtureFunction setup_func;
	CMFixtureFunction teardown_func;
	void *initial_state;
};

#define cmocka_unit_test(f) { #f, f, NULL, NULL, NULL }
#define cmocka_unit_test_setup_teardown(f, setup, teardown) \
	{ #f, f, setup, teardown, NULL }

int _cmocka_run_group_tests(const char *group_name,
			    const struct CMUnitTest *tests, size_t num_tests,
			    CMFixtureFunction group_setup,
			    CMFixtureFunction group_teardown);
#define cmocka_run_group_tests_name(name, tests, setup, teardown)	\
	_cmocka_run_group_tests(name, tests,				\
				sizeof(tests) / sizeof((tests)[0]),	\
				setup, teardown)

/* Record the failure (printf-like) and leave the test. */
void cml_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 3, 4)));
void cml_int(uintmax_t a, uintmax_t b, int want_equal, const char *file,
	      int line);
void cml_str(const char *a, const char *b, const char *file, int line);
void cml_mem(const void *a, const void *b, size_t n, const char *file,
	      int line);
void print_message(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define assert_true(c)							\
	((c) ? (void)0 : cml_fail(__FILE__, __LINE__, "%s", #c))
#define assert_false(c)							\
	(!(c) ? (void)0 : cml_fail(__FILE__, __LINE__, "%s", #c))
#define assert_non_null(p)						\
	((const void *)(p) != NULL ? (void)0 :				\
	 cml_fail(__FILE__, __LINE__, "%s", #p))
#define assert_null(p)							\
	((const void *)(p) == NULL ? (void)0 :				\
	 cml_fail(__FILE__, __LINE__, "%s", #p))
#define assert_int_equal(a, b)						\
	cml_int((uintmax_t)(a), (uintmax_t)(b), 1, __FILE__, __LINE__)
#define assert_int_not_equal(a, b)					\
	cml_int((uintmax_t)(a), (uintmax_t)(b), 0, __FILE__, __LINE__)
#define assert_string_equal(a, b)					\
	cml_str((a), (b), __FILE__, __LINE__)
#define assert_memory_equal(a, b, n)					\
	cml_mem((a), (b), (n), __FILE__, __LINE__)
#define fail_msg(...) cml_fail(__FILE__, __LINE__, __VA_ARGS__)
#define fail() cml_fail(__FILE__, __LINE__, "Failure!")

#endif
