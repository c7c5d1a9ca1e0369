// SPDX-License-Identifier: GPL-2.0-only
/*
 * The capture's records: parsing (every required key, numbers that are
 * none or overflow, impossible values, another version), finding the
 * newest one made for the files about to be armed (stale, untrusted and
 * dump=0 records left out, each saying why), and sizing from it through
 * kc_main(): smaller and larger than the model, beyond the capacity,
 * and not at all with use_records = no or --no-records.
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
#include <sys/time.h>
#include <unistd.h>

#include <cmocka.h>

#include "fakeroot.h"
#include "luksdump.h"
#include "record.h"
#include "state.h"
#include "util.h"

#define KERNEL_REL "boot/vmlinuz-" FR_KVER
#define INITRD_REL "boot/initrd.img-" FR_KVER
/* 2026-12-05 16:50 UTC */
#define T0 UINT64_C(1796489400)

static struct kc_state want;

static int setup(void **st)
{
	char p[512];

	(void)st;
	fr_setup(512);
	snprintf(p, sizeof(p), "%s/var/crash", fr_root);
	assert_int_equal(mkdir(p, 0755), 0);
	memset(&want, 0, sizeof(want));
	snprintf(want.kernel, sizeof(want.kernel), "%s/" KERNEL_REL, fr_root);
	snprintf(want.initrd, sizeof(want.initrd), "%s/" INITRD_REL, fr_root);
	assert_int_equal(kc_file_id(want.kernel, want.kernel_id,
				    sizeof(want.kernel_id)), 0);
	assert_int_equal(kc_file_id(want.initrd, want.initrd_id,
				    sizeof(want.initrd_id)), 0);
	return 0;
}

/* A well-formed record for want, taken at t, with these KiB used. */
static void record_text(char *buf, size_t len, uint64_t t, uint64_t first,
			uint64_t peak, int dump)
{
	snprintf(buf, len,
		 "# kexeccma capture record\n"
		 "version=1\n"
		 "time=%llu            # the capture's clock\n"
		 "backend=direct\n"
		 "kernel=%s\nkernel_id=%s\ninitrd=%s\ninitrd_id=%s\n"
		 "area_mib=256\nram_kib=260000\n"
		 "first_used_kib=%llu\npeak_used_kib=%llu\nsamples=123\n"
		 "dump=%d\n",
		 (unsigned long long)t, want.kernel, want.kernel_id,
		 want.initrd, want.initrd_id, (unsigned long long)first,
		 (unsigned long long)peak, dump);
}

/* The record's text with key's line replaced by line ("" drops it). */
static void with_line(char *buf, size_t len, const char *text,
		      const char *key, const char *line)
{
	char k[64];
	const char *p, *e;

	snprintf(k, sizeof(k), "\n%s=", key);
	p = strstr(text, k);
	assert_non_null(p);
	e = strchr(p + 1, '\n');
	assert_non_null(e);
	snprintf(buf, len, "%.*s\n%s%s", (int)(p - text), text, line, e + 1);
	if (!line[0])	/* no empty line where the key was */
		snprintf(buf, len, "%.*s%s", (int)(p - text), text, e);
}

/* A record in var/crash/<sub>/ (sub NULL: var/crash itself). */
static void put_record(const char *sub, const char *text)
{
	char rel[256], p[512];

	if (sub) {
		snprintf(p, sizeof(p), "%s/var/crash/%s", fr_root, sub);
		mkdir(p, 0755);
		snprintf(rel, sizeof(rel), "var/crash/%s/" KC_RECORD_NAME, sub);
	} else {
		snprintf(rel, sizeof(rel), "var/crash/" KC_RECORD_NAME);
	}
	fr_write(rel, text);
}

static void put(const char *sub, uint64_t t, uint64_t first, uint64_t peak,
		int dump)
{
	char text[16384];

	record_text(text, sizeof(text), t, first, peak, dump);
	put_record(sub, text);
}

