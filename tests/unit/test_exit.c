// SPDX-License-Identifier: GPL-2.0-only
/*
 * The exit codes documented in kexeccma(8) are the ones in the code: the
 * EXIT STATUS section lists every code of enum kc_exit once, in order,
 * each entry starting with the sentence kc_exit_docs holds, and --help
 * names them all.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fakeroot.h"
#include "util.h"

#ifndef KC_MANPAGE
#error "KC_MANPAGE must name kexeccma.8 (see Makefile)"
#endif

#define MAX_ENTRIES 32

struct entry {
	long code;
	char text[1024];
};

/* Append a roff line's words: macros (.B, .BR, .I) and quotes dropped. */
static void add_text(char *dst, size_t len, const char *line)
{
	char buf[512];
	size_t i, o = 0;

	if (line[0] == '.') {
		line = strchr(line, ' ');
		if (!line)
			return;
		line++;
	}
	for (i = 0; line[i] && o + 1 < sizeof(buf); i++) {
		if (line[i] == '"')
			continue;
		if (line[i] == '\\' && line[i + 1] == '-') {
			buf[o++] = '-';
			i++;
			continue;
		}
		buf[o++] = line[i];
	}
	buf[o] = '\0';
	if (dst[0])
		strncat(dst, " ", len - strlen(dst) - 1);
	strncat(dst, buf, len - strlen(dst) - 1);
}

/* The entries of the EXIT STATUS section, in order. */
static size_t read_exit_status(struct entry *e, size_t max)
{
	static char page[1 << 16];
	char *line, *save = NULL;
	bool in = false, want_code = false;
	size_t n = 0, len;
	FILE *f = fopen(KC_MANPAGE, "r");

	assert_non_null(f);
	len = fread(page, 1, sizeof(page) - 1, f);
	fclose(f);
	page[len] = '\0';
	for (line = strtok_r(page, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, ".SH", 3)) {
			if (in)
				break;
			in = !strcmp(line, ".SH EXIT STATUS");
			continue;
		}
		if (!in)
			continue;
		if (!strcmp(line, ".TP")) {
			want_code = true;
			continue;
		}
		if (want_code) {
			assert_true(n < max);
			assert_int_equal(strncmp(line, ".B ", 3), 0);
			e[n].code = strtol(line + 3, NULL, 10);
			e[n].text[0] = '\0';
			n++;
			want_code = false;
			continue;
		}
		if (n)
			add_text(e[n - 1].text, sizeof(e[n - 1].text), line);
	}
	return n;
}

static void man_matches_code(void **st)
{
	struct entry e[MAX_ENTRIES];
	size_t n, i;

	(void)st;
	n = read_exit_status(e, MAX_ENTRIES);
	assert_int_equal(n, KC_EXIT_MAX + 1);
	for (i = 0; i < n; i++) {
		const char *want = kc_exit_docs[i].man;

		assert_int_equal(e[i].code, (long)i);
		assert_non_null(want);
		if (strncmp(e[i].text, want, strlen(want)))
			fail_msg("kexeccma.8, exit %zu: \"%s\", the code says \"%s\"",
				 i, e[i].text, want);
	}
}

static void help_names_every_code(void **st)
{
	char item[128];
	int i;

	(void)st;
	fr_setup(512);
	assert_int_equal(fr_main("--help", NULL), KC_EXIT_OK);
	for (i = 0; i <= KC_EXIT_MAX; i++) {
		snprintf(item, sizeof(item), "%d %s", i, kc_exit_docs[i].brief);
		/* The text may wrap between the number and its words. */
		if (!strstr(fr_out, item)) {
			snprintf(item, sizeof(item), "%d\n%s", i,
				 kc_exit_docs[i].brief);
			if (!strstr(fr_out, item))
				fail_msg("--help lacks exit code %d: %s", i,
					 fr_out);
		}
	}
	fr_teardown();
}

/* stop after unloading, with the area that cannot be freed: exit 9. */
static void stop_half_done(void **st)
{
	(void)st;
	fr_setup(512);
	assert_int_equal(fr_main("start", "--size", "64", NULL), KC_EXIT_OK);
	fr_k.ebusy_free = -1;
	assert_int_equal(fr_main("stop", "--json", NULL),
			 KC_EXIT_INCONSISTENT);
	assert_false(fr_loaded());
	assert_int_equal(fr_allocated_mib(), 64);
	assert_non_null(strstr(fr_errbuf, "64 MiB stay allocated with no crash kernel loaded; run kexeccma stop again"));
	assert_non_null(strstr(fr_out, "\"exit\":9"));
	fr_k.ebusy_free = 0;
	assert_int_equal(fr_main("stop", NULL), KC_EXIT_OK);
	assert_int_equal(fr_allocated_mib(), 0);
	fr_teardown();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(man_matches_code),
		cmocka_unit_test(help_names_every_code),
		cmocka_unit_test(stop_half_done),
	};

	return cmocka_run_group_tests_name("exit", tests, NULL, NULL);
}
