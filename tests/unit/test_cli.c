// SPDX-License-Identifier: GPL-2.0-only
/*
 * The command line as util-linux tools have it: a usage per command
 * (COMMAND --help, help COMMAND), options that mean nothing for the
 * command refused by their exact name, different lines for an unknown
 * option and a missing argument, a "Try" line, one JSON object on every
 * path with --json, and "must be run as root" for state changes.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "cmd.h"
#include "fakeroot.h"
#include "usage.h"
#include "util.h"

#ifndef KC_MANPAGE
#error "KC_MANPAGE must name kexeccma.8 (see Makefile)"
#endif

static int setup(void **st)
{
	(void)st;
	fr_setup(512);
	return 0;
}

static int teardown(void **st)
{
	(void)st;
	fr_teardown();
	return 0;
}

static void assert_has(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("lacks \"%s\": %s", needle, hay);
}

static void assert_lacks(const char *hay, const char *needle)
{
	if (strstr(hay, needle))
		fail_msg("has \"%s\": %s", needle, hay);
}

/* A usage error: exit 2, the line, and the "Try" line for cmd. */
static void assert_usage(const char *line, const char *cmd)
{
	char try[128];

	assert_has(fr_errbuf, line);
	snprintf(try, sizeof(try), "Try 'kexeccma %s%s--help' for more information.",
		 cmd, cmd[0] ? " " : "");
	assert_has(fr_errbuf, try);
	assert_int_equal(fr_k.allocs, 0);
}

static void per_command_help(void **st)
{
	char start_help[8192];

	(void)st;
	assert_int_equal(fr_main("start", "--help", NULL), KC_EXIT_OK);
	assert_has(fr_out, "Usage: kexeccma start [OPTIONS]");
	assert_has(fr_out, "--size MiB|auto");
	assert_has(fr_out, "--retries N");
	assert_lacks(fr_out, "Commands:");
	snprintf(start_help, sizeof(start_help), "%s", fr_out);
	assert_int_equal(fr_main("help", "start", NULL), KC_EXIT_OK);
	assert_string_equal(fr_out, start_help);
	/* stop's options only. */
	assert_int_equal(fr_main("stop", "-h", NULL), KC_EXIT_OK);
	assert_has(fr_out, "--lock-timeout S");
	assert_has(fr_out, "--backend NAME");
	assert_lacks(fr_out, "--size");
	assert_lacks(fr_out, "--kernel");
	assert_int_equal(fr_main("help", "release", NULL), KC_EXIT_OK);
	assert_lacks(fr_out, "--backend");
	/* The whole list. */
	assert_int_equal(fr_main("help", NULL), KC_EXIT_OK);
	assert_has(fr_out, "Commands:");
	assert_has(fr_out, "kexeccma help COMMAND");
	assert_int_equal(fr_main("help", "frobnicate", NULL), KC_EXIT_USAGE);
	assert_usage("unknown command 'frobnicate'", "");
}

static void option_not_for_command(void **st)
{
	(void)st;
	assert_int_equal(fr_main("--size", "64", "status", NULL),
			 KC_EXIT_USAGE);
	assert_usage("option '--size' does not apply to status", "status");
	assert_int_equal(fr_main("stop", "--kernel", "/boot/k", NULL),
			 KC_EXIT_USAGE);
	assert_usage("option '--kernel' does not apply to stop", "stop");
	assert_int_equal(fr_main("release", "--backend", "kdumpctl", NULL),
			 KC_EXIT_USAGE);
	assert_usage("option '--backend' does not apply to release",
		     "release");
	assert_int_equal(fr_main("estimate", "--retries", "2", NULL),
			 KC_EXIT_USAGE);
	assert_usage("option '--retries' does not apply to estimate",
		     "estimate");
	assert_int_equal(fr_main("allocate", "--file-load", NULL),
			 KC_EXIT_USAGE);
	assert_usage("option '--file-load' does not apply to allocate",
		     "allocate");
}

