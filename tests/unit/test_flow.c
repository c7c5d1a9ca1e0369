// SPDX-License-Identifier: GPL-2.0-only
/*
 * start/stop/status/allocate/release against a fake root, a fake kexec
 * and a fake kernel: the happy paths and every rollback path. After every
 * failed start the invariant is checked: nothing allocated and nothing
 * loaded (never memory held with no crash kernel, never a crash kernel
 * with no area).
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "arch.h"
#include "estimate.h"
#include "fakeroot.h"
#include "luksdump.h"
#include "mkbzimage.h"
#include "sysfs.h"
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

static uint64_t allocated_mib(void)
{
	return fr_read_u64("sys/kernel/kexec_crash_size") >> 20;
}

static bool loaded(void)
{
	return fr_read_u64("sys/kernel/kexec_crash_loaded") == 1;
}

/* Neither half of a start may survive a failed one. */
static void assert_nothing_held(void)
{
	assert_int_equal(allocated_mib(), 0);
	assert_false(loaded());
	assert_null(strstr(fr_read("proc/iomem"), "Crash kernel"));
}

static void start_direct_ok(void **st)
{
	(void)st;
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	assert_int_equal(allocated_mib(), 64);
	assert_true(loaded());
	assert_non_null(strstr(fr_read("proc/iomem"), "Crash kernel"));
	/* The capture command line and the files reached kexec. */
	assert_non_null(strstr(fr_read("kexec.log"), "cma=0"));
	assert_non_null(strstr(fr_read("kexec.log"), "nr_cpus=1"));
	assert_null(strstr(fr_read("kexec.log"), "crashkernel="));
	assert_non_null(strstr(fr_read("kexec.log"),
			       "--initrd=" ));
	assert_true(fr_exists("run/kexeccma.state"));
}

/* File type and permission bits of a path below the fake root. */
static unsigned int type_mode_of(const char *rel)
{
	char p[512];
	struct stat sb;

	snprintf(p, sizeof(p), "%s/%s", fr_root, rel);
	assert_int_equal(lstat(p, &sb), 0);
	return sb.st_mode & (S_IFMT | 0777);
}

static void state_file_is_private(void **st)
{
	(void)st;
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	assert_int_equal(type_mode_of("run/kexeccma.state"), S_IFREG | 0600);
	assert_int_equal(type_mode_of("run/kexeccma.lock") & 0777, 0600);
}

/*
 * Every arm is also kept in /var/lib/kexeccma/armed, where the capture
 * finds it: the state file's text, readable by all, removed by stop.
 */
static void armed_file_written(void **st)
{
	char p[512], state[4096];

	(void)st;
	assert_false(fr_exists("var/lib/kexeccma"));
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	snprintf(state, sizeof(state), "%s", fr_read("run/kexeccma.state"));
	assert_string_equal(fr_read("var/lib/kexeccma/armed"), state);
	assert_non_null(strstr(state, "backend=direct\nsize_mib=64\n"));
	assert_non_null(strstr(state, "initrd_id="));
	assert_int_equal(type_mode_of("var/lib/kexeccma/armed"),
			 S_IFREG | 0644);
	assert_int_equal(type_mode_of("var/lib/kexeccma") & 0777, 0755);
	/* A start that finds it armed (a service's) writes it too. */
	fr_remove("var/lib/kexeccma/armed");
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	assert_err_has("nothing to do");
	assert_string_equal(fr_read("var/lib/kexeccma/armed"), state);
	/* stop removes it; a new arm replaces it. */
	assert_int_equal(fr_main("stop", NULL), KC_EXIT_OK);
	assert_false(fr_exists("var/lib/kexeccma/armed"));
	assert_int_equal(fr_main("start", "--size", "96", NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_read("var/lib/kexeccma/armed"),
			       "size_mib=96\n"));
	/*
	 * A failed start whose re-arm of the last one fails too (the
	 * injected failure stays) leaves nothing armed, and no arm file.
	 */
	fr_touch("inject/kexec-fail");
	assert_int_equal(fr_main("start", "--size", "128", NULL),
			 KC_EXIT_LOAD);
	assert_false(loaded());
	assert_false(fr_exists("var/lib/kexeccma/armed"));
	fr_remove("inject/kexec-fail");
	/* It cannot be written: a warning, and the arm stands. */
	snprintf(p, sizeof(p), "%s/var/lib/kexeccma", fr_root);
	assert_int_equal(rmdir(p), 0);
	fr_write("var/lib/kexeccma", "not a directory\n");
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	assert_err_has("warning: cannot write /var/lib/kexeccma/armed");
	assert_true(loaded());
	assert_int_equal(allocated_mib(), 64);
}

static void second_start_is_noop(void **st)
{
	unsigned int calls;

	(void)st;
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	calls = fr_kexec_calls();
	assert_int_equal(fr_main("start", "--size", "64", "--json", NULL),
			 KC_EXIT_OK);
	assert_int_equal(fr_kexec_calls(), calls);
	assert_int_equal(fr_k.allocs, 1);
	assert_err_has("nothing to do");
	assert_non_null(strstr(fr_out, "\"result\":\"already-armed\""));
}

static void changed_size_reloads(void **st)
{
	(void)st;
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	assert_int_equal(fr_main("start", "--size", "128", NULL), KC_EXIT_OK);
	assert_int_equal(allocated_mib(), 128);
	assert_true(loaded());
	/* load, unload, load */
	assert_int_equal(fr_kexec_calls(), 3);
}

static void changed_initrd_reloads(void **st)
{
	(void)st;
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	fr_write("boot/initrd.img-" FR_KVER, "");
	assert_int_equal(fr_main("start", "--size", "64", "--initrd", "none",
				 NULL), KC_EXIT_OK);
	assert_int_equal(fr_kexec_calls(), 3);
	assert_true(loaded());
}

static void stop_frees_and_is_idempotent(void **st)
{
	(void)st;
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	assert_int_equal(fr_main("stop", "--json", NULL), KC_EXIT_OK);
	assert_nothing_held();
	assert_false(fr_exists("run/kexeccma.state"));
	assert_non_null(strstr(fr_out, "\"result\":\"stopped\""));
	assert_int_equal(fr_main("stop", "--json", NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "\"result\":\"already-stopped\""));
	assert_nothing_held();
}

static void kexec_fails_rolls_back(void **st)
{
	(void)st;
	fr_touch("inject/kexec-fail");
	assert_int_equal(fr_main("start", "--size", "64", NULL),
			 KC_EXIT_LOAD);
	assert_nothing_held();
	assert_int_equal(fr_k.frees, 1);
	assert_err_has("loading the crash kernel with direct failed");
	assert_false(fr_exists("run/kexeccma.state"));
	/* Machine-readable failure on stdout. */
	assert_int_equal(fr_main("start", "--size", "64", "--json", NULL),
			 KC_EXIT_LOAD);
	assert_string_equal(fr_out, "{\"result\":\"failed\",\"exit\":7}\n");
	assert_nothing_held();
}