/* kc_record_find() on var/crash with stderr in fr_errbuf. */
static int find(struct kc_record *r)
{
	int ret;

	kc_set_root(fr_root);
	fr_stderr_begin();
	ret = kc_record_find("/var/crash", &want, r);
	fr_stderr_end();
	return ret;
}

static void parse_good(void **st)
{
	struct kc_record r;
	char text[16384], why[256];

	(void)st;
	record_text(text, sizeof(text), T0, 90000, 150000, 1);
	/* A newer recorder's keys are ignored. */
	strcat(text, "cpus=1\nfuture_key=anything at all\n\n");
	memset(&r, 0, sizeof(r));
	assert_int_equal(kc_record_parse(text, &r, why, sizeof(why)), 0);
	assert_int_equal(r.time, T0);
	assert_string_equal(r.backend, "direct");
	assert_string_equal(r.kernel, want.kernel);
	assert_string_equal(r.initrd_id, want.initrd_id);
	assert_int_equal(r.area_mib, 256);
	assert_int_equal(r.ram_kib, 260000);
	assert_int_equal(r.first_used_kib, 90000);
	assert_int_equal(r.peak_used_kib, 150000);
	assert_int_equal(r.samples, 123);
	assert_true(r.dump);
	/* Without an initrd: initrd= empty, initrd_id=none. */
	with_line(why, sizeof(why), "x\ninitrd=y\n", "initrd", "initrd=\n");
	assert_string_equal(why, "x\ninitrd=\n");
}

static void parse_missing_keys(void **st)
{
	static const char *const keys[] = {
		"version", "time", "backend", "kernel", "kernel_id", "initrd",
		"initrd_id", "area_mib", "ram_kib", "first_used_kib",
		"peak_used_kib", "samples", "dump",
	};
	char text[16384], bad[16384], why[256], want_why[64];
	struct kc_record r;
	size_t i;

	(void)st;
	record_text(text, sizeof(text), T0, 90000, 150000, 1);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		with_line(bad, sizeof(bad), text, keys[i], "");
		assert_int_equal(kc_record_parse(bad, &r, why, sizeof(why)),
				 -EINVAL);
		snprintf(want_why, sizeof(want_why), "no %s= line", keys[i]);
		assert_string_equal(why, want_why);
	}
}

/* key=val in the good record gives the reason why_has. */
static void assert_bad(const char *key, const char *line, const char *why_has)
{
	char text[16384], bad[16384], why[256];
	struct kc_record r;

	record_text(text, sizeof(text), T0, 90000, 150000, 1);
	with_line(bad, sizeof(bad), text, key, line);
	assert_int_equal(kc_record_parse(bad, &r, why, sizeof(why)), -EINVAL);
	if (!strstr(why, why_has))
		fail_msg("%s: \"%s\" lacks \"%s\"", line, why, why_has);
}

static void parse_bad_values(void **st)
{
	(void)st;
	assert_bad("peak_used_kib", "peak_used_kib=12abc\n",
		   "peak_used_kib \"12abc\" is not a decimal number");
	assert_bad("peak_used_kib", "peak_used_kib=-1\n", "not a decimal");
	assert_bad("peak_used_kib", "peak_used_kib=\n", "not a decimal");
	assert_bad("peak_used_kib", "peak_used_kib= 0x10\n", "not a decimal");
	assert_bad("time", "time=99999999999999999999999\n",
		   "time \"99999999999999999999999\" is too large a number");
	assert_bad("ram_kib", "ram_kib=99999999999999999999999\n",
		   "too large a number");
	assert_bad("time", "time=253402300800\n", "after the year 9999");
	assert_bad("ram_kib", "ram_kib=140000\n",
		   "peak_used_kib 150000 is more than ram_kib 140000");
	assert_bad("first_used_kib", "first_used_kib=160000\n",
		   "first_used_kib 160000 is more than peak_used_kib 150000");
	assert_bad("ram_kib", "ram_kib=0\n", "ram_kib is 0");
	assert_bad("ram_kib", "ram_kib=1073741825\n",
		   "ram_kib 1073741825 is more than 1 TiB");
	assert_bad("area_mib", "area_mib=1048577\n", "area_mib 1048577 is more than 1 TiB");
	assert_bad("version", "version=2\n", "version 2, not 1");
	assert_bad("version", "version=one\n", "version \"one\" is not a decimal");
	assert_bad("dump", "dump=2\n", "dump 2 is not 0 or 1");
	assert_bad("dump", "dump=yes\n", "not a decimal");
	assert_bad("kernel_id", "kernel_id=\n", "kernel_id is empty");
	assert_bad("samples", "samples 12\n", "is not key=value");
}

