// SPDX-License-Identifier: GPL-2.0-only
#include "procfs.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "parse.h"
#include "util.h"

/* procfs files are small; these bounds only stop runaway reads. */
#define KC_MEMINFO_MAX (256U << 10)
#define KC_CMDLINE_MAX_READ (64U << 10)

static size_t line_len(const char *p)
{
	const char *nl = strchr(p, '\n');

	return nl ? (size_t)(nl - p) : strlen(p);
}

/* "  00100000-3fffffff : System RAM" */
static int parse_iomem_line(const char *p, size_t len, unsigned int *depth,
			    struct kc_range *r, const char **name,
			    size_t *name_len)
{
	const char *end = p + len, *dash, *sep;
	int ret;

	*depth = 0;
	while (p < end && *p == ' ') {
		p++;
		(*depth)++;
	}
	dash = memchr(p, '-', (size_t)(end - p));
	if (!dash)
		return -EINVAL;
	sep = memchr(dash, ' ', (size_t)(end - dash));
	if (!sep || end - sep < 3 || memcmp(sep, " : ", 3) != 0)
		return -EINVAL;
	ret = kc_parse_hex_n(p, (size_t)(dash - p), &r->start);
	if (ret)
		return ret;
	ret = kc_parse_hex_n(dash + 1, (size_t)(sep - dash - 1), &r->end);
	if (ret)
		return ret;
	if (r->end < r->start)
		return -EINVAL;
	r->depth = *depth;
	*name = sep + 3;
	*name_len = (size_t)(end - *name);
	return 0;
}

int kc_parse_iomem(const char *text, struct kc_iomem *io,
		   unsigned int *bad_line)
{
	unsigned int lineno = 0;
	const char *p = text;

	memset(io, 0, sizeof(*io));
	while (*p) {
		size_t len = line_len(p), nlen;
		struct kc_range r;
		unsigned int depth;
		const char *name;
		int ret;

		lineno++;
		if (len == 0)
			goto next;
		ret = parse_iomem_line(p, len, &depth, &r, &name, &nlen);
		if (ret) {
			*bad_line = lineno;
			return ret;
		}
		/* Nested System RAM lines would be counted twice. */
		if (depth == 0 && nlen == 10 && !memcmp(name, "System RAM", 10)) {
			if (__builtin_add_overflow(io->system_ram,
						   kc_range_size(&r),
						   &io->system_ram)) {
				*bad_line = lineno;
				return -ERANGE;
			}
		}
		if (nlen == 12 && !memcmp(name, "Crash kernel", 12)) {
			if (io->ncrash >= KC_MAX_CRASH_RANGES) {
				*bad_line = lineno;
				return -E2BIG;
			}
			io->crash[io->ncrash++] = r;
		}
next:
		p += len;
		if (*p == '\n')
			p++;
	}
	return 0;
}

uint64_t kc_iomem_main_size(const struct kc_iomem *io, uint64_t crash_size)
{
	const struct kc_range *top = NULL;
	unsigned int i, n = 0, depth = UINT_MAX;
	uint64_t sum = 0;

	for (i = 0; i < io->ncrash; i++)
		if (io->crash[i].depth < depth)
			depth = io->crash[i].depth;
	for (i = 0; i < io->ncrash; i++) {
		const struct kc_range *r = &io->crash[i];

		if (r->depth != depth)
			continue;
		n++;
		if (__builtin_add_overflow(sum, kc_range_size(r), &sum))
			return crash_size;
		if (!top || r->start > top->start)
			top = r;
	}
	if (n == 2 && top && sum == crash_size)
		return kc_range_size(top);
	return crash_size;
}

int kc_parse_meminfo(const char *text, struct kc_meminfo *mi,
		     unsigned int *bad_line)
{
	unsigned int lineno = 0;
	bool have_total = false;
	const char *p = text;

	memset(mi, 0, sizeof(*mi));
	while (*p) {
		size_t len = line_len(p);
		const char *colon = memchr(p, ':', len);
		char num[32];
		uint64_t *dst = NULL, v;
		const char *q, *e;
		size_t klen, vlen;

		lineno++;
		if (!colon)
			goto bad;
		klen = (size_t)(colon - p);
		if (klen == 8 && !memcmp(p, "MemTotal", 8)) {
			dst = &mi->mem_total;
			have_total = true;
		} else if (klen == 8 && !memcmp(p, "CmaTotal", 8)) {
			dst = &mi->cma_total;
			mi->has_cma = true;
		} else if (klen == 7 && !memcmp(p, "CmaFree", 7)) {
			dst = &mi->cma_free;
		}
		if (!dst)
			goto next;
		q = colon + 1;
		e = p + len;
		/* Stops at the newline or NUL at e at the latest. */
		q += strspn(q, " ");
		/* Value then " kB"; anything else is not meminfo. */
		vlen = (size_t)(e - q);
		if (vlen < 4 || memcmp(q + vlen - 3, " kB", 3) != 0)
			goto bad;
		if ((size_t)(e - 3 - q) >= sizeof(num))
			goto range;
		memcpy(num, q, (size_t)(e - 3 - q));
		num[e - 3 - q] = '\0';
		switch (kc_parse_u64(num, &v)) {
		case 0:
			break;
		case -ERANGE:
			goto range;
		default:
			goto bad;
		}
		if (__builtin_mul_overflow(v, 1024, dst))
			goto range;
next:
		p += len;
		if (*p == '\n')
			p++;
	}
	if (!have_total) {
		*bad_line = lineno;
		return -ENODATA;
	}
	return 0;
bad:
	*bad_line = lineno;
	return -EINVAL;
range:
	*bad_line = lineno;
	return -ERANGE;
}