static void kexec_exit_255_is_not_a_signal(void **st)
{
	(void)st;
	fr_write("inject/kexec-exit", "255\n");
	assert_int_equal(fr_main("start", "--size", "64", NULL),
			 KC_EXIT_LOAD);
	assert_err_has("kexec -p failed with exit status 255");
	assert_nothing_held();
}

static void kexec_loads_then_fails_rolls_back(void **st)
{
	(void)st;
	fr_touch("inject/kexec-load-then-fail");
	assert_int_equal(fr_main("start", "--size", "64", NULL),
			 KC_EXIT_LOAD);
	/* It unloaded before freeing (the kernel refuses the reverse). */
	assert_non_null(strstr(fr_read("kexec.log"), "-p -u"));
	assert_nothing_held();
}

static void rollback_unload_fails(void **st)
{
	(void)st;
	fr_touch("inject/kexec-load-then-fail");
	fr_touch("inject/unload-fail");
	assert_int_equal(fr_main("start", "--size", "64", NULL),
			 KC_EXIT_INCONSISTENT);
	/* The area stays with the loaded kernel: never a kernel without. */
	assert_true(loaded());
	assert_int_equal(allocated_mib(), 64);
	assert_err_has("kexeccma stop");
	unlink(strcat(strcpy(fr_errbuf, fr_root), "/inject/unload-fail"));
	unlink(strcat(strcpy(fr_errbuf, fr_root),
		      "/inject/kexec-load-then-fail"));
	assert_int_equal(fr_main("stop", NULL), KC_EXIT_OK);
	assert_nothing_held();
}

static void rollback_free_fails(void **st)
{
	(void)st;
	fr_touch("inject/kexec-fail");
	fr_k.ebusy_free = -1;
	assert_int_equal(fr_main("start", "--size", "64", NULL),
			 KC_EXIT_INCONSISTENT);
	assert_false(loaded());
	assert_err_has("still allocated");
	fr_k.ebusy_free = 0;
	assert_int_equal(fr_main("stop", NULL), KC_EXIT_OK);
	assert_nothing_held();
}

/*
 * kexec_crash_size reads fail with EBUSY while another task holds the
 * kexec lock (a kdump front end loading, a resize migrating pages): the
 * helper waits for it rather than failing.
 */
static void busy_reads_are_retried(void **st)
{
	(void)st;
	fr_k.ebusy_read = 5;
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	assert_true(loaded());
	assert_int_equal(allocated_mib(), 64);
	assert_int_equal(fr_k.ebusy_read, 0);
	fr_k.ebusy_read = 3;
	assert_int_equal(fr_main("status", NULL), KC_EXIT_OK);
	fr_k.ebusy_read = 3;
	assert_int_equal(fr_main("stop", NULL), KC_EXIT_OK);
	assert_nothing_held();
	assert_null(strstr(fr_errbuf, "busy"));
}

/*
 * From Linux 6.5 on kexec_crash_size reads the main range plus the low
 * companion below 4G: the helper must still see the size it asked for.
 */
static void low_companion_summed(void **st)
{
	(void)st;
	fr_k.low_mib = 256;
	fr_k.read_sums = true;
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	assert_int_equal(fr_read_u64("sys/kernel/kexec_crash_size") >> 20,
			 64 + 256);
	assert_true(loaded());
	assert_int_equal(fr_main("status", "--json", NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "\"allocated_bytes\":67108864"));
	/* Nothing changed: a second start sees the same size, a no-op. */
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	assert_int_equal(fr_k.allocs, 1);
	assert_int_equal(fr_main("stop", NULL), KC_EXIT_OK);
	assert_nothing_held();
	/* The same with a 6.1 kernel, which reads the main range only. */
	fr_k.read_sums = false;
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	assert_int_equal(allocated_mib(), 64);
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	assert_int_equal(fr_k.allocs, 2);
}

static void enomem_then_success(void **st)
{
	(void)st;
	fr_k.enomem = 2;
	assert_int_equal(fr_main("start", "--size", "64", "--json", NULL),
			 KC_EXIT_OK);
	assert_int_equal(fr_k.allocs, 3);
	assert_err_has("attempt 1/4: allocating 64 MiB failed");
	assert_err_has("attempt 2/4: allocating 64 MiB failed");
	assert_err_has("attempt 3/4: allocated 64 MiB");
	assert_string_equal(fr_read("proc/sys/vm/compact_memory"), "1\n");
	/* Dropping every workload's page cache is opt-in. */
	assert_string_equal(fr_read("proc/sys/vm/drop_caches"), "");
	assert_non_null(strstr(fr_out, "\"attempts\":3"));
	assert_true(loaded());
}

static void drop_caches_when_configured(void **st)
{
	(void)st;
	fr_write("etc/kexeccma.conf", "drop_caches = yes\n");
	fr_k.enomem = 1;
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	/* Not before the second retry. */
	assert_string_equal(fr_read("proc/sys/vm/drop_caches"), "");
	assert_int_equal(fr_main("stop", NULL), KC_EXIT_OK);
	fr_k.enomem = 2;
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	assert_string_equal(fr_read("proc/sys/vm/drop_caches"), "3\n");
	fr_write("etc/kexeccma.conf", "drop_caches = maybe\n");
	assert_int_equal(fr_main("status", NULL), KC_EXIT_CONFIG);
	assert_err_has("drop_caches \"maybe\" is not yes or no");
}

static void enomem_forever(void **st)
{
	(void)st;
	fr_k.enomem = -1;
	assert_int_equal(fr_main("start", "--size", "64", "--retries", "2",
				 NULL), KC_EXIT_ALLOC);
	assert_int_equal(fr_k.allocs, 3);
	assert_int_equal(fr_kexec_calls(), 0);
	assert_nothing_held();
	assert_err_has("after 3 attempts");
}

static void no_retry_when_zero(void **st)
{
	(void)st;
	fr_k.enomem = -1;
	assert_int_equal(fr_main("start", "--size", "64", "--retries", "0",
				 NULL), KC_EXIT_ALLOC);
	assert_int_equal(fr_k.allocs, 1);
	assert_string_equal(fr_read("proc/sys/vm/compact_memory"), "");
}

static void size_too_big(void **st)
{
	(void)st;
	assert_int_equal(fr_main("start", "--size", "1024", NULL),
			 KC_EXIT_TOOSMALL);
	assert_int_equal(fr_k.allocs, 0);
	assert_int_equal(fr_kexec_calls(), 0);
	assert_err_has("exceeds the crash CMA area of 512 MiB");
	assert_nothing_held();
}

