// SPDX-License-Identifier: GPL-2.0-only
/* The runner and assertions of cmocka.h, the cmocka stand-in. */
#include "cmocka.h"

#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where a failed assertion goes, and what it said. */
static jmp_buf *cml_env;
static char cml_why[2048];

void print_message(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fflush(stdout);
}

void cml_fail(const char *file, int line, const char *fmt, ...)
{
	size_t n;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cml_why, sizeof(cml_why), fmt, ap);
	va_end(ap);
	n = strlen(cml_why);
	snprintf(cml_why + n, sizeof(cml_why) - n,
		 "\n%s:%d: error: Failure!", file, line);
	if (!cml_env) {
		/* Outside a test: nothing to go back to. */
		fprintf(stderr, "%s\n", cml_why);
		fflush(NULL);
		_Exit(1);
	}
	longjmp(*cml_env, 1);
}

void cml_int(uintmax_t a, uintmax_t b, int want_equal, const char *file,
	     int line)
{
	if ((a == b) != !!want_equal)
		cml_fail(file, line, "%#" PRIxMAX " %s %#" PRIxMAX, a,
			 want_equal ? "!=" : "==", b);
}

void cml_str(const char *a, const char *b, const char *file, int line)
{
	if (!a || !b || strcmp(a, b))
		cml_fail(file, line, "\"%s\" != \"%s\"", a ? a : "(null)",
			 b ? b : "(null)");
}

void cml_mem(const void *a, const void *b, size_t n, const char *file,
	     int line)
{
	const unsigned char *x = a, *y = b;
	size_t i;

	for (i = 0; i < n; i++)
		if (x[i] != y[i])
			cml_fail(file, line,
				 "difference at offset %zu 0x%02x 0x%02x", i,
				 x[i], y[i]);
}

/* Print each line of the failure as a TAP comment. */
static void print_why(void)
{
	const char *p = cml_why, *nl;

	while (*p) {
		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p);
		printf("# %.*s\n", (int)(nl - p), p);
		p = *nl ? nl + 1 : nl;
	}
}

/* Run fn(state) or test(state); 0, or -1 when an assertion failed. */
static int guarded(CMFixtureFunction fn, CMUnitTestFunction test,
		   void **state, int *ret)
{
	jmp_buf env;

	cml_env = &env;
	if (setjmp(env)) {
		cml_env = NULL;
		return -1;
	}
	if (fn)
		*ret = fn(state);
	else
		test(state);
	cml_env = NULL;
	return 0;
}

int _cmocka_run_group_tests(const char *group_name,
			    const struct CMUnitTest *tests, size_t num_tests,
			    CMFixtureFunction group_setup,
			    CMFixtureFunction group_teardown)
{
	void *group_state = NULL;
	size_t i, failed = 0;
	int ret = 0;

	printf("1..%zu\n", num_tests);
	fflush(stdout);
	if (group_setup &&
	    (guarded(group_setup, NULL, &group_state, &ret) || ret)) {
		for (i = 0; i < num_tests; i++)
			printf("not ok %zu - %s Could not run test: Group setup failed\n",
			       i + 1, tests[i].name);
		printf("# not ok - %s\n", group_name);
		fflush(stdout);
		return (int)num_tests;
	}
	for (i = 0; i < num_tests; i++) {
		const struct CMUnitTest *t = &tests[i];
		void *state = t->initial_state ? t->initial_state :
			      group_state;
		int bad;

		cml_why[0] = '\0';
		ret = 0;
		if (t->setup_func &&
		    (guarded(t->setup_func, NULL, &state, &ret) || ret)) {
			printf("not ok %zu - %s Could not run test: Test setup failed\n",
			       i + 1, t->name);
			print_why();
			failed++;
			fflush(stdout);
			continue;
		}
		bad = guarded(NULL, t->test_func, &state, &ret);
		/* The teardown runs after a failed test too. */
		if (t->teardown_func &&
		    (guarded(t->teardown_func, NULL, &state, &ret) || ret) &&
		    !bad) {
			bad = 1;
			if (!cml_why[0])
				snprintf(cml_why, sizeof(cml_why),
					 "Test teardown failed");
		}
		printf("%s %zu - %s\n", bad ? "not ok" : "ok", i + 1, t->name);
		if (bad)
			print_why();
		failed += bad ? 1 : 0;
		fflush(stdout);
	}
	ret = 0;
	if (group_teardown &&
	    (guarded(group_teardown, NULL, &group_state, &ret) || ret))
		failed++;
	printf("# %s - %s\n", failed ? "not ok" : "ok", group_name);
	fflush(stdout);
	return (int)failed;
}