int kc_parse_cpulist(const char *text, uint64_t *count)
{
	const char *p = text;
	uint64_t total = 0;

	while (*p && *p != '\n') {
		char buf[24];
		size_t n = strcspn(p, ",\n");
		const char *dash = memchr(p, '-', n);
		uint64_t a, b;

		if (n == 0)
			return -EINVAL;
		if (dash) {
			size_t la = (size_t)(dash - p), lb = n - la - 1;

			if (la >= sizeof(buf) || lb >= sizeof(buf))
				return -ERANGE;
			memcpy(buf, p, la);
			buf[la] = '\0';
			if (kc_parse_u64(buf, &a))
				return -EINVAL;
			memcpy(buf, dash + 1, lb);
			buf[lb] = '\0';
			if (kc_parse_u64(buf, &b))
				return -EINVAL;
			if (b < a)
				return -EINVAL;
		} else {
			if (n >= sizeof(buf))
				return -ERANGE;
			memcpy(buf, p, n);
			buf[n] = '\0';
			if (kc_parse_u64(buf, &a))
				return -EINVAL;
			b = a;
		}
		if (b - a == UINT64_MAX ||
		    __builtin_add_overflow(total, b - a + 1, &total))
			return -ERANGE;
		p += n;
		if (*p == ',')
			p++;
	}
	if (total == 0)
		return -EINVAL;
	*count = total;
	return 0;
}

int kc_read_iomem(struct kc_iomem *io)
{
	unsigned int bad = 0;
	char *t;
	int ret = kc_read_rooted("/proc/iomem", KC_IOMEM_MAX, &t, NULL);

	if (ret) {
		kc_err("cannot read /proc/iomem: %s", strerror(-ret));
		return ret;
	}
	ret = kc_parse_iomem(t, io, &bad);
	free(t);
	if (ret)
		kc_err("/proc/iomem line %u is malformed (%s); is procfs mounted?",
		       bad, strerror(-ret));
	return ret;
}

int kc_read_meminfo(struct kc_meminfo *mi)
{
	unsigned int bad = 0;
	char *t;
	int ret = kc_read_rooted("/proc/meminfo", KC_MEMINFO_MAX, &t, NULL);

	if (ret) {
		kc_err("cannot read /proc/meminfo: %s", strerror(-ret));
		return ret;
	}
	ret = kc_parse_meminfo(t, mi, &bad);
	free(t);
	if (ret)
		kc_err("/proc/meminfo line %u is malformed (%s)", bad,
		       strerror(-ret));
	return ret;
}

int kc_read_cmdline(char **cmdline)
{
	size_t len;
	char *t;
	int ret = kc_read_rooted("/proc/cmdline", KC_CMDLINE_MAX_READ, &t,
				 &len);

	if (ret) {
		kc_err("cannot read /proc/cmdline: %s", strerror(-ret));
		return ret;
	}
	while (len && (t[len - 1] == '\n' || t[len - 1] == ' '))
		t[--len] = '\0';
	*cmdline = t;
	return 0;
}

int kc_read_possible_cpus(uint64_t *count)
{
	char *t;
	int ret = kc_read_rooted("/sys/devices/system/cpu/possible", 4096,
				 &t, NULL);

	if (ret)
		return ret;
	ret = kc_parse_cpulist(t, count);
	free(t);
	return ret;
}

int kc_read_osrelease(char *buf, size_t len)
{
	struct utsname u;
	size_t n;
	char *t;

	if (!kc_read_rooted("/proc/sys/kernel/osrelease", 256, &t, &n)) {
		while (n && (t[n - 1] == '\n' || t[n - 1] == ' '))
			t[--n] = '\0';
		if (n && n < len && !strchr(t, '/')) {
			memcpy(buf, t, n + 1);
			free(t);
			return 0;
		}
		free(t);
	}
	if (uname(&u))
		return -errno;
	n = strlen(u.release);
	if (n >= len)
		return -ENAMETOOLONG;
	memcpy(buf, u.release, n + 1);
	return 0;
}