static void size_invalid(void **st)
{
	(void)st;
	assert_int_equal(fr_main("start", "--size", "20", NULL),
			 KC_EXIT_USAGE);
	assert_err_has("\"20\"");
	assert_int_equal(fr_main("start", "--size", "99999999999999999999",
				 NULL), KC_EXIT_USAGE);
	assert_int_equal(fr_main("start", "--size", "-16", NULL),
			 KC_EXIT_USAGE);
	assert_int_equal(fr_main("start", "--size", "0", NULL),
			 KC_EXIT_USAGE);
	assert_int_equal(fr_main("start", "--size", "1G", NULL),
			 KC_EXIT_TOOSMALL);
	assert_int_equal(fr_k.allocs, 0);
}

static void loaded_by_hand(void **st)
{
	(void)st;
	/* Someone allocated 32 MiB and loaded a kernel without us. */
	fr_k.capacity_mib = CAP;
	assert_int_equal(fr_main("allocate", "--size", "32", NULL),
			 KC_EXIT_OK);
	fr_write("sys/kernel/kexec_crash_loaded", "1\n");
	fr_write("run/kexeccma.state", "");
	unlink(strcat(strcpy(fr_errbuf, fr_root), "/run/kexeccma.state"));
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	assert_int_equal(allocated_mib(), 64);
	assert_true(loaded());
	assert_non_null(strstr(fr_read("kexec.log"), "-p -u"));
}

static void lock_held(void **st)
{
	char p[512];
	int fd;

	(void)st;
	snprintf(p, sizeof(p), "%s/run/kexeccma.lock", fr_root);
	fd = open(p, O_RDWR | O_CREAT, 0600);
	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_EX), 0);
	assert_int_equal(fr_main("start", "--size", "64", "--lock-timeout",
				 "0", NULL), KC_EXIT_LOCKED);
	assert_int_equal(fr_main("stop", "--lock-timeout", "0", NULL),
			 KC_EXIT_LOCKED);
	assert_err_has("another kexeccma holds");
	assert_int_equal(fr_k.allocs, 0);
	close(fd);
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
}

static void signal_ends_lock_wait(void **st)
{
	char p[512];
	pid_t parent = getpid(), child;
	int fd;

	(void)st;
	snprintf(p, sizeof(p), "%s/run/kexeccma.lock", fr_root);
	fd = open(p, O_RDWR | O_CREAT, 0600);
	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_EX), 0);
	child = fork();
	if (child == 0) {
		usleep(300000);
		kill(parent, SIGTERM);
		_exit(0);
	}
	assert_int_equal(fr_main("start", "--size", "64", "--lock-timeout",
				 "30", NULL), KC_EXIT_INTERRUPTED);
	waitpid(child, NULL, 0);
	assert_err_has("interrupted by SIGTERM while waiting");
	assert_int_equal(fr_k.allocs, 0);
	close(fd);
}

static void lock_symlink_refused(void **st)
{
	char p[512], victim[512];

	(void)st;
	snprintf(p, sizeof(p), "%s/run/kexeccma.lock", fr_root);
	snprintf(victim, sizeof(victim), "%s/victim", fr_root);
	fr_write("victim", "precious\n");
	assert_int_equal(symlink(victim, p), 0);
	assert_int_equal(fr_main("start", "--size", "64", NULL),
			 KC_EXIT_FAIL);
	assert_string_equal(fr_read("victim"), "precious\n");
	assert_int_equal(fr_k.allocs, 0);
}

static void state_symlink_not_followed(void **st)
{
	char p[512], victim[512];
	struct stat sb;

	(void)st;
	snprintf(p, sizeof(p), "%s/run/kexeccma.state", fr_root);
	snprintf(victim, sizeof(victim), "%s/victim", fr_root);
	fr_write("victim", "precious\n");
	assert_int_equal(symlink(victim, p), 0);
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	assert_string_equal(fr_read("victim"), "precious\n");
	/* The symlink was replaced by a regular file. */
	assert_int_equal(lstat(p, &sb), 0);
	assert_true(S_ISREG(sb.st_mode));
	assert_int_equal(fr_main("stop", NULL), KC_EXIT_OK);
	assert_string_equal(fr_read("victim"), "precious\n");
}

static void not_cma_mode(void **st)
{
	(void)st;
	fr_write("sys/kernel/kexec_crash_cma_size", "0\n");
	assert_int_equal(fr_main("start", "--size", "64", NULL),
			 KC_EXIT_NOTCMA);
	assert_err_has("classic");
	assert_int_equal(fr_main("stop", NULL), KC_EXIT_OK);
	assert_int_equal(fr_k.frees, 0);
	assert_int_equal(fr_main("allocate", NULL), KC_EXIT_NOTCMA);
	fr_write("proc/cmdline", "root=/dev/vda\n");
	assert_int_equal(fr_main("start", NULL), KC_EXIT_NOTCMA);
	assert_err_has("no crash CMA area");
	assert_int_equal(fr_main("--json", "status", NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "\"mode\":\"none\""));
	/* Why there is no estimate. */
	unlink(strcat(strcpy(fr_errbuf, fr_root),
		      "/boot/vmlinuz-" FR_KVER));
	assert_int_equal(fr_main("status", NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "estimate:    unavailable: no crash kernel found"));
}

static void iomem_lies(void **st)
{
	(void)st;
	fr_k.lie_iomem = true;
	assert_int_equal(fr_main("start", "--size", "64", NULL),
			 KC_EXIT_ALLOC);
	assert_err_has("no \"Crash kernel\" range of 64 MiB");
	assert_nothing_held();
	assert_int_equal(fr_kexec_calls(), 0);
}

static void interrupted_rolls_back(void **st)
{
	(void)st;
	fr_k.interrupt = true;
	assert_int_equal(fr_main("start", "--size", "64", NULL),
			 KC_EXIT_INTERRUPTED);
	assert_nothing_held();
}

static void garbage_sysfs(void **st)
{
	(void)st;
	fr_write("sys/kernel/kexec_crash_size", "12abc\n");
	assert_int_equal(fr_main("start", "--size", "64", NULL),
			 KC_EXIT_FAIL);
	assert_err_has("\"12abc\"");
	fr_write("sys/kernel/kexec_crash_size", "99999999999999999999999\n");
	assert_int_equal(fr_main("status", NULL), KC_EXIT_FAIL);
	fr_write("sys/kernel/kexec_crash_size", "");
	assert_int_equal(fr_main("stop", NULL), KC_EXIT_FAIL);
	fr_write("sys/kernel/kexec_crash_size", "0\n");
	fr_write("sys/kernel/kexec_crash_loaded", "7\n");
	assert_int_equal(fr_main("start", "--size", "64", NULL),
			 KC_EXIT_FAIL);
	assert_int_equal(fr_k.allocs, 0);
}