/* A version 2 record says so even when its keys are others. */
static void parse_other_version(void **st)
{
	struct kc_record r;
	char why[256];

	(void)st;
	assert_int_equal(kc_record_parse("version=2\nwhatever=1\n", &r, why,
					 sizeof(why)), -EINVAL);
	assert_string_equal(why, "version 2, not 1");
	assert_int_equal(kc_record_parse("", &r, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "no version= line");
}

static void find_none(void **st)
{
	struct kc_record r;
	char p[512];

	(void)st;
	/* Empty, and with dumps but no records. */
	assert_int_equal(find(&r), 0);
	assert_string_equal(fr_errbuf, "");
	snprintf(p, sizeof(p), "%s/var/crash/202601010000", fr_root);
	assert_int_equal(mkdir(p, 0755), 0);
	fr_write("var/crash/202601010000/dump.202601010000", "core\n");
	fr_write("var/crash/kexec_cmd", "x\n");
	assert_int_equal(find(&r), 0);
	assert_string_equal(fr_errbuf, "");
	/* No directory at all. */
	fr_remove("var/crash/202601010000/dump.202601010000");
	rmdir(p);
	fr_remove("var/crash/kexec_cmd");
	snprintf(p, sizeof(p), "%s/var/crash", fr_root);
	assert_int_equal(rmdir(p), 0);
	assert_int_equal(find(&r), 0);
	assert_string_equal(fr_errbuf, "");
}

static void find_fresh_and_newest(void **st)
{
	struct kc_record r;

	(void)st;
	put("202612051650", T0, 90000, 150000, 1);
	assert_int_equal(find(&r), 1);
	assert_int_equal(r.peak_used_kib, 150000);
	assert_non_null(strstr(r.path, "/var/crash/202612051650/kexeccma-capture"));
	assert_string_equal(fr_errbuf, "");
	/* The newest of two, wherever it is. */
	put("202612061200", T0 + 70000, 80000, 120000, 1);
	put(NULL, T0 - 100, 80000, 200000, 1);
	assert_int_equal(find(&r), 1);
	assert_int_equal(r.peak_used_kib, 120000);
	assert_int_equal(r.time, T0 + 70000);
	/* As new: the larger peak, the safer. */
	put("202612061201", T0 + 70000, 80000, 130000, 1);
	assert_int_equal(find(&r), 1);
	assert_int_equal(r.peak_used_kib, 130000);
}

static void find_stale(void **st)
{
	char text[16384], bad[16384], line[10000];
	struct kc_record r;

	(void)st;
	/* Another initrd by identity: the initrd was rebuilt since. */
	record_text(text, sizeof(text), T0, 90000, 150000, 1);
	with_line(bad, sizeof(bad), text, "initrd_id", "initrd_id=4242:1700000000\n");
	put_record("202612051650", bad);
	assert_int_equal(find(&r), 0);
	snprintf(line, sizeof(line),
		 "note: ignoring the capture record %s/var/crash/202612051650/kexeccma-capture: made for initrd %s (size:mtime 4242:1700000000), now %s\n",
		 fr_root, want.initrd, want.initrd_id);
	assert_err_has(line);
	/* Another kernel by path, newer: that one is named, only it. */
	with_line(bad, sizeof(bad), text, "kernel", "kernel=/boot/vmlinuz-old\n");
	with_line(text, sizeof(text), bad, "time", "time=1796500000\n");
	put_record("202612051900", text);
	assert_int_equal(find(&r), 0);
	snprintf(line, sizeof(line), "made for kernel /boot/vmlinuz-old, now %s\n",
		 want.kernel);
	assert_err_has(line);
	assert_null(strstr(fr_errbuf, "4242:"));
	/* A fresh one is used and the stale ones are not mentioned. */
	put("202601010000", T0 - 1000000, 90000, 100000, 1);
	assert_int_equal(find(&r), 1);
	assert_int_equal(r.peak_used_kib, 100000);
	assert_string_equal(fr_errbuf, "");
}

static void find_corrupt_and_untrusted(void **st)
{
	static char huge[KC_REC_FILE_MAX + 2];
	char text[16384], bad[16384], p[512], link[512];
	struct kc_record r;

	(void)st;
	put("good", T0, 90000, 150000, 1);
	record_text(text, sizeof(text), T0 + 1, 90000, 150000, 1);
	with_line(bad, sizeof(bad), text, "peak_used_kib",
		  "peak_used_kib=99999999999999999999999\n");
	put_record("overflow", bad);
	/* Group-writable, and a symlink: not read. */
	record_text(text, sizeof(text), T0 + 2, 90000, 100000, 1);
	put_record("writable", text);
	fr_chmod("var/crash/writable/" KC_RECORD_NAME, 0664);
	snprintf(p, sizeof(p), "%s/var/crash/writable/" KC_RECORD_NAME, fr_root);
	snprintf(link, sizeof(link), "%s/var/crash/linked", fr_root);
	assert_int_equal(mkdir(link, 0755), 0);
	strcat(link, "/" KC_RECORD_NAME);
	assert_int_equal(symlink(p, link), 0);
	/* A directory named like a record. */
	snprintf(p, sizeof(p), "%s/var/crash/dir/" KC_RECORD_NAME, fr_root);
	assert_int_equal(mkdir(strcat(strcpy(link, fr_root), "/var/crash/dir"),
			       0755), 0);
	assert_int_equal(mkdir(p, 0755), 0);
	assert_int_equal(find(&r), 1);
	assert_int_equal(r.time, T0);
	assert_non_null(strstr(r.path, "/good/"));
	assert_err_has("warning: ignoring the capture record ");
	assert_err_has("/var/crash/overflow/kexeccma-capture: peak_used_kib \"99999999999999999999999\" is too large a number\n");
	assert_err_has("/var/crash/writable/kexeccma-capture: writable by group or others (mode 0664)\n");
	assert_err_has("/var/crash/linked/kexeccma-capture: a symlink\n");
	assert_err_has("/var/crash/dir/kexeccma-capture: not a regular file\n");
	/* Not owned by root: only root may make one that counts. */
	if (geteuid() == 0) {
		fr_chmod("var/crash/writable/" KC_RECORD_NAME, 0644);
		snprintf(p, sizeof(p), "%s/var/crash/writable/" KC_RECORD_NAME,
			 fr_root);
		assert_int_equal(chown(p, 65534, 65534), 0);
		assert_int_equal(find(&r), 1);
		assert_int_equal(r.time, T0);
		assert_err_has("/var/crash/writable/kexeccma-capture: owned by uid 65534, not root\n");
	}
	/* Too large to be one. */
	memset(huge, '#', sizeof(huge) - 1);
	huge[sizeof(huge) - 1] = '\0';
	put_record("huge", huge);
	assert_int_equal(find(&r), 1);
	assert_err_has("/var/crash/huge/kexeccma-capture: larger than 16 KiB\n");
}

static void find_no_dump(void **st)
{
	struct kc_record r;

	(void)st;
	put("202612051650", T0, 90000, 150000, 0);
	assert_int_equal(find(&r), 0);
	assert_err_has("note: ignoring the capture record ");
	assert_err_has("/var/crash/202612051650/kexeccma-capture: that capture saved no dump (dump=0), so its peak is not what a capture needs\n");
	/* An older one that saved a dump is used. */
	put("202612041650", T0 - 86400, 90000, 140000, 1);
	assert_int_equal(find(&r), 1);
	assert_int_equal(r.peak_used_kib, 140000);
}

static void size_from_record(void **st)
{
	struct kc_rec_size sz;
	struct kc_record r;

	(void)st;
	memset(&r, 0, sizeof(r));
	r.peak_used_kib = 155000;
	r.first_used_kib = 90000;
	/* The peak decides: 151.4 MiB + 12 MiB -> 176 MiB. */
	assert_int_equal(kc_record_size(&r, 10 << 20, 0, 512ULL << 20, &sz), 0);
	assert_true(sz.by == KC_REC_BY_PEAK);
	assert_int_equal(sz.by, KC_REC_BY_PEAK);
	assert_int_equal(sz.need, 155000ULL * 1024);
	assert_int_equal(sz.margin, KC_REC_MARGIN_MIB << 20);
	assert_int_equal(sz.fit.need_mib, 160);
	assert_int_equal(sz.fit.size_mib, 176);
	/* The first use with the packed initrd decides. */
	assert_int_equal(kc_record_size(&r, 70 << 20, 0, 512ULL << 20, &sz), 0);
	assert_false(sz.by == KC_REC_BY_PEAK);
	assert_int_equal(sz.by, KC_REC_BY_INITRD);
	assert_int_equal(sz.need, 90000ULL * 1024 + (70 << 20));
	/*
	 * The dump target's argon2 memory on top of the first use: the
	 * unlock may end before sampling begins.
	 */
	assert_int_equal(kc_record_size(&r, 70 << 20, 256 << 20, 1ULL << 30,
					&sz), 0);
	assert_int_equal(sz.by, KC_REC_BY_LUKS);
	assert_int_equal(sz.need, 90000ULL * 1024 + (256 << 20));
	/* A peak that saw the unlock decides itself. */
	r.peak_used_kib = 90000 + 300 * 1024;
	assert_int_equal(kc_record_size(&r, 70 << 20, 256 << 20, 1ULL << 30,
					&sz), 0);
	assert_int_equal(sz.by, KC_REC_BY_PEAK);
	r.peak_used_kib = 150000;
	/* Small needs stop at the floor. */
	r.peak_used_kib = r.first_used_kib = 1000;
	assert_int_equal(kc_record_size(&r, 0, 0, 0, &sz), 0);
	assert_int_equal(sz.fit.size_mib, KC_EST_FLOOR_MIB);
	/* Clamped, and beyond the capacity. */
	r.peak_used_kib = 505 * 1024;
	assert_int_equal(kc_record_size(&r, 0, 0, 512ULL << 20, &sz), 0);
	assert_true(sz.fit.clamped);
	assert_int_equal(sz.fit.size_mib, 512);
	r.peak_used_kib = 900ULL << 20;
	assert_int_equal(kc_record_size(&r, 0, 0, 512ULL << 20, &sz), -ENOSPC);
	assert_int_equal(sz.fit.need_mib, 900 * 1024);
	assert_int_equal(kc_record_size(&r, UINT64_MAX, 0, 0, &sz), -ERANGE);
	assert_int_equal(kc_record_size(&r, 0, UINT64_MAX, 0, &sz), -ERANGE);
}

static void time_text(void **st)
{
	char t[64];

	(void)st;
	kc_record_time(T0, t, sizeof(t));
	assert_string_equal(t, "2026-12-05 16:50 UTC");
	kc_record_time(0, t, sizeof(t));
	assert_string_equal(t, "1970-01-01 00:00 UTC");
}

/* The model's size for the fake root, from estimate --json. */
static unsigned long model_mib(void)
{
	const char *p;

	assert_int_equal(fr_main("estimate", "--json", "--no-records", NULL),
			 KC_EXIT_OK);
	p = strstr(fr_out, "\"size_mib\":");
	assert_non_null(p);
	return strtoul(p + 11, NULL, 10);
}

/* A record larger than the model replaces it, in estimate and start. */
static void estimate_from_record(void **st)
{
	char line[1024], dir[512];

	(void)st;
	assert_true(model_mib() < 176);
	put("202612051650", T0, 90000, 155000, 1);
	assert_int_equal(fr_main("estimate", NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "estimate: 176 MiB\n"));
	snprintf(line, sizeof(line),
		 "source: measured in the capture of 2026-12-05 16:50 UTC (%s/var/crash/202612051650/kexeccma-capture): peak 151.4 MiB + margin 12 MiB\n",
		 fr_root);
	if (!strstr(fr_out, line))
		fail_msg("no \"%s\" in %s", line, fr_out);
	assert_non_null(strstr(fr_out, "model: 48 MiB, not used; its terms:\n"));
	assert_int_equal(fr_main("estimate", "--json", NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "{\"size_mib\":176,\"fits\":true,\"estimate\":{\"size_mib\":176,\"need_mib\":160,\"recommended_mib\":176,"));
	assert_non_null(strstr(fr_out, "\"source\":\"record\",\"record\":{\"path\":\""));
	assert_non_null(strstr(fr_out, "\"time\":1796489400,\"time_utc\":\"2026-12-05 16:50 UTC\""));
	assert_non_null(strstr(fr_out, "\"peak_used_kib\":155000,"));
	assert_non_null(strstr(fr_out, "\"model\":{\"size_mib\":48,"));
	/* start --size auto goes by the same. */
	assert_int_equal(fr_main("start", NULL), KC_EXIT_OK);
	assert_int_equal(fr_allocated_mib(), 176);
	assert_int_equal(fr_main("status", NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "estimate:    176 MiB, measured in the capture of 2026-12-05 16:50 UTC\n"));
	/* Without records: the model, and the source says so. */
	assert_int_equal(fr_main("estimate", "--no-records", NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "estimate: 48 MiB\nsource: model\n"));
	assert_int_equal(fr_main("estimate", "--json", "--no-records", NULL),
			 KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "\"source\":\"model\",\"record\":null"));
	fr_write("etc/kexeccma.conf", "use_records = no\n");
	assert_int_equal(fr_main("start", NULL), KC_EXIT_OK);
	assert_int_equal(fr_allocated_mib(), 48);
	/* Dumps saved elsewhere: record_dir. */
	fr_write("etc/kexeccma.conf", "record_dir = /srv/dumps\n");
	assert_int_equal(fr_main("estimate", NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "source: model\n"));
	snprintf(line, sizeof(line), "%s/srv", fr_root);
	assert_int_equal(mkdir(line, 0755), 0);
	snprintf(line, sizeof(line), "%s/var/crash", fr_root);
	snprintf(dir, sizeof(dir), "%s/srv/dumps", fr_root);
	assert_int_equal(rename(line, dir), 0);
	assert_int_equal(fr_main("estimate", NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "source: measured"));
	assert_non_null(strstr(fr_out, "/srv/dumps/202612051650/kexeccma-capture)"));
	fr_write("etc/kexeccma.conf", "use_records = maybe\n");
	assert_int_equal(fr_main("estimate", NULL), KC_EXIT_CONFIG);
	assert_err_has("use_records \"maybe\" is not yes or no");
}

