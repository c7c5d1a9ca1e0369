// SPDX-License-Identifier: GPL-2.0-only
/*
 * Writes never follow a symlink on the way (kernel knobs, lock, state),
 * and the root prefix, a test hook, is refused unless it is a directory
 * only root can change, from --root and from KEXECCMA_ROOT alike.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "cmd.h"
#include "fakeroot.h"
#include "state.h"
#include "sysfs.h"
#include "util.h"

static int setup(void **st)
{
	(void)st;
	fr_setup(512);
	return 0;
}

/* Replace directory rel with a symlink to a copy of it at rel.real. */
static void symlink_dir(const char *rel)
{
	char from[512], to[512];

	snprintf(from, sizeof(from), "%s/%s", fr_root, rel);
	snprintf(to, sizeof(to), "%s/%s.real", fr_root, rel);
	assert_int_equal(rename(from, to), 0);
	assert_int_equal(symlink(to, from), 0);
}

/* Whoever may change /run must not choose where the lock is created. */
static void run_symlink_refused(void **st)
{
	(void)st;
	symlink_dir("run");
	assert_int_equal(fr_main("start", "--size", "64", NULL),
			 KC_EXIT_FAIL);
	assert_err_has("cannot lock");
	assert_false(fr_exists("run.real/kexeccma.lock"));
	assert_int_equal(fr_k.allocs, 0);
	/* The state file neither. */
	kc_set_root(fr_root);
	{
		struct kc_state s;

		memset(&s, 0, sizeof(s));
		assert_int_equal(kc_state_write(&s), -ELOOP);
		assert_int_equal(kc_state_read(&s), -ELOOP);
	}
	assert_false(fr_exists("run.real/kexeccma.state"));
	assert_false(fr_exists("run.real/kexeccma.state.new"));
}

/*
 * Nor through a symlink planted as the file itself: the lock, the state
 * and compact_memory stay where they are and the target is untouched.
 */
static void file_symlink_not_followed(void **st)
{
	char target[512], link[512];

	(void)st;
	fr_write("victim", "keep\n");
	snprintf(target, sizeof(target), "%s/victim", fr_root);
	snprintf(link, sizeof(link), "%s/run/kexeccma.lock", fr_root);
	assert_int_equal(symlink(target, link), 0);
	assert_int_equal(fr_main("start", "--size", "64", NULL),
			 KC_EXIT_FAIL);
	assert_err_has("cannot lock");
	assert_int_equal(fr_k.allocs, 0);
	assert_int_equal(unlink(link), 0);
	snprintf(link, sizeof(link), "%s/proc/sys/vm/compact_memory", fr_root);
	assert_int_equal(unlink(link), 0);
	assert_int_equal(symlink(target, link), 0);
	fr_k.enomem = 1;
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	assert_err_has("cannot write /proc/sys/vm/compact_memory");
	assert_string_equal(fr_read("victim"), "keep\n");
}

/* Nor where compact_memory is written. */
static void vm_symlink_not_followed(void **st)
{
	(void)st;
	symlink_dir("proc/sys/vm");
	fr_k.enomem = 1;
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	assert_err_has("cannot write /proc/sys/vm/compact_memory");
	assert_string_equal(fr_read("proc/sys/vm.real/compact_memory"), "");
}

/* Nor where kexec_crash_size is written. */
static void sys_kernel_symlink_not_followed(void **st)
{
	(void)st;
	symlink_dir("sys/kernel");
	kc_set_root(fr_root);
	assert_int_equal(kc_sysfs_write_crash_size(64), -ELOOP);
	assert_string_equal(fr_read("sys/kernel.real/kexec_crash_size"), "0\n");
}

/*
 * Nor where the arm is kept for the capture: a symlinked /var/lib,
 * /var/lib/kexeccma or armed file is not written through, and the arm
 * stands with a warning.
 */
static void armed_symlinks_not_followed(void **st)
{
	char target[512], link[512];

	(void)st;
	fr_write("victim", "keep\n");
	snprintf(target, sizeof(target), "%s/victim", fr_root);
	assert_int_equal(mkdir(strcat(strcpy(link, fr_root),
				      "/var/lib/kexeccma"), 0755), 0);
	strcat(link, "/armed");
	assert_int_equal(symlink(target, link), 0);
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	assert_string_equal(fr_read("victim"), "keep\n");
	/* The symlink itself was replaced by the file. */
	assert_non_null(strstr(fr_read("var/lib/kexeccma/armed"),
			       "size_mib=64\n"));
	assert_int_equal(fr_main("stop", NULL), KC_EXIT_OK);
	/* A symlinked directory: not written, a warning, still armed. */
	symlink_dir("var/lib/kexeccma");
	fr_remove("var/lib/kexeccma.real/armed");
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	assert_err_has("warning: cannot write /var/lib/kexeccma/armed");
	assert_true(fr_loaded());
	assert_false(fr_exists("var/lib/kexeccma.real/armed"));
	assert_int_equal(fr_main("stop", NULL), KC_EXIT_OK);
	symlink_dir("var/lib");
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	assert_err_has("warning: cannot write /var/lib/kexeccma/armed");
	assert_false(fr_exists("var/lib.real/kexeccma/armed"));
}

/* A root prefix anyone may write to is refused, as option and as env. */
static void writable_root_refused(void **st)
{
	char *argv[] = { (char *)"kexeccma", (char *)"stop", NULL };
	int rc;

	(void)st;
	assert_int_equal(chmod(fr_root, 0777), 0);
	assert_int_equal(fr_main("stop", NULL), KC_EXIT_USAGE);
	assert_err_has("refusing root prefix");
	assert_int_equal(setenv("KEXECCMA_ROOT", fr_root, 1), 0);
	rc = kc_main(2, argv);
	assert_int_equal(rc, KC_EXIT_USAGE);
	assert_int_equal(chmod(fr_root, 0700), 0);
	rc = kc_main(2, argv);
	assert_int_equal(unsetenv("KEXECCMA_ROOT"), 0);
	assert_int_equal(rc, KC_EXIT_OK);
	assert_int_equal(fr_main("stop", NULL), KC_EXIT_OK);
	/* A directory above it that is not sticky counts too. */
	assert_int_equal(chmod(fr_root, 0700), 0);
}

static void root_must_be_a_directory(void **st)
{
	char file[512], opt[600];

	(void)st;
	snprintf(file, sizeof(file), "%s/etc/kexeccma.conf", fr_root);
	fr_write("etc/kexeccma.conf", "");
	snprintf(opt, sizeof(opt), "--root=%s", file);
	assert_int_equal(fr_main(opt, "stop", NULL), KC_EXIT_USAGE);
	assert_err_has("Not a directory");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, fr_rooted_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(run_symlink_refused),
		T(file_symlink_not_followed),
		T(vm_symlink_not_followed),
		T(sys_kernel_symlink_not_followed),
		T(armed_symlinks_not_followed),
		T(writable_root_refused),
		T(root_must_be_a_directory),
	};

	return cmocka_run_group_tests_name("nofollow", tests, NULL, NULL);
}