static void garbage_iomem_rolls_back(void **st)
{
	(void)st;
	/* The check after allocating cannot parse /proc/iomem. */
	fr_k.lie_iomem = true;
	fr_write("proc/iomem", "zzzz\n");
	assert_int_equal(fr_main("start", "--size", "64", NULL),
			 KC_EXIT_ALLOC);
	assert_int_equal(allocated_mib(), 0);
}

static void kdumpctl_backend(void **st)
{
	(void)st;
	fr_install_frontend("usr/bin/kdumpctl", "kdumpctl", "start", "stop");
	/* auto picks the installed front end */
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	assert_string_equal(fr_read("frontend.log"), "kdumpctl start\n");
	assert_true(loaded());
	assert_int_equal(fr_main("status", NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "by kexeccma via kdumpctl"));
	assert_int_equal(fr_main("stop", NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_read("frontend.log"), "kdumpctl stop\n"));
	assert_nothing_held();
}

/* Before kdumpctl built its initrd, the system's stands in for sizing. */
static void kdumpctl_initrd_not_built(void **st)
{
	(void)st;
	fr_install_frontend("usr/bin/kdumpctl", "kdumpctl", "start", "stop");
	assert_int_equal(fr_main("estimate", "--json", NULL), KC_EXIT_OK);
	assert_err_has("the kdumpctl initrd for " FR_KVER " is not built yet");
	assert_non_null(strstr(fr_out, "\"initrd_provisional\":true"));
	/* With no initrd at all there is nothing to size from. */
	fr_remove("boot/initrd.img-" FR_KVER);
	assert_int_equal(fr_main("start", NULL), KC_EXIT_FAIL);
	assert_err_has("kdumpctl rebuild");
	assert_int_equal(fr_k.allocs, 0);
	/* A size given needs no initrd to size from. */
	assert_int_equal(fr_main("estimate", "--initrd", "none", NULL),
			 KC_EXIT_OK);
}

/* Whether the estimate counts the initrd twice (tmpfs_cap). */
static bool tmpfs_counted(const char *backend)
{
	assert_int_equal(fr_main("estimate", "--json", "--backend", backend,
				 NULL), KC_EXIT_OK);
	return !strstr(fr_out, "\"tmpfs_cap\":0,");
}

/*
 * The tmpfs term follows the command line the backend passes: kdumpctl
 * always drops root=, kdump-config keeps /proc/cmdline's, direct passes
 * the helper's own (which keeps root= unless cmdline= drops it).
 */
static void tmpfs_per_backend(void **st)
{
	(void)st;
	fr_install_frontend("usr/bin/kdumpctl", "kdumpctl", "start", "stop");
	fr_install_frontend("usr/sbin/kdump-config", "kdump-config", "load",
			    "unload");
	fr_make_initrd("boot/initramfs-" FR_KVER "kdump.img");
	fr_make_initrd("var/lib/kdump/initrd.img-" FR_KVER);
	/* /proc/cmdline has root=/dev/vda. */
	assert_true(tmpfs_counted("kdumpctl"));
	assert_false(tmpfs_counted("kdump-config"));
	assert_false(tmpfs_counted("direct"));
	assert_int_equal(fr_main("estimate", "--json", "--backend", "direct",
				 "--cmdline", "console=ttyS0 nr_cpus=1", NULL),
			 KC_EXIT_OK);
	assert_null(strstr(fr_out, "\"tmpfs_cap\":0,"));
	/* Without root= every backend's capture unpacks into a tmpfs. */
	fr_write("proc/cmdline", "ro crashkernel=512M console=ttyS0\n");
	assert_true(tmpfs_counted("kdumpctl"));
	assert_true(tmpfs_counted("kdump-config"));
	assert_true(tmpfs_counted("direct"));
	/* kdumpctl ignores the helper's command line: it builds its own. */
	assert_int_equal(fr_main("estimate", "--json", "--backend", "kdumpctl",
				 "--cmdline", "root=/dev/vda", NULL),
			 KC_EXIT_OK);
	assert_null(strstr(fr_out, "\"tmpfs_cap\":0,"));
}

/*
 * kdumpctl appends KDUMP_COMMANDLINE_APPEND: initramfs_options=size=90%
 * there moves the tmpfs limit, when the capture kernel takes the option
 * (its init data has the name), and not when it does not.
 */
static void tmpfs_initramfs_options(void **st)
{
	struct mk_vmlinux v = {
		1 << 20, 1 << 20, 0x1000, false, false, 0, "gzip",
		"initramfs_options=", 4096
	};
	char path[600];

	(void)st;
	fr_install_frontend("usr/bin/kdumpctl", "kdumpctl", "start", "stop");
	fr_make_initrd("boot/initramfs-" FR_KVER "kdump.img");
	snprintf(path, sizeof(path), "%s/usr/bin/gzip", fr_root);
	assert_int_equal(symlink("/usr/bin/gzip", path), 0);
	snprintf(path, sizeof(path), "%s/boot/vmlinuz-" FR_KVER, fr_root);
	mk_bzimage(path, &v);
	fr_write("etc/sysconfig/kdump",
		 "KDUMP_COMMANDLINE_APPEND=\"irqpoll nr_cpus=1 initramfs_options=size=90%\"\n");
	assert_int_equal(fr_main("estimate", "--json", "--backend", "kdumpctl",
				 NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "\"kernel_initramfs_options\":\"yes\""));
	assert_non_null(strstr(fr_out, "\"tmpfs_limit_pct\":90,"));
	assert_int_equal(fr_main("estimate", "--backend", "kdumpctl", NULL),
			 KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "initramfs_options= to 90% of the memory"));
	/* The direct backend does not read kdumpctl's settings. */
	assert_int_equal(fr_main("estimate", "--json", "--backend", "direct",
				 "--cmdline", "console=ttyS0", NULL),
			 KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "\"tmpfs_limit_pct\":0,"));
	/* A kernel without the option: half the memory, and it says so. */
	v.text = NULL;
	mk_bzimage(path, &v);
	/* Same name, maybe the same times: not the cache's to answer. */
	snprintf(path, sizeof(path), "%s/run/kexeccma.kernel", fr_root);
	unlink(path);
	assert_int_equal(fr_main("estimate", "--backend", "kdumpctl", NULL),
			 KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "this kernel ignores initramfs_options="));
	assert_int_equal(fr_main("estimate", "--json", "--backend", "kdumpctl",
				 NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "\"tmpfs_limit_pct\":0,"));
}

/*
 * An encrypted dump target: the capture unlocks it with argon2, whose
 * memory its LUKS2 header states; without cryptsetup the estimate fails.
 */
