// SPDX-License-Identifier: GPL-2.0-only
/*
 * The initrd and kernel measurement caches: used while the file is
 * unchanged, not after any change to it, and only when root wrote it for
 * nobody else. A cached entry is recognised by numbers planted in it.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "fakeroot.h"
#include "mcache.h"
#include "mkbzimage.h"
#include "util.h"

#define INITRD "boot/initrd.img-" FR_KVER
#define CACHE "run/" KC_MCACHE_INITRD

static char path[512];

static int setup(void **st)
{
	(void)st;
	fr_setup(256);
	kc_set_root(fr_root);
	snprintf(path, sizeof(path), "%s/" INITRD, fr_root);
	return 0;
}

static struct kc_initrd measure(void)
{
	struct kc_initrd m;
	char why[256];

	if (kc_initrd_size_cached(path, &m, why, sizeof(why)))
		fail_msg("cannot size %s: %s", path, why);
	return m;
}

/* Measure once, then plant entries = 4242 in the cache. */
static void plant(void)
{
	char text[8192], *p;

	(void)measure();
	assert_true(fr_exists(CACHE));
	snprintf(text, sizeof(text), "%s", fr_read(CACHE));
	p = strstr(text, "entries=");
	assert_non_null(p);
	memmove(p + strlen("entries=4242"), strchr(p, '\n'),
		strlen(strchr(p, '\n')) + 1);
	memcpy(p, "entries=4242", strlen("entries=4242"));
	fr_write_mode(CACHE, text, 0600);
}

static void used_while_unchanged(void **st)
{
	struct kc_initrd real;

	(void)st;
	real = measure();
	assert_int_not_equal(real.entries, 4242);
	plant();
	assert_int_equal(measure().entries, 4242);
	/* Through the command, too. */
	assert_int_equal(fr_main("estimate", "--json", NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "\"initrd_entries\":4242"));
}

/* A file's ctime, in nanoseconds. */
static long long ctime_of(const char *file)
{
	struct stat sb;

	assert_int_equal(stat(file, &sb), 0);
	return sb.st_ctim.tv_sec * 1000000000LL + sb.st_ctim.tv_nsec;
}

static void stale_after_change(void **st)
{
	struct kc_initrd real;
	struct timespec ts = { 0, 5 * 1000 * 1000 };
	long long before;
	int tries = 0;

	(void)st;
	real = measure();
	plant();
	/*
	 * Same content, same size: only the ctime changes.  Timestamps
	 * advance with the kernel's clock tick, so change the mode until
	 * the ctime shows it rather than trust one sleep.
	 */
	before = ctime_of(path);
	do {
		nanosleep(&ts, NULL);
		fr_chmod(INITRD, 0600);
		fr_chmod(INITRD, 0644);
	} while (ctime_of(path) == before && ++tries < 400);
	assert_int_not_equal(ctime_of(path), before);
	assert_int_equal(measure().entries, real.entries);
	/* The new measurement replaced the entry. */
	assert_null(strstr(fr_read(CACHE), "4242"));
}

/*
 * An entry of an older kexeccma lacks a field this one reads
 * (init_systemd): it is measured again, not taken with a default.
 */
static void older_entry_measured_again(void **st)
{
	char text[8192], *p, *end;
	struct kc_initrd real;

	(void)st;
	real = measure();
	plant();
	snprintf(text, sizeof(text), "%s", fr_read(CACHE));
	p = strstr(text, "init_systemd=");
	assert_non_null(p);
	end = strchr(p, '\n');
	memmove(p, end + 1, strlen(end + 1) + 1);
	fr_write_mode(CACHE, text, 0600);
	assert_int_equal(measure().entries, real.entries);
	assert_non_null(strstr(fr_read(CACHE), "init_systemd=0"));
	/* A value that is no boolean is not taken either. */
	plant();
	snprintf(text, sizeof(text), "%s", fr_read(CACHE));
	p = strstr(text, "init_systemd=0");
	assert_non_null(p);
	p[strlen("init_systemd=")] = '7';
	fr_write_mode(CACHE, text, 0600);
	assert_int_equal(measure().entries, real.entries);
}

