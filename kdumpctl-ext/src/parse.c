// SPDX-License-Identifier: GPL-2.0-only
#include "parse.h"

#include <ctype.h>
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "util.h"

static int parse_digits(const char *s, const char **end, uint64_t *out)
{
	uint64_t v = 0;
	const char *p = s;

	if (!p || *p < '0' || *p > '9')
		return -EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (__builtin_mul_overflow(v, 10, &v) ||
		    __builtin_add_overflow(v, (uint64_t)(*p - '0'), &v))
			return -ERANGE;
	}
	*end = p;
	*out = v;
	return 0;
}

/* Digits, then only characters of trailer up to the end of the string. */
static int parse_u64_then(const char *s, const char *trailer, uint64_t *out)
{
	const char *end;
	uint64_t v;
	int ret;

	ret = parse_digits(s, &end, &v);
	if (ret)
		return ret;
	if (end[strspn(end, trailer)])
		return -EINVAL;
	*out = v;
	return 0;
}

int kc_parse_u64(const char *s, uint64_t *out)
{
	return parse_u64_then(s, "", out);
}

int kc_parse_u64_line(const char *s, uint64_t *out)
{
	return parse_u64_then(s, " \t\n", out);
}

int kc_parse_hex_n(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (len == 0)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		char c = s[i];
		unsigned int d;

		if (c >= '0' && c <= '9')
			d = (unsigned int)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned int)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (unsigned int)(c - 'A' + 10);
		else
			return -EINVAL;
		if (v > (UINT64_MAX >> 4))
			return -ERANGE;
		v = (v << 4) | d;
	}
	*out = v;
	return 0;
}

int kc_parse_size(const char *s, uint64_t unit, uint64_t *bytes)
{
	static const char units[] = "kmgt";
	const char *end;
	uint64_t v, mul;
	int ret;

	ret = parse_digits(s, &end, &v);
	if (ret)
		return ret;
	mul = unit;
	if (*end) {
		/* K, M, G, T (2^10 to 2^40), optionally followed by iB or B. */
		const char *u = strchr(units, tolower((unsigned char)*end));

		if (!u)
			return -EINVAL;
		mul = 1ULL << (10 * (u - units + 1));
		end++;
		if (!strcmp(end, "iB") || !strcmp(end, "B") || !strcmp(end, "b"))
			end += strlen(end);
		if (*end)
			return -EINVAL;
	}
	if (__builtin_mul_overflow(v, mul, &v))
		return -ERANGE;
	*bytes = v;
	return 0;
}

int kc_parse_mib(const char *s, uint64_t *mib)
{
	uint64_t b;
	int ret = kc_parse_size(s, 1ULL << 20, &b);

	if (ret)
		return ret;
	if (b % (1ULL << 20))
		return -EINVAL;
	*mib = b >> 20;
	return 0;
}

int kc_parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	size_t i;

	if (!s)
		return -EINVAL;
	for (i = 0; i < KC_ARRAY_SIZE(yes); i++) {
		if (!strcasecmp(s, yes[i])) {
			*out = true;
			return 0;
		}
		if (!strcasecmp(s, no[i])) {
			*out = false;
			return 0;
		}
	}
	return -EINVAL;
}

int kc_parse_uint_range(const char *s, uint64_t min, uint64_t max,
			uint64_t *out)
{
	uint64_t v;
	int ret = kc_parse_u64(s, &v);

	if (ret)
		return ret;
	if (v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}
