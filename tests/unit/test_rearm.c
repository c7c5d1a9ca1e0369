// SPDX-License-Identifier: GPL-2.0-only
/*
 * A start that fails, or is stopped by a signal, at any step: what was
 * armed before is armed again at its old size (a working arm is never
 * destroyed), or, when nothing was, nothing is held. A signal always
 * ends in exit code 10 and a line naming it; one received while sizing
 * stops before anything is unloaded or allocated.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fakeroot.h"
#include "util.h"

#define CAP 512

static int setup(void **st)
{
	(void)st;
	fr_setup(CAP);
	return 0;
}

static int teardown(void **st)
{
	(void)st;
	fr_teardown();
	return 0;
}

static void assert_armed(uint64_t mib)
{
	assert_int_equal(fr_allocated_mib(), mib);
	assert_true(fr_loaded());
	assert_non_null(strstr(fr_read("proc/iomem"), "Crash kernel"));
}

static void assert_nothing_held(void)
{
	assert_int_equal(fr_allocated_mib(), 0);
	assert_false(fr_loaded());
	assert_null(strstr(fr_read("proc/iomem"), "Crash kernel"));
}

/* The last kexec call, from its log. */
static const char *last_kexec(void)
{
	static char line[4096];
	const char *log = fr_read("kexec.log"), *p;
	size_t n = strlen(log);

	if (n && log[n - 1] == '\n')
		n--;
	for (p = log + n; p > log && p[-1] != '\n'; p--)
		;
	snprintf(line, sizeof(line), "%.*s", (int)(log + n - p), p);
	return line;
}

/* Armed at 64 MiB, then the area cannot grow: 64 MiB stay armed. */
static void alloc_fails_keeps_old(void **st)
{
	unsigned int allocs;

	(void)st;
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	fr_k.enomem = -1;
	assert_int_equal(fr_main("start", "--size", "240", "--retries", "1",
				 NULL), KC_EXIT_ALLOC);
	assert_armed(64);
	assert_err_has("cannot allocate 240 MiB");
	assert_err_has("the crash kernel loaded before is armed again at 64 MiB");
	/* The state still describes it: the same start is a no-op. */
	fr_k.enomem = 0;
	allocs = fr_k.allocs;
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	assert_err_has("nothing to do");
	assert_int_equal(fr_k.allocs, allocs);
}

/*
 * A grow to more than the area has beside the range held cannot be had
 * in place (the kernel allocates the new range before it frees the
 * old): freed first, it succeeds.
 */
static void grow_beyond_room(void **st)
{
	(void)st;
	assert_int_equal(fr_main("start", "--size", "320", NULL), KC_EXIT_OK);
	assert_int_equal(fr_main("start", "--size", "384", NULL), KC_EXIT_OK);
	assert_armed(384);
	assert_err_has("needs 384 MiB beside the 320 MiB held");
	assert_err_has("freeing first");
}

/* ... and when the larger size cannot be had, the old one comes back. */
static void grow_beyond_room_fails(void **st)
{
	(void)st;
	assert_int_equal(fr_main("start", "--size", "320", NULL), KC_EXIT_OK);
	fr_k.enomem_above = 352;	/* pages pinned in the rest */
	assert_int_equal(fr_main("start", "--size", "384", "--retries", "0",
				 NULL), KC_EXIT_ALLOC);
	assert_armed(320);
	assert_err_has("cannot allocate 384 MiB");
	assert_err_has("the crash kernel loaded before is armed again at 320 MiB");
}

/* A size known not to fit is refused before anything is unloaded. */
static void too_big_never_unloads(void **st)
{
	(void)st;
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	assert_int_equal(fr_main("start", "--size", "1024", NULL),
			 KC_EXIT_TOOSMALL);
	assert_armed(64);
	assert_int_equal(fr_kexec_calls(), 1);
}

/* The new image fails to load: the old one comes back at 64 MiB. */
static void load_fails_keeps_old(void **st)
{
	(void)st;
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	fr_write("inject/kexec-fail-if", "failme");
	assert_int_equal(fr_main("start", "--size", "128", "--append",
				 "failme", NULL), KC_EXIT_LOAD);
	assert_armed(64);
	assert_null(strstr(last_kexec(), "failme"));
	assert_null(strstr(last_kexec(), "-u"));
	assert_err_has("loading the crash kernel with direct failed");
	assert_err_has("armed again at 64 MiB");
}

/* Through a front end, the front end loads the old image again. */
static void frontend_keeps_old(void **st)
{
	(void)st;
	fr_install_frontend("usr/bin/kdumpctl", "kdumpctl", "start", "stop");
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	fr_k.enomem = -1;
	assert_int_equal(fr_main("start", "--size", "240", "--retries", "0",
				 NULL), KC_EXIT_ALLOC);
	assert_armed(64);
	assert_string_equal(fr_read("frontend.log"),
			    "kdumpctl start\nkdumpctl stop\nkdumpctl start\n");
}

/* When even the old image cannot be loaded again, nothing is held. */
static void old_cannot_come_back(void **st)
{
	(void)st;
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	fr_touch("inject/kexec-fail");
	assert_int_equal(fr_main("start", "--size", "128", NULL),
			 KC_EXIT_LOAD);
	assert_nothing_held();
	assert_err_has("could not be loaded again, so the area was freed");
	assert_false(fr_exists("run/kexeccma.state"));
}