/* A record smaller than the model replaces it too. */
static void record_below_model(void **st)
{
	const struct timeval old[2] = { { 1600000000, 0 }, { 1600000000, 0 } };
	char p[512];

	(void)st;
	fr_make_bzimage(KERNEL_REL, 300u << 20);
	/* want's identity follows the new kernel. */
	assert_int_equal(kc_file_id(want.kernel, want.kernel_id,
				    sizeof(want.kernel_id)), 0);
	assert_true(model_mib() >= 320);
	put("202612051650", T0, 90000, 100000, 1);
	assert_int_equal(fr_main("estimate", NULL), KC_EXIT_OK);
	/* 97.7 MiB + 12 MiB, on the granule. */
	assert_non_null(strstr(fr_out, "estimate: 112 MiB\n"));
	assert_int_equal(fr_main("start", NULL), KC_EXIT_OK);
	assert_int_equal(fr_allocated_mib(), 112);
	/* The kernel changes: the record is stale, the model is back. */
	assert_int_equal(fr_main("stop", NULL), KC_EXIT_OK);
	fr_make_bzimage(KERNEL_REL, 200u << 20);
	/* Same size: a change shows in its mtime (whole seconds). */
	snprintf(p, sizeof(p), "%s/" KERNEL_REL, fr_root);
	assert_int_equal(utimes(p, old), 0);
	assert_int_equal(fr_main("estimate", NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "source: model\n"));
	assert_err_has("note: ignoring the capture record ");
	assert_err_has("made for kernel ");
}