static void foreign_or_open_ignored(void **st)
{
	struct kc_initrd real;

	(void)st;
	real = measure();
	plant();
	fr_chmod(CACHE, 0644);
	assert_int_equal(measure().entries, real.entries);
	plant();
	{
		char p[600];

		snprintf(p, sizeof(p), "%s/" CACHE, fr_root);
		assert_int_equal(chown(p, 65534, 0), 0);
	}
	assert_int_equal(measure().entries, real.entries);
}

static void other_path_ignored(void **st)
{
	char other[600];
	struct kc_initrd m;
	char why[256];

	(void)st;
	plant();
	/* The same inode under another name: its entry is not that one. */
	snprintf(other, sizeof(other), "%s.link", path);
	assert_int_equal(link(path, other), 0);
	assert_int_equal(kc_initrd_size_cached(other, &m, why, sizeof(why)),
			 0);
	assert_int_not_equal(m.entries, 4242);
}

/* The crash kernel's resident size: cached, replanted, then stale. */
static void kernel_cached(void **st)
{
	static const struct mk_vmlinux v = {
		1 << 20, 1 << 20, 0x1000, false, false, 0, "gzip", NULL, 0
	};
	struct timespec ts = { 0, 5 * 1000 * 1000 };
	char kernel[600], text[8192], *p;
	struct kc_kimage ki;
	long long before;
	uint64_t span;

	(void)st;
	snprintf(kernel, sizeof(kernel), "%s/boot/vmlinuz-" FR_KVER, fr_root);
	span = mk_bzimage(kernel, &v);
	/* The helper runs the root's gzip: this system's. */
	snprintf(text, sizeof(text), "%s/usr/bin/gzip", fr_root);
	assert_int_equal(symlink("/usr/bin/gzip", text), 0);
	assert_int_equal(kc_kimage_read_cached(kernel, &ki), 0);
	assert_int_equal(ki.resident, span);
	assert_true(fr_exists("run/" KC_MCACHE_KERNEL));
	snprintf(text, sizeof(text), "%s", fr_read("run/" KC_MCACHE_KERNEL));
	p = strstr(text, "resident=");
	assert_non_null(p);
	assert_non_null(strstr(p, "initramfs_options=no\n"));
	snprintf(p, sizeof(text) - (size_t)(p - text),
		 "resident=4096\ninitramfs_options=yes\n");
	fr_write_mode("run/" KC_MCACHE_KERNEL, text, 0600);
	assert_int_equal(kc_kimage_read_cached(kernel, &ki), 0);
	assert_int_equal(ki.resident, 4096);
	assert_int_equal(ki.initramfs_options, KC_KF_YES);
	/* A planted size above init_size is not believed. */
	snprintf(p, sizeof(text) - (size_t)(p - text),
		 "resident=%llu\ninitramfs_options=yes\n",
		 (unsigned long long)ki.mem_size + 1);
	fr_write_mode("run/" KC_MCACHE_KERNEL, text, 0600);
	assert_int_equal(kc_kimage_read_cached(kernel, &ki), 0);
	assert_int_equal(ki.resident, span);
	/* A new kernel under the same name is measured again. */
	before = ctime_of(kernel);
	span = mk_bzimage(kernel, &(struct mk_vmlinux){
		2 << 20, 1 << 20, 0x1000, false, false, 0, "gzip", NULL, 0 });
	while (ctime_of(kernel) == before) {
		nanosleep(&ts, NULL);
		assert_int_equal(chmod(kernel, 0644), 0);
	}
	assert_int_equal(kc_kimage_read_cached(kernel, &ki), 0);
	assert_int_equal(ki.resident, span);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, fr_rooted_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(used_while_unchanged),
		T(stale_after_change),
		T(older_entry_measured_again),
		T(foreign_or_open_ignored),
		T(other_path_ignored),
		T(kernel_cached),
	};

	return cmocka_run_group_tests_name("mcache", tests, NULL, NULL);
}