static void luks_device_term(void **st)
{
	(void)st;
	assert_int_equal(fr_main("estimate", "--json", NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "\"luks\":0,"));
	assert_non_null(strstr(fr_out, "\"luks_device\":\"\""));
	/* Missing cryptsetup: one line, and nothing is allocated. */
	assert_int_equal(fr_main("start", "--luks-device", "/dev/vdb2", NULL),
			 KC_EXIT_FAIL);
	assert_err_has("cryptsetup not found");
	assert_int_equal(fr_k.allocs, 0);
	fr_install_cryptsetup(fr_luks2_dump);
	assert_int_equal(fr_main("estimate", "--json", "--luks-device",
				 "/dev/vdb2", NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "\"luks\":268435456,"));
	assert_non_null(strstr(fr_out, "\"luks_device\":\"/dev/vdb2\""));
	assert_int_equal(fr_main("estimate", NULL), KC_EXIT_OK);
	assert_null(strstr(fr_out, "LUKS keyslot:"));
	/* From the configuration; the estimate grows by 256 MiB at least. */
	fr_write("etc/kexeccma.conf", "luks_device = /dev/vdb2\n");
	assert_int_equal(fr_main("estimate", NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "LUKS keyslot:         256.0 MiB  argon2 to unlock /dev/vdb2"));
	assert_int_equal(fr_main("start", NULL), KC_EXIT_OK);
	assert_true(allocated_mib() > 256);
	assert_int_equal(fr_main("stop", NULL), KC_EXIT_OK);
	/* A LUKS1 target needs none. */
	fr_install_cryptsetup(fr_luks1_dump);
	assert_int_equal(fr_main("estimate", "--json", NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "\"luks\":0,"));
	/* cryptsetup fails: the estimate does too, never without the term. */
	fr_touch("inject/cryptsetup-fail");
	assert_int_equal(fr_main("estimate", "--json", NULL), KC_EXIT_FAIL);
	assert_string_equal(fr_out, "{\"result\":\"failed\",\"exit\":1}\n");
	assert_err_has("cryptsetup luksDump /dev/vdb2 failed with exit status 1");
	fr_write("etc/kexeccma.conf", "luks_device = vdb2\n");
	assert_int_equal(fr_main("estimate", NULL), KC_EXIT_CONFIG);
	assert_err_has("luks_device \"vdb2\" is not an absolute path");
}

/* Only kdump-tools' capture boots the root's systemd. */
static void root_userspace_kdump_config(void **st)
{
	char want[64];

	(void)st;
	fr_install_frontend("usr/sbin/kdump-config", "kdump-config", "load",
			    "unload");
	fr_make_initrd("var/lib/kdump/initrd.img-" FR_KVER);
	snprintf(want, sizeof(want), "\"root_userspace\":%llu,",
		 (unsigned long long)(KC_EST_ROOT_USERSPACE_MIB << 20));
	assert_int_equal(fr_main("estimate", "--json", NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_out, want));
	assert_int_equal(fr_main("estimate", NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "root userspace:"));
	assert_int_equal(fr_main("estimate", "--json", "--backend", "direct",
				 NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "\"root_userspace\":0,"));
	assert_int_equal(fr_main("estimate", "--backend", "direct", NULL),
			 KC_EXIT_OK);
	assert_null(strstr(fr_out, "root userspace:"));
}

/*
 * kdumpctl loads the kernel KDUMP_KERNELVER in /etc/sysconfig/kdump
 * names, with its initramfs-<it>kdump.img: the helper sizes those, for
 * backend kdumpctl and for direct while kdumpctl is installed.
 */
static void kdumpctl_kernelver(void **st)
{
	char kernel[512];

	(void)st;
	fr_install_frontend("usr/bin/kdumpctl", "kdumpctl", "start", "stop");
	fr_make_bzimage("boot/vmlinuz-6.2.0-other", 20u << 20);
	fr_make_initrd("boot/initramfs-6.2.0-otherkdump.img");
	fr_write("etc/sysconfig/kdump",
		 "# kdumpctl's settings\nKDUMP_KERNELVER=\"6.2.0-other\"\n");
	assert_int_equal(fr_main("estimate", "--json", NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "boot/vmlinuz-6.2.0-other\""));
	assert_non_null(strstr(fr_out, "boot/initramfs-6.2.0-otherkdump.img\""));
	assert_non_null(strstr(fr_out, "\"kernel\":20971520"));
	assert_non_null(strstr(fr_out, "\"initrd_provisional\":false"));
	assert_int_equal(fr_main("estimate", "--json", "--backend", "direct",
				 NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "boot/initramfs-6.2.0-otherkdump.img\""));
	/* kdump-config does not read kdumpctl's file. */
	assert_int_equal(fr_main("estimate", "--json", "--backend",
				 "kdump-config", NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "boot/vmlinuz-" FR_KVER "\""));
	/* Its initrd not built yet: the system's for that release. */
	fr_remove("boot/initramfs-6.2.0-otherkdump.img");
	fr_make_initrd("boot/initrd.img-6.2.0-other");
	assert_int_equal(fr_main("estimate", "--json", NULL), KC_EXIT_OK);
	assert_err_has("the kdumpctl initrd for 6.2.0-other is not built yet");
	assert_non_null(strstr(fr_out, "boot/initrd.img-6.2.0-other\""));
	/* Empty: the running release, as kdumpctl does. */
	fr_write("etc/sysconfig/kdump", "KDUMP_KERNELVER=\n");
	assert_int_equal(fr_main("estimate", "--json", NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "boot/vmlinuz-" FR_KVER "\""));
	/* A release without a kernel, and one that is no release. */
	fr_write("etc/sysconfig/kdump", "KDUMP_KERNELVER=6.9.9\n");
	assert_int_equal(fr_main("estimate", NULL), KC_EXIT_FAIL);
	assert_err_has("no crash kernel found for 6.9.9 (KDUMP_KERNELVER in /etc/sysconfig/kdump)");
	fr_write("etc/sysconfig/kdump", "KDUMP_KERNELVER=../../etc\n");
	assert_int_equal(fr_main("start", NULL), KC_EXIT_FAIL);
	assert_err_has("KDUMP_KERNELVER in /etc/sysconfig/kdump is not a kernel release (it has a '/' or a control character)");
	assert_int_equal(fr_k.allocs, 0);
	/* Both files given: KDUMP_KERNELVER is not needed. */
	snprintf(kernel, sizeof(kernel), "%s/boot/vmlinuz-" FR_KVER, fr_root);
	assert_int_equal(fr_main("estimate", "--kernel", kernel, "--initrd",
				 "none", NULL), KC_EXIT_OK);
}

/*
 * kdump-config reads KDUMP_CMDLINE_APPEND from its environment, where
 * the kdump-tools drop-in sets cma=0: it reaches kdump-config through
 * kexeccma too, and nothing else of the environment does.
 */
