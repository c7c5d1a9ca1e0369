// SPDX-License-Identifier: GPL-2.0-only
/* /etc/kexeccma.conf: every key, and errors with file:line. */
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

#include "conf.h"
#include "fakeroot.h"

/* Parse text, capturing what kexeccma printed on stderr in fr_errbuf. */
static int parse(const char *text, struct kc_conf *c)
{
	int ret;

	fr_stderr_begin();
	kc_conf_defaults(c);
	ret = kc_conf_parse(text, "test.conf", c);
	fr_stderr_end();
	return ret;
}

static void defaults(void **st)
{
	struct kc_conf c;

	(void)st;
	assert_int_equal(parse("", &c), 0);
	assert_true(c.size_auto);
	assert_int_equal(c.margin_pct, 20);
	assert_int_equal(c.retries, KC_RETRIES_DEFAULT);
	assert_int_equal(c.backend, KC_BACKEND_AUTO);
	assert_int_equal(c.file_load, KC_AUTO);
	assert_string_equal(c.kernel, "");
}

static void all_keys(void **st)
{
	struct kc_conf c;

	(void)st;
	assert_int_equal(parse(
		"# comment\n\n  size = 256\nmargin=30\nextra = 8\n"
		"kernel = /boot/vmlinuz-crash\ninitrd = \"/boot/initrd crash.img\"\n"
		"backend = kdump-config\nretries = 5\nfile_load = yes\n"
		"append = \"foo=1 bar\"\nlock_timeout = 10\r\n"
		"drop_caches = yes\n"
		"\t# indented comment\n", &c), 0);
	assert_false(c.size_auto);
	assert_int_equal(c.size_mib, 256);
	assert_int_equal(c.margin_pct, 30);
	assert_int_equal(c.extra_mib, 8);
	assert_string_equal(c.kernel, "/boot/vmlinuz-crash");
	assert_string_equal(c.initrd, "/boot/initrd crash.img");
	assert_int_equal(c.backend, KC_BACKEND_KDUMP_CONFIG);
	assert_int_equal(c.retries, 5);
	assert_int_equal(c.file_load, KC_YES);
	assert_string_equal(c.append, "foo=1 bar");
	assert_int_equal(c.lock_timeout, 10);
	assert_true(c.drop_caches);
	assert_false(c.cmdline_set);
	assert_int_equal(parse("size = auto\ninitrd = none\ncmdline = root=/dev/vda\n"
			       "size = 1G\nfile_load = auto\nbackend=direct\n",
			       &c), 0);
	assert_int_equal(c.size_mib, 1024);
	assert_true(c.no_initrd);
	assert_true(c.cmdline_set);
	assert_string_equal(c.cmdline, "root=/dev/vda");
	assert_int_equal(c.file_load, KC_AUTO);
	assert_int_equal(c.backend, KC_BACKEND_DIRECT);
	/* Off unless asked for. */
	assert_false(c.drop_caches);
}

struct bad_case {
	const char *text;
	const char *msg;
};

static void errors_name_file_and_line(void **st)
{
	static const struct bad_case cases[] = {
		{ "size = 20\n", "test.conf:1: size \"20\"" },
		{ "\n\nsize = -16\n", "test.conf:3: size \"-16\"" },
		{ "size = 99999999999999999999\n", "test.conf:1: size" },
		{ "size = 0\n", "test.conf:1: size \"0\"" },
		{ "size = 2048T\n", "test.conf:1: size \"2048T\"" },
		{ "margin = 401\n", "test.conf:1: margin \"401\"" },
		{ "margin = ten\n", "test.conf:1: margin \"ten\"" },
		{ "extra = 1e3\n", "test.conf:1: extra \"1e3\"" },
		{ "retries = 21\n", "test.conf:1: retries \"21\"" },
		{ "lock_timeout = -1\n", "test.conf:1: lock_timeout" },
		{ "kernel = vmlinuz\n", "test.conf:1: kernel \"vmlinuz\" is not an absolute path" },
		{ "initrd = ../x\n", "test.conf:1: initrd" },
		{ "backend = systemd\n", "test.conf:1: backend \"systemd\"" },
		{ "file_load = perhaps\n", "test.conf:1: file_load \"perhaps\"" },
		{ "# c\nnosuchkey = 1\n", "test.conf:2: unknown key \"nosuchkey\"" },
		{ "size 64\n", "test.conf:1: expected \"key = value\"" },
		{ "append = \"a\x01\"\n", "test.conf:1: append contains a control character" },
	};
	struct kc_conf c;
	size_t i;

	(void)st;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(parse(cases[i].text, &c), -EINVAL);
		if (!strstr(fr_errbuf, cases[i].msg))
			fail_msg("case %zu: \"%s\" not in \"%s\"", i,
				 cases[i].msg, fr_errbuf);
	}
}

static void long_values(void **st)
{
	static char text[16384];
	struct kc_conf c;

	(void)st;
	strcpy(text, "append = ");
	memset(text + 9, 'a', 3000);
	assert_int_equal(parse(text, &c), -EINVAL);
	assert_non_null(strstr(fr_errbuf, "append is too long"));
	memset(text, 'a', 5000);
	text[5000] = '\0';
	assert_int_equal(parse(text, &c), -EINVAL);
	assert_non_null(strstr(fr_errbuf, "test.conf:1: line longer"));
}

static void load_file(void **st)
{
	char dir[] = "/tmp/kcconf.XXXXXX", p[64];
	struct kc_conf c;
	FILE *f;

	(void)st;
	/* The errors are expected; keep the TAP stream readable. */
	kc_set_mute(true);
	assert_non_null(mkdtemp(dir));
	snprintf(p, sizeof(p), "%s/k.conf", dir);
	kc_conf_defaults(&c);
	/* Missing: fine unless required. */
	assert_int_equal(kc_conf_load(p, false, &c), 0);
	assert_int_equal(kc_conf_load(p, true, &c), -ENOENT);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs("size = 64\n", f);
	fclose(f);
	assert_int_equal(chmod(p, 0644), 0);
	assert_int_equal(kc_conf_load(p, true, &c), 0);
	assert_int_equal(c.size_mib, 64);
	/* Writable by others: refused. */
	assert_int_equal(chmod(p, 0646), 0);
	assert_int_equal(kc_conf_load(p, true, &c), -EPERM);
	assert_int_equal(chmod(p, 0664), 0);
	assert_int_equal(kc_conf_load(p, true, &c), -EPERM);
	/* A NUL byte is not silently truncated. */
	f = fopen(p, "w");
	assert_non_null(f);
	fwrite("size = 64\n\0size = 32\n", 1, 21, f);
	fclose(f);
	assert_int_equal(chmod(p, 0600), 0);
	assert_int_equal(kc_conf_load(p, true, &c), -EINVAL);
	/* A directory is not a configuration file. */
	assert_int_equal(kc_conf_load(dir, true, &c), -EINVAL);
	unlink(p);
	rmdir(dir);
	kc_set_mute(false);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults),
		cmocka_unit_test(all_keys),
		cmocka_unit_test(errors_name_file_and_line),
		cmocka_unit_test(long_values),
		cmocka_unit_test(load_file),
	};

	return cmocka_run_group_tests_name("conf", tests, NULL, NULL);
}
