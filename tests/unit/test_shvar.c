// SPDX-License-Identifier: GPL-2.0-only
/*
 * The front ends' shell fragments, read without a shell: plain
 * assignments only, quotes and blanks stripped, the last one wins.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fakeroot.h"
#include "shvar.h"
#include "util.h"

#define FILE_REL "etc/default/kdump-tools"
#define FILE_ABS "/" FILE_REL

static void assignments(void **st)
{
	char v[64];

	(void)st;
	fr_write(FILE_REL,
		 "# KDUMP_KERNEL=/commented\n"
		 "KDUMP_KERNEL=/boot/one\n"
		 "  KDUMP_KERNEL=\"/boot/two\"  \n"
		 "KDUMP_INITRD=''\n"
		 "KDUMP_KERNELX=/no\n"
		 "export KDUMP_CMDLINE=not-plain\n"
		 "\tKDUMP_COREDIR='/var/crash'\n");
	assert_int_equal(kc_shell_var(FILE_ABS, "KDUMP_KERNEL", v, sizeof(v)),
			 1);
	assert_string_equal(v, "/boot/two");
	assert_int_equal(kc_shell_var(FILE_ABS, "KDUMP_INITRD", v, sizeof(v)),
			 1);
	assert_string_equal(v, "");
	assert_int_equal(kc_shell_var(FILE_ABS, "KDUMP_COREDIR", v, sizeof(v)),
			 1);
	assert_string_equal(v, "/var/crash");
	/* Not a plain assignment, or a longer name: not set. */
	assert_int_equal(kc_shell_var(FILE_ABS, "KDUMP_CMDLINE", v, sizeof(v)),
			 0);
	assert_int_equal(kc_shell_var(FILE_ABS, "KDUMP", v, sizeof(v)), 0);
	/* Too long for the caller's buffer. */
	assert_int_equal(kc_shell_var(FILE_ABS, "KDUMP_KERNEL", v, 5),
			 -ENAMETOOLONG);
	/* No file: nothing is set. */
	assert_int_equal(kc_shell_var("/etc/sysconfig/kdump", "KDUMP_KERNELVER",
				      v, sizeof(v)), 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fr_rooted_setup, fr_rooted_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(assignments),
	};

	return cmocka_run_group_tests_name("shvar", tests, NULL, NULL);
}