static void kdump_config_gets_cmdline_append(void **st)
{
	char t[1024];

	(void)st;
	snprintf(t, sizeof(t),
		 "#!/bin/sh\nR='%s'\n"
		 "echo \"$1 append=${KDUMP_CMDLINE_APPEND-unset} other=${KX_OTHER-unset}\" >>\"$R/env.log\"\n"
		 "case $1 in load) exec \"$R/sbin/kexec\" -p --command-line=fake \"$R/boot/vmlinuz-" FR_KVER "\";;\n"
		 "unload) exec \"$R/sbin/kexec\" -p -u;; esac\nexit 2\n", fr_root);
	fr_write_mode("usr/sbin/kdump-config", t, 0755);
	assert_int_equal(setenv("KDUMP_CMDLINE_APPEND", "nr_cpus=1 cma=0", 1), 0);
	assert_int_equal(setenv("KX_OTHER", "x", 1), 0);
	assert_int_equal(fr_main("start", "--backend", "kdump-config", "--size",
				 "64", NULL), KC_EXIT_OK);
	unsetenv("KDUMP_CMDLINE_APPEND");
	unsetenv("KX_OTHER");
	assert_string_equal(fr_read("env.log"),
			    "load append=nr_cpus=1 cma=0 other=unset\n");
	assert_true(loaded());
}

/* kdump-config load builds a missing KDUMP_INITRD before loading. */
static void kdump_config_initrd_not_built(void **st)
{
	(void)st;
	fr_install_frontend("usr/sbin/kdump-config", "kdump-config", "load",
			    "unload");
	fr_write("etc/default/kdump-tools",
		 "KDUMP_INITRD=/var/lib/kdump/initrd.img\n");
	assert_int_equal(fr_main("start", "--json", NULL), KC_EXIT_OK);
	assert_err_has("the kdump-config initrd for " FR_KVER " is not built yet");
	assert_non_null(strstr(fr_out, "\"initrd_provisional\":true"));
	assert_non_null(strstr(fr_out, "boot/initrd.img-" FR_KVER));
	assert_true(loaded());
	/* Once it exists it is the one sized. */
	assert_int_equal(fr_main("stop", NULL), KC_EXIT_OK);
	fr_make_initrd("var/lib/kdump/initrd.img");
	assert_int_equal(fr_main("estimate", "--json", NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "\"initrd_provisional\":false"));
	assert_non_null(strstr(fr_out, "var/lib/kdump/initrd.img\""));
	/* With none at all: say how kdump-config builds one. */
	fr_remove("var/lib/kdump/initrd.img");
	fr_remove("boot/initrd.img-" FR_KVER);
	assert_int_equal(fr_main("start", NULL), KC_EXIT_FAIL);
	assert_err_has("kdump-config symlinks");
	assert_nothing_held();
}

static void kdumpctl_fails(void **st)
{
	(void)st;
	fr_install_frontend("usr/bin/kdumpctl", "kdumpctl", "start", "stop");
	fr_touch("inject/frontend-fail");
	assert_int_equal(fr_main("start", "--size", "64", "--backend",
				 "kdumpctl", NULL), KC_EXIT_LOAD);
	assert_err_has("kdumpctl start failed with exit status 1");
	assert_nothing_held();
}

static void kdump_config_backend(void **st)
{
	(void)st;
	fr_install_frontend("usr/sbin/kdump-config", "kdump-config", "load",
			    "unload");
	fr_write("etc/default/kdump-tools",
		 "# comment\nKDUMP_KERNEL=/boot/vmlinuz-" FR_KVER
		 "\nKDUMP_INITRD=\n");
	assert_int_equal(fr_main("start", "--json", NULL), KC_EXIT_OK);
	assert_string_equal(fr_read("frontend.log"), "kdump-config load\n");
	assert_non_null(strstr(fr_out, "\"backend\":\"kdump-config\""));
	assert_non_null(strstr(fr_out, "\"initrd\":\"\""));
	assert_true(loaded());
	assert_int_equal(fr_main("release", NULL), KC_EXIT_OK);
	assert_nothing_held();
	/* A cma= on the command line that kdump-config would pass on. */
	fr_write("proc/cmdline", "root=/dev/vda cma=64M crashkernel=512M\n");
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	assert_err_has("add cma=0 to KDUMP_CMDLINE_APPEND");
	assert_int_equal(fr_main("stop", NULL), KC_EXIT_OK);
	fr_write("etc/default/kdump-tools",
		 "KDUMP_INITRD=\nKDUMP_CMDLINE_APPEND=\"nr_cpus=1 cma=0\"\n");
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	assert_null(strstr(fr_errbuf, "KDUMP_CMDLINE_APPEND"));
	assert_int_equal(fr_main("stop", NULL), KC_EXIT_OK);
	/* Unset in the file: the value the service unit put in the
	 * environment is what kdump-config sees. */
	fr_write("etc/default/kdump-tools", "KDUMP_INITRD=\n");
	setenv("KDUMP_CMDLINE_APPEND", "nr_cpus=1 cma=0", 1);
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	assert_null(strstr(fr_errbuf, "KDUMP_CMDLINE_APPEND"));
	assert_int_equal(fr_main("stop", NULL), KC_EXIT_OK);
	/* The file wins over the environment, as kdump-config sources it. */
	fr_write("etc/default/kdump-tools",
		 "KDUMP_INITRD=\nKDUMP_CMDLINE_APPEND=\"nr_cpus=1\"\n");
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	assert_err_has("add cma=0 to KDUMP_CMDLINE_APPEND");
	unsetenv("KDUMP_CMDLINE_APPEND");
}

static void kdumpctl_missing(void **st)
{
	(void)st;
	assert_int_equal(fr_main("start", "--size", "64", "--backend",
				 "kdumpctl", NULL), KC_EXIT_LOAD);
	assert_err_has("kdumpctl not found");
	assert_nothing_held();
	assert_int_equal(fr_k.allocs, 0);
}

static void auto_size_uses_estimate(void **st)
{
	char *p;
	unsigned long est;

	(void)st;
	assert_int_equal(fr_main("estimate", "--json", NULL), KC_EXIT_OK);
	p = strstr(fr_out, "\"size_mib\":");
	assert_non_null(p);
	est = strtoul(p + 11, NULL, 10);
	assert_true(est >= 48 && est % 16 == 0);
	assert_int_equal(fr_main("start", NULL), KC_EXIT_OK);
	assert_int_equal(allocated_mib(), est);
}

static void estimate_too_big_for_capacity(void **st)
{
	(void)st;
	fr_teardown();
	fr_setup(32);
	assert_int_equal(fr_main("start", NULL), KC_EXIT_TOOSMALL);
	assert_err_has("holds only 32 MiB");
	assert_int_equal(fr_k.allocs, 0);
	assert_int_equal(fr_main("estimate", NULL), KC_EXIT_TOOSMALL);
	assert_non_null(strstr(fr_out,
			       "estimate: 48 MiB, does not fit the 32 MiB CMA area"));
}