/*
 * A LUKS2 dump target: the capture unlocks it before the dump, and in
 * kdump-tools' capture before the recorder starts, so a record's samples
 * need not show the argon2 memory. The size from the record counts it on
 * top of the first use, and says so.
 */
static void record_with_luks_target(void **st)
{
	(void)st;
	fr_install_cryptsetup(fr_luks2_dump);
	fr_write("etc/kexeccma.conf", "luks_device = /dev/vdb2\n");
	put("202612051650", T0, 90000, 100000, 1);
	/* 87.9 MiB + 256 MiB + 12 MiB, on the granule. */
	assert_int_equal(fr_main("estimate", NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "estimate: 368 MiB\n"));
	assert_non_null(strstr(fr_out, "first use 87.9 MiB + LUKS keyslot 256.0 MiB + margin 12 MiB\n"));
	assert_int_equal(fr_main("estimate", "--json", NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "\"need_is_peak\":false,\"need_by\":\"luks\""));
	/* Without the device set, the same record gives its peak. */
	fr_write("etc/kexeccma.conf", "");
	assert_int_equal(fr_main("estimate", "--json", NULL), KC_EXIT_OK);
	assert_non_null(strstr(fr_out, "\"need_by\":\"peak\""));
}

/* A well-formed but huge measurement: exit 5 with the record named. */
static void record_beyond_capacity(void **st)
{
	char text[16384], bad[16384];

	(void)st;
	record_text(text, sizeof(text), T0, 90000, 900ULL << 20, 1);
	with_line(bad, sizeof(bad), text, "ram_kib", "ram_kib=1000000000\n");
	put_record("202612051650", bad);
	assert_int_equal(fr_main("start", NULL), KC_EXIT_TOOSMALL);
	assert_err_has("/var/crash/202612051650/kexeccma-capture) needed 921600 MiB but the crash CMA area holds only 512 MiB; boot with a larger crashkernel=, or if that record is wrong, size from the model with --no-records or use_records = no\n");
	assert_err_has("the capture of 2026-12-05 16:50 UTC (");
	assert_int_equal(fr_k.allocs, 0);
	assert_int_equal(fr_main("estimate", NULL), KC_EXIT_TOOSMALL);
	assert_non_null(strstr(fr_out, "estimate: 921600 MiB, does not fit the 512 MiB CMA area\n"));
	assert_int_equal(fr_main("estimate", "--json", NULL), KC_EXIT_TOOSMALL);
	assert_non_null(strstr(fr_out, "\"fits\":false"));
	assert_int_equal(fr_main("start", "--no-records", NULL), KC_EXIT_OK);
	assert_int_equal(fr_allocated_mib(), 48);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, fr_rooted_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(parse_good),
		T(parse_missing_keys),
		T(parse_bad_values),
		T(parse_other_version),
		T(find_none),
		T(find_fresh_and_newest),
		T(find_stale),
		T(find_corrupt_and_untrusted),
		T(find_no_dump),
		cmocka_unit_test(size_from_record),
		cmocka_unit_test(time_text),
		T(estimate_from_record),
		T(record_below_model),
		T(record_with_luks_target),
		T(record_beyond_capacity),
	};

	return cmocka_run_group_tests_name("record", tests, NULL, NULL);
}