/* A crash kernel loaded by hand cannot be reloaded: nothing is held. */
static void unknown_old_is_freed(void **st)
{
	(void)st;
	assert_int_equal(fr_main("allocate", "--size", "32", NULL),
			 KC_EXIT_OK);
	fr_write("sys/kernel/kexec_crash_loaded", "1\n");
	fr_remove("run/kexeccma.state");
	fr_k.enomem = -1;
	assert_int_equal(fr_main("start", "--size", "64", "--retries", "0",
				 NULL), KC_EXIT_ALLOC);
	assert_nothing_held();
	assert_err_has("the area was freed");
}

/* SIGTERM while the initrd is unpacked: nothing allocated or loaded. */
static void signal_while_sizing(void **st)
{
	(void)st;
	fr_make_signalled_initrd("boot/initrd.img-" FR_KVER);
	assert_int_equal(fr_main("start", NULL), KC_EXIT_INTERRUPTED);
	assert_err_has("interrupted by SIGTERM while sizing the initrd; nothing was changed");
	assert_null(strstr(fr_errbuf, "status 271"));
	assert_int_equal(fr_k.allocs, 0);
	assert_int_equal(fr_kexec_calls(), 0);
	assert_nothing_held();
	assert_int_equal(fr_main("estimate", NULL), KC_EXIT_INTERRUPTED);
	assert_int_equal(fr_main("allocate", NULL), KC_EXIT_INTERRUPTED);
	assert_int_equal(fr_k.allocs, 0);
}

/* The same while armed: the arm is not even unloaded. */
static void signal_while_sizing_armed(void **st)
{
	char other[512];

	(void)st;
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	fr_make_signalled_initrd("boot/initrd-other.img");
	snprintf(other, sizeof(other), "%s/boot/initrd-other.img", fr_root);
	assert_int_equal(fr_main("start", "--initrd", other, NULL),
			 KC_EXIT_INTERRUPTED);
	assert_armed(64);
	assert_int_equal(fr_kexec_calls(), 1);
}

/* A decompressor killed by something else is no interruption. */
static void decompressor_killed_alone(void **st)
{
	(void)st;
	fr_make_zstd_stub("boot/initrd.img-" FR_KVER);
	fr_write_mode("usr/bin/zstd", "#!/bin/sh\nkill -KILL $$\n", 0755);
	assert_int_equal(fr_main("estimate", NULL), KC_EXIT_FAIL);
	assert_err_has("zstd was killed by signal 9");
}

/* SIGTERM during the allocation, nothing armed before. */
static void signal_while_allocating(void **st)
{
	(void)st;
	fr_k.interrupt = true;
	assert_int_equal(fr_main("start", "--size", "64", NULL),
			 KC_EXIT_INTERRUPTED);
	assert_nothing_held();
	assert_err_has("interrupted by SIGTERM while allocating the crash area; the area was freed");
}

/* SIGTERM during the allocation of a re-arm: 64 MiB armed again. */
static void signal_while_allocating_armed(void **st)
{
	(void)st;
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	fr_k.interrupt = true;
	assert_int_equal(fr_main("start", "--size", "128", NULL),
			 KC_EXIT_INTERRUPTED);
	assert_armed(64);
	assert_err_has("armed again at 64 MiB");
}

/* SIGTERM to the helper and kexec while kexec loads: exit 10, not 7. */
static void signal_while_loading(void **st)
{
	(void)st;
	fr_touch("inject/kexec-signal-load");
	assert_int_equal(fr_main("start", "--size", "64", NULL),
			 KC_EXIT_INTERRUPTED);
	assert_nothing_held();
	assert_err_has("interrupted by SIGTERM while loading the crash kernel; the area was freed");
	assert_null(strstr(fr_errbuf, "check the kernel and initrd"));
}

static void signal_while_loading_armed(void **st)
{
	(void)st;
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	fr_touch("inject/kexec-signal-load");
	assert_int_equal(fr_main("start", "--size", "128", NULL),
			 KC_EXIT_INTERRUPTED);
	assert_armed(64);
	assert_err_has("interrupted by SIGTERM while loading the crash kernel; the crash kernel loaded before is armed again at 64 MiB");
}

/* SIGTERM while the old image is unloaded for the resize. */
static void signal_while_unloading(void **st)
{
	(void)st;
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	fr_touch("inject/kexec-signal-unload");
	assert_int_equal(fr_main("start", "--size", "128", NULL),
			 KC_EXIT_INTERRUPTED);
	assert_armed(64);
	assert_err_has("interrupted by SIGTERM while unloading");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(alloc_fails_keeps_old),
		T(grow_beyond_room),
		T(grow_beyond_room_fails),
		T(too_big_never_unloads),
		T(load_fails_keeps_old),
		T(frontend_keeps_old),
		T(old_cannot_come_back),
		T(unknown_old_is_freed),
		T(signal_while_sizing),
		T(signal_while_sizing_armed),
		T(decompressor_killed_alone),
		T(signal_while_allocating),
		T(signal_while_allocating_armed),
		T(signal_while_loading),
		T(signal_while_loading_armed),
		T(signal_while_unloading),
	};

	return cmocka_run_group_tests_name("rearm", tests, NULL, NULL);
}