static void unknown_and_missing(void **st)
{
	(void)st;
	/* The name as typed, not the configuration key. */
	assert_int_equal(fr_main("start", "--lock_timeout=5", NULL),
			 KC_EXIT_USAGE);
	assert_usage("unrecognized option '--lock_timeout'", "start");
	/* Its argument cannot be told from the command: the general line. */
	assert_int_equal(fr_main("--lock_timeout", "5", "start", NULL),
			 KC_EXIT_USAGE);
	assert_usage("unrecognized option '--lock_timeout'", "");
	assert_int_equal(fr_main("start", "--bogus=1", NULL), KC_EXIT_USAGE);
	assert_usage("unrecognized option '--bogus'\n", "start");
	/* One letter of a cluster, not the cluster. */
	assert_int_equal(fr_main("-qx", "start", NULL), KC_EXIT_USAGE);
	assert_usage("invalid option -- 'x'", "start");
	assert_lacks(fr_errbuf, "-qx");
	/* A missing argument says so. */
	assert_int_equal(fr_main("start", "--size", NULL), KC_EXIT_USAGE);
	assert_usage("option '--size' requires an argument", "start");
	assert_int_equal(fr_main("status", "--json=yes", NULL),
			 KC_EXIT_USAGE);
	assert_usage("option '--json' does not take an argument", "status");
	/* A bad value names the option, not the key. */
	assert_int_equal(fr_main("start", "--lock-timeout", "abc", NULL),
			 KC_EXIT_USAGE);
	assert_usage("--lock-timeout \"abc\" is not a whole number", "start");
	assert_lacks(fr_errbuf, "lock_timeout");
	assert_int_equal(fr_main("stop", "extra", NULL), KC_EXIT_USAGE);
	assert_usage("unexpected argument 'extra'", "stop");
	assert_int_equal(fr_main("frobnicate", NULL), KC_EXIT_USAGE);
	assert_usage("unknown command 'frobnicate'", "");
	assert_int_equal(fr_main(NULL), KC_EXIT_USAGE);
	assert_usage("no command given", "");
}

/* Options before or after the command, as getopt_long permutes. */
static void options_anywhere(void **st)
{
	(void)st;
	assert_int_equal(fr_main("--size", "64", "start", "-q", NULL),
			 KC_EXIT_OK);
	assert_true(fr_loaded());
	assert_string_equal(fr_errbuf, "");
	assert_int_equal(fr_main("--lock-timeout=5", "stop", "--json", NULL),
			 KC_EXIT_OK);
	assert_has(fr_out, "\"result\":\"stopped\"");
}

/* With --json, exactly one object on stdout on every path. */
static void json_everywhere(void **st)
{
	char p[512];
	int fd;

	(void)st;
	assert_int_equal(fr_main("--json", "--size", "64", "status", NULL),
			 KC_EXIT_USAGE);
	assert_string_equal(fr_out, "{\"result\":\"failed\",\"exit\":2}\n");
	fr_write("etc/kexeccma.conf", "bogus = 1\n");
	assert_int_equal(fr_main("--json", "start", NULL), KC_EXIT_CONFIG);
	assert_string_equal(fr_out, "{\"result\":\"failed\",\"exit\":3}\n");
	fr_remove("etc/kexeccma.conf");
	/* estimate that cannot size anything. */
	assert_int_equal(fr_main("estimate", "--json", "--kernel",
				 "/nonexistent", NULL), KC_EXIT_FAIL);
	assert_string_equal(fr_out, "{\"result\":\"failed\",\"exit\":1}\n");
	/* allocate while a crash kernel is loaded. */
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	assert_int_equal(fr_main("allocate", "--json", NULL), KC_EXIT_OK);
	assert_string_equal(fr_out,
			    "{\"result\":\"already-loaded\",\"size_mib\":64}\n");
	/* stop when the lock is held. */
	snprintf(p, sizeof(p), "%s/run/kexeccma.lock", fr_root);
	fd = open(p, O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_EX), 0);
	assert_int_equal(fr_main("stop", "--json", "--lock-timeout", "0",
				 NULL), KC_EXIT_LOCKED);
	assert_string_equal(fr_out, "{\"result\":\"failed\",\"exit\":8}\n");
	close(fd);
}