static void allocate_then_release(void **st)
{
	(void)st;
	assert_int_equal(fr_main("allocate", "--size", "96", NULL),
			 KC_EXIT_OK);
	assert_int_equal(allocated_mib(), 96);
	assert_false(loaded());
	/* Again: no-op. */
	assert_int_equal(fr_main("allocate", "--size", "96", NULL),
			 KC_EXIT_OK);
	assert_int_equal(fr_k.allocs, 1);
	/* Held with nothing loaded, as a bare front-end stop leaves it. */
	assert_int_equal(fr_main("status", NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "run 'kexeccma start' to arm or 'kexeccma release' to free it"));
	/* A loaded kernel is left alone. */
	fr_write("sys/kernel/kexec_crash_loaded", "1\n");
	assert_int_equal(fr_main("allocate", "--size", "128", NULL),
			 KC_EXIT_OK);
	assert_int_equal(allocated_mib(), 96);
	assert_int_equal(fr_main("release", NULL), KC_EXIT_OK);
	assert_nothing_held();
}

static void real_sysfs_write(void **st)
{
	(void)st;
	/* The production write path, against the fake root's file. */
	kc_set_root(fr_root);
	assert_int_equal(kc_sysfs_write_crash_size(64), 0);
	assert_string_equal(fr_read("sys/kernel/kexec_crash_size"), "64\n");
	assert_int_equal(kc_sysfs_write_crash_size(0), 0);
	assert_string_equal(fr_read("sys/kernel/kexec_crash_size"), "0\n");
	/* A symlink there is not written through. */
	unlink(strcat(strcpy(fr_errbuf, fr_root),
		      "/sys/kernel/kexec_crash_size"));
	assert_int_equal(symlink("/dev/null", fr_errbuf), 0);
	assert_int_equal(kc_sysfs_write_crash_size(16), -ELOOP);
	kc_set_root("");
}

static void estimate_text(void **st)
{
	(void)st;
	assert_int_equal(fr_main("estimate", NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "estimate: "));
	assert_non_null(strstr(fr_out, "kernel:"));
	assert_non_null(strstr(fr_out, "16.0 MiB  bzImage"));
	assert_non_null(strstr(fr_out, "cpio, 11 entries"));
	assert_non_null(strstr(fr_out, "1 CPU\n"));
	assert_non_null(strstr(fr_out, "CMA capacity:         512 MiB"));
	/* Explicit files; a missing one is an error naming it. */
	assert_int_equal(fr_main("estimate", "--initrd", "/nonexistent.img",
				 NULL), KC_EXIT_FAIL);
	assert_err_has("/nonexistent.img");
	assert_int_equal(fr_main("estimate", "--initrd", "none", "--json",
				 NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "\"initrd_unpacked\":0"));
}

/* Replace the fake root's kernel with a 64-byte header. */
static void put_kernel(const unsigned char *hdr)
{
	char p[512];
	FILE *f;

	snprintf(p, sizeof(p), "%s/boot/vmlinuz-%s", fr_root, FR_KVER);
	f = fopen(p, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(hdr, 1, 64, f), 64);
	assert_int_equal(fclose(f), 0);
}

static void estimate_arm64_kernels(void **st)
{
	unsigned char h[64];

	(void)st;
	/* An arm64 Image of 20 MiB in memory, with 4K pages. */
	memset(h, 0, sizeof(h));
	memcpy(h, "MZ", 2);
	h[18] = 0x40;
	h[19] = 0x01;
	h[24] = 0x02;
	memcpy(h + 56, "ARM\x64", 4);
	put_kernel(h);
	assert_int_equal(fr_main("estimate", NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "20.0 MiB  Image /"));
	assert_int_equal(fr_main("estimate", "--json", NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "\"kernel_format\":\"Image\""));
	assert_non_null(strstr(fr_out, "\"kernel\":20971520"));
	assert_non_null(strstr(fr_out, "\"page_size\":4096"));
	assert_non_null(strstr(fr_out, "\"arch_extra\":0,"));
	/*
	 * With 64K pages the build arch's terms apply: arm64 adds
	 * kdump-utils' 100 MiB, x86_64 (which has no such kernels) nothing.
	 */
	h[24] = 0x06;
	put_kernel(h);
	assert_int_equal(fr_main("estimate", "--json", NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "\"page_size\":65536"));
	assert_non_null(strstr(fr_out, KC_ARCH_NATIVE == KC_ARCH_ARM64 ?
			       "\"arch_extra\":104857600," :
			       "\"arch_extra\":0,"));
	assert_non_null(strstr(fr_out, KC_ARCH_NATIVE == KC_ARCH_ARM64 ?
			       "\"arch\":\"arm64\"" : "\"arch\":\"x86_64\""));
	assert_int_equal(fr_main("estimate", NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "64 KiB pages"));
	/* An EFI zboot image: one line saying what it is and what to do. */
	memset(h, 0, sizeof(h));
	memcpy(h, "MZ\0\0zimg", 8);
	memcpy(h + 24, "zstd", 5);
	put_kernel(h);
	assert_int_equal(fr_main("estimate", NULL), KC_EXIT_FAIL);
	assert_err_has("is an EFI zboot image (zstd-compressed) that kexec-tools 2.0.25 cannot load; use the same kernel's uncompressed Image or Image.gz: set kernel= in /etc/kexeccma.conf or pass --kernel\n");
	assert_null(strchr(strchr(fr_errbuf, '\n') + 1, '\n'));
	assert_int_equal(fr_main("start", NULL), KC_EXIT_FAIL);
	assert_int_equal(fr_k.allocs, 0);
	/* Unknown data names every format it is not. */
	memset(h, 0x5a, sizeof(h));
	put_kernel(h);
	assert_int_equal(fr_main("estimate", NULL), KC_EXIT_FAIL);
	assert_err_has("not a bzImage (boot protocol 2.10+), arm64 Image (Linux 3.17+), Image.gz or ELF64 image");
}

static void stop_unload_fails(void **st)
{
	(void)st;
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	fr_touch("inject/unload-fail");
	assert_int_equal(fr_main("stop", NULL), KC_EXIT_FAIL);
	assert_true(loaded());
	assert_int_equal(allocated_mib(), 64);
	assert_err_has("cannot unload");
}

static void recovers_from_killed_start(void **st)
{
	(void)st;
	/* A start killed after allocating: area held, nothing loaded. */
	assert_int_equal(fr_main("allocate", "--size", "64", NULL),
			 KC_EXIT_OK);
	assert_int_equal(fr_main("stop", NULL), KC_EXIT_OK);
	assert_nothing_held();
	assert_int_equal(fr_main("allocate", "--size", "64", NULL),
			 KC_EXIT_OK);
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	assert_true(loaded());
	assert_int_equal(fr_k.allocs, 2);
}

