// SPDX-License-Identifier: GPL-2.0-only
#include "shvar.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* A front end's fragment is a few KiB; this only stops a runaway read. */
#define KC_SHVAR_FILE_MAX (256U << 10)

int kc_shell_var(const char *abs, const char *var, char *out, size_t len)
{
	size_t vlen = strlen(var);
	int found = 0;
	char *text, *p;

	if (kc_read_rooted(abs, KC_SHVAR_FILE_MAX, &text, NULL))
		return 0;
	for (p = text; *p; ) {
		size_t n = strcspn(p, "\n");
		char *line = p, *v;

		p += n;
		if (*p)
			*p++ = '\0';
		while (*line == ' ' || *line == '\t')
			line++;
		if (strncmp(line, var, vlen) != 0 || line[vlen] != '=')
			continue;
		v = line + vlen + 1;
		n = strlen(v);
		while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
			v[--n] = '\0';
		if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
			v[n - 1] = '\0';
			v++;
		}
		n = strlen(v);
		if (n >= len) {
			found = -ENAMETOOLONG;
			break;
		}
		memcpy(out, v, n + 1);
		found = 1;	/* the last assignment wins, as in sh */
	}
	free(text);
	return found;
}