/* Run "kexeccma CMD" without a root prefix as another user. */
static int run_unprivileged(const char *cmd, char *err, size_t len)
{
	char *argv[] = { (char *)"kexeccma", (char *)cmd, NULL };
	int pfd[2], status;
	ssize_t n;
	pid_t pid;

	assert_int_equal(pipe(pfd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(pfd[1], 2);
		close(pfd[0]);
		if (geteuid() == 0 && setuid(65534))
			_exit(99);
		_exit(kc_main(2, argv));
	}
	close(pfd[1]);
	n = read(pfd[0], err, len - 1);
	err[n > 0 ? n : 0] = '\0';
	close(pfd[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void must_be_root(void **st)
{
	const char *cmds[] = { "start", "stop", "allocate", "release" };
	char err[1024];
	size_t i;

	(void)st;
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		char want[64];

		assert_int_equal(run_unprivileged(cmds[i], err, sizeof(err)),
				 KC_EXIT_FAIL);
		snprintf(want, sizeof(want), "kexeccma %s must be run as root",
			 cmds[i]);
		assert_has(err, want);
		assert_lacks(err, "lock");
	}
}

/* The options named on a roff line: "\-\-no\-file\-load" -> ids. */
static unsigned int line_opts(const char *line)
{
	unsigned int mask = 0;
	const char *p = line;

	while ((p = strstr(p, "\\-\\-")) != NULL) {
		char name[64];
		size_t n = 0, i;

		for (p += 4; n + 1 < sizeof(name); ) {
			if (p[0] == '\\' && p[1] == '-') {
				name[n++] = '-';
				p += 2;
			} else if ((*p >= 'a' && *p <= 'z')) {
				name[n++] = *p++;
			} else {
				break;
			}
		}
		name[n] = '\0';
		for (i = 0; i < KC_OPT_COUNT; i++)
			if (!strcmp(kc_optdefs[i].name, name))
				mask |= KC_OPT_BIT(i);
	}
	return mask;
}

/*
 * kexeccma.8 says, in brackets under each option, which commands take
 * it: the same as the table the parser uses.
 */
static void man_page_matches_parser(void **st)
{
	static const char *const cmds[] = {
		"estimate", "start", "stop", "status", "allocate", "release",
	};
	static char page[1 << 16];
	char *line, *save = NULL, prev[256] = "";
	unsigned int documented = 0;
	FILE *f = fopen(KC_MANPAGE, "r");
	size_t len, i;

	(void)st;
	assert_non_null(f);
	len = fread(page, 1, sizeof(page) - 1, f);
	fclose(f);
	page[len] = '\0';
	for (line = strtok_r(page, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		unsigned int opts = line_opts(prev);

		if (line[0] == '[' && opts) {
			for (i = 0; i < KC_ARRAY_SIZE(cmds); i++) {
				const struct kc_cmddef *c = kc_cmd_find(cmds[i]);
				bool man = strstr(line, cmds[i]) != NULL;

				assert_non_null(c);
				if (man != ((c->opts & opts) == opts))
					fail_msg("kexeccma.8 \"%s\" under %s disagrees with %s's options",
						 line, prev, cmds[i]);
			}
			documented |= opts;
		}
		snprintf(prev, sizeof(prev), "%s", line);
	}
	/* Every option that sets a configuration key is documented so. */
	for (i = 0; i < KC_OPT_COUNT; i++)
		if (kc_optdefs[i].key && !(documented & KC_OPT_BIT(i)))
			fail_msg("kexeccma.8 does not say which commands take --%s",
				 kc_optdefs[i].name);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(per_command_help),
		T(option_not_for_command),
		T(unknown_and_missing),
		T(options_anywhere),
		T(json_everywhere),
		T(must_be_root),
		cmocka_unit_test(man_page_matches_parser),
	};

	return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
