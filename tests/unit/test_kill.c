// SPDX-License-Identifier: GPL-2.0-only
/*
 * The helper killed with SIGKILL between its steps. Nothing can run after
 * a SIGKILL, so what matters is what comes next: whatever state the kill
 * left behind (area held with nothing loaded, a crash kernel loaded and
 * no state file, a half-done stop), a later stop must leave nothing held
 * and a later start must arm consistently, and the lock of the killed
 * process must not be in the way.
 *
 * The helper runs in a forked child in its own process group; a hang
 * point of the fake kernel or the fake kexec (fr_hang_point) holds it at
 * a step, and the whole group is killed there, as systemd kills a
 * service's control group. One case kills the helper alone and lets its
 * kexec finish, the other order of events.
 */
#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "fakeroot.h"
#include "util.h"

#define CAP 512

struct kill_case {
	const char *name;
	const char *first;	/* the command that is killed */
	const char *point;	/* where (fr_hang_point) */
	bool enomem;		/* allocation fails forever (killed retrying) */
	bool group;		/* kill the process group, not the helper only */
	const char *then;	/* the recovering command: start or stop */
};

static uint64_t allocated_mib(void)
{
	return fr_read_u64("sys/kernel/kexec_crash_size") >> 20;
}

static bool loaded(void)
{
	return fr_read_u64("sys/kernel/kexec_crash_loaded") == 1;
}

static bool iomem_has_range(void)
{
	return strstr(fr_read("proc/iomem"), "Crash kernel") != NULL;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Wait up to 10 s for inject/at-POINT. */
static bool reached(const char *point)
{
	char rel[64];
	int i;

	snprintf(rel, sizeof(rel), "inject/at-%s", point);
	for (i = 0; i < 1000; i++) {
		if (fr_exists(rel))
			return true;
		sleep_ms(10);
	}
	return false;
}

/* Run "kexeccma CMD --size 64" in a child, kill it at the hang point. */
static void run_and_kill(const struct kill_case *k)
{
	char rel[64];
	pid_t child;
	int status;

	if (!strcmp(k->first, "stop"))
		assert_int_equal(fr_main("start", "--size", "64", NULL),
				 KC_EXIT_OK);
	if (k->point) {
		snprintf(rel, sizeof(rel), "inject/hang-%s", k->point);
		fr_write(rel, k->group ? "60" : "1");
	}
	fflush(NULL);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		setpgid(0, 0);
		if (k->enomem)
			fr_k.enomem = -1;
		if (!strcmp(k->first, "stop"))
			_exit(fr_main("stop", NULL));
		_exit(fr_main(k->first, "--size", "64", "--retries", "20",
			      NULL));
	}
	setpgid(child, child);
	if (k->point)
		assert_true(reached(k->point));
	else
		sleep_ms(300);	/* into the retry loop */
	if (k->group)
		kill(-child, SIGKILL);
	else
		kill(child, SIGKILL);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFSIGNALED(status));
	if (k->point) {
		snprintf(rel, sizeof(rel), "inject/hang-%s", k->point);
		fr_remove(rel);
	}
	if (!k->group)
		sleep_ms(1500);	/* the orphaned kexec finishes */
}

static void killed_then_recovered(void **st)
{
	const struct kill_case *k = *st;

	fr_setup(CAP);
	run_and_kill(k);
	print_message("# %s: after the kill: %" PRIu64 " MiB allocated, loaded %d\n",
		      k->name, allocated_mib(), loaded());
	/* The kernel's two views of the area never disagree. */
	assert_int_equal(allocated_mib() != 0, iomem_has_range());
	/* The dead helper's lock is gone with it. */
	if (!strcmp(k->then, "stop")) {
		assert_int_equal(fr_main("stop", "--lock-timeout", "0", NULL),
				 KC_EXIT_OK);
		assert_int_equal(allocated_mib(), 0);
		assert_false(loaded());
		assert_false(iomem_has_range());
		assert_false(fr_exists("run/kexeccma.state"));
	} else {
		assert_int_equal(fr_main("start", "--size", "64",
					 "--lock-timeout", "0", NULL),
				 KC_EXIT_OK);
		assert_int_equal(allocated_mib(), 64);
		assert_true(loaded());
		assert_true(iomem_has_range());
		assert_true(fr_exists("run/kexeccma.state"));
		/* And a start after that is a no-op, a stop frees all. */
		assert_int_equal(fr_main("start", "--size", "64", NULL),
				 KC_EXIT_OK);
		assert_int_equal(fr_main("stop", NULL), KC_EXIT_OK);
		assert_int_equal(allocated_mib(), 0);
		assert_false(loaded());
	}
	fr_teardown();
}

#define K(n, f, p, e, g, t) { n, f, p, e, g, t }
static const struct kill_case cases[] = {
	/* start: while retrying, after the kernel allocated, in kexec. */
	K("start retrying, stop", "start", NULL, true, true, "stop"),
	K("start retrying, start", "start", NULL, true, true, "start"),
	K("start allocated, stop", "start", "alloc", false, true, "stop"),
	K("start allocated, start", "start", "alloc", false, true, "start"),
	K("start before load, stop", "start", "load-before", false, true, "stop"),
	K("start before load, start", "start", "load-before", false, true, "start"),
	K("start after load, stop", "start", "load-after", false, true, "stop"),
	K("start after load, start", "start", "load-after", false, true, "start"),
	/* The helper alone dies; its kexec goes on and loads. */
	K("start, kexec outlives it, stop", "start", "load-before", false, false, "stop"),
	K("start, kexec outlives it, start", "start", "load-before", false, false, "start"),
	/* allocate (ExecStartPre=) after the kernel allocated. */
	K("allocate allocated, stop", "allocate", "alloc", false, true, "stop"),
	K("allocate allocated, start", "allocate", "alloc", false, true, "start"),
	/* stop: in the unload, after it, after the free. */
	K("stop before unload, stop", "stop", "unload-before", false, true, "stop"),
	K("stop before unload, start", "stop", "unload-before", false, true, "start"),
	K("stop after unload, stop", "stop", "unload-after", false, true, "stop"),
	K("stop after unload, start", "stop", "unload-after", false, true, "start"),
	K("stop after free, stop", "stop", "free", false, true, "stop"),
	K("stop after free, start", "stop", "free", false, true, "start"),
	K("stop, kexec outlives it, stop", "stop", "unload-before", false, false, "stop"),
	K("stop, kexec outlives it, start", "stop", "unload-before", false, false, "start"),
};

int main(void)
{
	struct CMUnitTest tests[sizeof(cases) / sizeof(cases[0])];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tests[i] = (struct CMUnitTest)cmocka_unit_test(killed_then_recovered);
		tests[i].name = cases[i].name;
		tests[i].initial_state = (void *)&cases[i];
	}
	return _cmocka_run_group_tests("kill", tests, i, NULL, NULL);
}