static void status_json(void **st)
{
	(void)st;
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	assert_int_equal(fr_main("status", "--json", NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "\"mode\":\"cma\""));
	assert_non_null(strstr(fr_out, "\"capacity_bytes\":536870912"));
	assert_non_null(strstr(fr_out, "\"allocated_bytes\":67108864"));
	assert_non_null(strstr(fr_out, "\"loaded\":true"));
	assert_non_null(strstr(fr_out, "\"crash_ranges\":[\"40000000-43ffffff\"]"));
	assert_non_null(strstr(fr_out, "\"cma_free_bytes\":469762048"));
	assert_non_null(strstr(fr_out, "\"estimate\":{"));
	assert_int_equal(fr_errbuf[0], '\0');
}

static void config_errors(void **st)
{
	(void)st;
	fr_write("etc/kexeccma.conf", "# ok\nsize = 64\nretries = lots\n");
	assert_int_equal(fr_main("start", NULL), KC_EXIT_CONFIG);
	assert_err_has("kexeccma.conf:3: retries \"lots\"");
	fr_write("etc/kexeccma.conf", "bogus = 1\n");
	assert_int_equal(fr_main("status", NULL), KC_EXIT_CONFIG);
	assert_err_has("kexeccma.conf:1: unknown key \"bogus\"");
	fr_write_mode("etc/kexeccma.conf", "size = 64\n", 0666);
	assert_int_equal(fr_main("status", NULL), KC_EXIT_CONFIG);
	assert_err_has("writable by");
	assert_int_equal(fr_k.allocs, 0);
}

static void config_applies_and_options_override(void **st)
{
	(void)st;
	fr_write("etc/kexeccma.conf",
		 "size = 80M\nbackend = direct\nappend = \"foo=bar baz\"\n");
	assert_int_equal(fr_main("start", NULL), KC_EXIT_OK);
	assert_int_equal(allocated_mib(), 80);
	assert_non_null(strstr(fr_read("kexec.log"), "foo=bar baz"));
	assert_int_equal(fr_main("start", "--size", "96", "--file-load",
				 NULL), KC_EXIT_OK);
	assert_int_equal(allocated_mib(), 96);
	assert_non_null(strstr(fr_read("kexec.log"), "-p -s"));
}

static void untrusted_kernel_refused(void **st)
{
	(void)st;
	fr_chmod("boot/vmlinuz-" FR_KVER, 0666);
	assert_int_equal(fr_main("start", "--size", "64", NULL),
			 KC_EXIT_FAIL);
	assert_err_has("refusing kernel");
	assert_int_equal(fr_k.allocs, 0);
}

/* kexec -p by someone else between our allocation steps. */
static void concurrent_load_is_named(void **st)
{
	(void)st;
	assert_int_equal(fr_main("allocate", "--size", "64", NULL),
			 KC_EXIT_OK);
	fr_k.load_races = true;
	assert_int_equal(fr_main("start", "--size", "128", NULL),
			 KC_EXIT_ALLOC);
	assert_err_has("another program loaded a crash kernel");
	assert_nothing_held();
}

/* A kexec anyone may replace is refused before anything is allocated. */
static void untrusted_kexec_refused_before_allocating(void **st)
{
	(void)st;
	fr_chmod("sbin/kexec", 0777);
	assert_int_equal(fr_main("start", "--size", "64", NULL),
			 KC_EXIT_LOAD);
	assert_err_has("refusing");
	assert_err_has("/sbin/kexec");
	assert_int_equal(fr_k.allocs, 0);
	assert_int_equal(fr_kexec_calls(), 0);
	assert_nothing_held();
}

/* Whoever may rename entries in the kernel's directory may swap it. */
static void kernel_in_writable_directory_refused(void **st)
{
	(void)st;
	fr_chmod("boot", 0777);
	assert_int_equal(fr_main("start", "--size", "64", NULL),
			 KC_EXIT_FAIL);
	assert_err_has("a directory above it");
	assert_int_equal(fr_k.allocs, 0);
	/* Sticky, as /tmp: only an entry's owner may rename it. */
	fr_chmod("boot", 01777);
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	assert_int_equal(allocated_mib(), 64);
}

static void usage_errors(void **st)
{
	(void)st;
	assert_int_equal(fr_main(NULL), KC_EXIT_USAGE);
	assert_int_equal(fr_main("frobnicate", NULL), KC_EXIT_USAGE);
	assert_int_equal(fr_main("start", "extra", NULL), KC_EXIT_USAGE);
	assert_int_equal(fr_main("--bogus", "start", NULL), KC_EXIT_USAGE);
	assert_int_equal(fr_main("start", "--backend", "systemd", NULL),
			 KC_EXIT_USAGE);
	assert_int_equal(fr_main("start", "--kernel", "rel", NULL),
			 KC_EXIT_FAIL);
	assert_int_equal(fr_main("--version", NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "kexeccma "));
	assert_int_equal(fr_main("--help", NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "Exit codes"));
	assert_int_equal(fr_k.allocs, 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(start_direct_ok),
		T(state_file_is_private),
		T(armed_file_written),
		T(second_start_is_noop),
		T(changed_size_reloads),
		T(changed_initrd_reloads),
		T(stop_frees_and_is_idempotent),
		T(kexec_fails_rolls_back),
		T(kexec_exit_255_is_not_a_signal),
		T(kexec_loads_then_fails_rolls_back),
		T(rollback_unload_fails),
		T(rollback_free_fails),
		T(busy_reads_are_retried),
		T(low_companion_summed),
		T(enomem_then_success),
		T(drop_caches_when_configured),
		T(enomem_forever),
		T(no_retry_when_zero),
		T(size_too_big),
		T(size_invalid),
		T(loaded_by_hand),
		T(lock_held),
		T(signal_ends_lock_wait),
		T(lock_symlink_refused),
		T(state_symlink_not_followed),
		T(not_cma_mode),
		T(iomem_lies),
		T(interrupted_rolls_back),
		T(garbage_sysfs),
		T(garbage_iomem_rolls_back),
		T(kdumpctl_backend),
		T(kdumpctl_fails),
		T(kdump_config_backend),
		T(kdumpctl_missing),
		T(kdumpctl_initrd_not_built),
		T(kdump_config_initrd_not_built),
		T(kdumpctl_kernelver),
		T(tmpfs_per_backend),
		T(tmpfs_initramfs_options),
		T(root_userspace_kdump_config),
		T(luks_device_term),
		T(auto_size_uses_estimate),
		T(estimate_too_big_for_capacity),
		T(allocate_then_release),
		T(real_sysfs_write),
		T(estimate_text),
		T(estimate_arm64_kernels),
		T(stop_unload_fails),
		T(recovers_from_killed_start),
		T(status_json),
		T(config_errors),
		T(config_applies_and_options_override),
		T(untrusted_kernel_refused),
		T(untrusted_kexec_refused_before_allocating),
		T(concurrent_load_is_named),
		T(kernel_in_writable_directory_refused),
		T(usage_errors),
		T(kdump_config_gets_cmdline_append),
	};

	return cmocka_run_group_tests_name("flow", tests, NULL, NULL);
}
