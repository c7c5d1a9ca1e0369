// SPDX-License-Identifier: GPL-2.0-only
#include "json.h"

#include <inttypes.h>

static void quote(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void sep(struct kc_json *j, const char *key)
{
	if (!j->first[j->depth])
		fputc(',', j->f);
	j->first[j->depth] = false;
	if (key) {
		quote(j->f, key);
		fputc(':', j->f);
	}
}

static void open_(struct kc_json *j, const char *key, char c)
{
	sep(j, key);
	fputc(c, j->f);
	if (j->depth + 1 < KC_JSON_DEPTH)
		j->depth++;
	j->first[j->depth] = true;
}

void kc_json_begin(struct kc_json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->first[0] = true;
	fputc('{', f);
	j->depth = 1;
	j->first[1] = true;
}

void kc_json_end(struct kc_json *j)
{
	fputs("}\n", j->f);
	fflush(j->f);
}

void kc_json_obj(struct kc_json *j, const char *key)
{
	open_(j, key, '{');
}

void kc_json_arr(struct kc_json *j, const char *key)
{
	open_(j, key, '[');
}

void kc_json_close(struct kc_json *j, char c)
{
	fputc(c, j->f);
	if (j->depth > 1)
		j->depth--;
}

void kc_json_str(struct kc_json *j, const char *key, const char *v)
{
	sep(j, key);
	quote(j->f, v ? v : "");
}

void kc_json_u64(struct kc_json *j, const char *key, uint64_t v)
{
	sep(j, key);
	fprintf(j->f, "%" PRIu64, v);
}

void kc_json_bool(struct kc_json *j, const char *key, bool v)
{
	sep(j, key);
	fputs(v ? "true" : "false", j->f);
}

void kc_json_null(struct kc_json *j, const char *key)
{
	sep(j, key);
	fputs("null", j->f);
}
