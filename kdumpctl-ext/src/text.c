// SPDX-License-Identifier: GPL-2.0-only
#include "text.h"

#include <errno.h>
#include <string.h>

int kc_next_line(const char **text, char *buf, size_t len)
{
	const char *p = *text;
	size_t n = strcspn(p, "\n");

	if (!*p)
		return 0;
	*text = p[n] ? p + n + 1 : p + n;
	if (n >= len) {
		buf[0] = '\0';
		return -E2BIG;
	}
	memcpy(buf, p, n);
	buf[n] = '\0';
	return 1;
}

char *kc_trim(char *s)
{
	char *e;

	s += strspn(s, " \t");
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}
