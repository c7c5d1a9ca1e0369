// SPDX-License-Identifier: GPL-2.0-only
#include "cpio.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "parse.h"

/* cpio names are paths; the kernel caps them at PATH_MAX. */
#define KC_CPIO_NAME_MAX 4096

void kc_cpio_init(struct kc_cpio *c)
{
	memset(c, 0, sizeof(*c));
	c->state = KC_CP_BETWEEN;
}

bool kc_cpio_complete(const struct kc_cpio *c)
{
	return c->trailers > 0 && (c->state == KC_CP_BETWEEN ||
				   c->state == KC_CP_STOP);
}

static uint64_t pad4(uint64_t off)
{
	return (4 - (off & 3)) & 3;
}

static int header_done(struct kc_cpio *c)
{
	uint64_t f[13];
	unsigned int i;

	if (memcmp(c->hdr, "070701", 6) != 0 &&
	    memcmp(c->hdr, "070702", 6) != 0)
		return -EINVAL;
	for (i = 0; i < 13; i++)
		if (kc_parse_hex_n((const char *)c->hdr + 6 + (size_t)i * 8, 8, &f[i]))
			return -EINVAL;
	c->mode = f[1];
	c->filesize = f[6];
	c->namesize = f[11];
	if (c->namesize == 0 || c->namesize > KC_CPIO_NAME_MAX)
		return -EINVAL;
	c->npos = 0;
	c->ntail[0] = '\0';
	c->skip = c->namesize;
	c->state = KC_CP_NAME;
	return 0;
}

static bool is_trailer(const struct kc_cpio *c);

/* The kernel unpacks relative to /: "init", "./init" and "/init" alike. */
static bool is_init(const struct kc_cpio *c)
{
	static const char *const names[] = { "init", "./init", "/init" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (c->namesize == strlen(names[i]) + 1 &&
		    !memcmp(c->name, names[i], c->namesize))
			return true;
	return false;
}

/*
 * dracut's systemd module links /init to usr/lib/systemd/systemd; any
 * target whose last component is "systemd" counts.
 */
static enum kc_cpio_init init_kind(const struct kc_cpio *c)
{
	const char *base;

	if (!c->want_link)
		return KC_INIT_OTHER;
	base = strrchr(c->link, '/');
	base = base ? base + 1 : c->link;
	return strcmp(base, "systemd") ? KC_INIT_OTHER : KC_INIT_SYSTEMD;
}

/*
 * A module's decompressed size, or its file size when its bytes do not
 * say (counted in modules_unknown).
 */
static void module_done(struct kc_cpio *c)
{
	uint64_t size;

	if (kc_module_size(c->mod, c->filesize, c->mhead, c->mhlen, c->mtail,
			   c->mtlen, &size)) {
		size = c->filesize;
		c->modules_unknown++;
	}
	c->module_files++;
	c->modules += (size + KC_PAGE_SIZE - 1) & ~(KC_PAGE_SIZE - 1);
}

static void entry_done(struct kc_cpio *c)
{
	/* The name includes its NUL: "TRAILER!!!" is 11 bytes. */
	if (is_trailer(c)) {
		c->trailers++;
		return;
	}
	if (c->mod != KC_MOD_NONE && (c->mode & S_IFMT) == S_IFREG)
		module_done(c);
	if (is_init(c))
		c->init = init_kind(c);
	c->want_link = false;
	c->entries++;
	c->data += (c->filesize + KC_PAGE_SIZE - 1) & ~(KC_PAGE_SIZE - 1);
}

static bool is_trailer(const struct kc_cpio *c)
{
	return c->namesize == 11 && !memcmp(c->name, "TRAILER!!!", 11);
}

/* The last characters of the name, without its NUL, as they stream by. */
static void name_tail(struct kc_cpio *c, const unsigned char *buf,
		      uint64_t n)
{
	const size_t max = sizeof(c->ntail) - 1;
	uint64_t k;

	for (k = 0; k < n; k++) {
		size_t len;

		if (c->npos + k >= c->namesize - 1)
			break;
		len = strlen(c->ntail);
		if (len == max) {
			memmove(c->ntail, c->ntail + 1, max - 1);
			len--;
		}
		c->ntail[len] = (char)buf[k];
		c->ntail[len + 1] = '\0';
	}
}

/* A module's first and last bytes, which say its decompressed size. */
static void module_bytes(struct kc_cpio *c, const unsigned char *p,
			 uint64_t n)
{
	size_t k;

	if (c->mhlen < sizeof(c->mhead)) {
		k = sizeof(c->mhead) - c->mhlen;
		if (k > n)
			k = (size_t)n;
		memcpy(c->mhead + c->mhlen, p, k);
		c->mhlen += k;
	}
	if (n >= sizeof(c->mtail)) {
		memcpy(c->mtail, p + n - sizeof(c->mtail), sizeof(c->mtail));
		c->mtlen = sizeof(c->mtail);
		return;
	}
	if (c->mtlen + n > sizeof(c->mtail)) {
		k = c->mtlen + (size_t)n - sizeof(c->mtail);
		memmove(c->mtail, c->mtail + k, c->mtlen - k);
		c->mtlen -= k;
	}
	memcpy(c->mtail + c->mtlen, p, (size_t)n);
	c->mtlen += (size_t)n;
}

/*
 * Of [buf, buf + n) at c->offset, the bytes that are the entry's data
 * (not its padding): the /init link's target, a module's ends.
 */
static void data_bytes(struct kc_cpio *c, const unsigned char *buf,
		       uint64_t n)
{
	uint64_t from = c->offset, to = c->offset + n;
	const uint64_t end = c->data_start + c->filesize;
	const unsigned char *p;

	if (from < c->data_start)
		from = c->data_start;
	if (to > end)
		to = end;
	if (from >= to)
		return;
	p = buf + (from - c->offset);
	if (c->want_link)
		memcpy(c->link + (from - c->data_start), p,
		       (size_t)(to - from));
	if (c->mod != KC_MOD_NONE)
		module_bytes(c, p, to - from);
}

int kc_cpio_feed(struct kc_cpio *c, const unsigned char *buf, size_t len,
		 size_t *used)
{
	size_t i = 0;

	while (c->state != KC_CP_STOP) {
		uint64_t n;

		/*
		 * An entry ends as soon as its data and padding are skipped,
		 * even with no input left, so that completion is exact.
		 */
		if (c->state == KC_CP_DATA && c->skip == 0) {
			entry_done(c);
			c->hpos = 0;
			c->state = is_trailer(c) ? KC_CP_BETWEEN : KC_CP_HDR;
			continue;
		}
		if (i == len)
			break;
		switch (c->state) {
		case KC_CP_BETWEEN:
			/* Zero padding between archives, in 4-byte units. */
			if (buf[i] == 0) {
				i++;
				c->offset++;
				continue;
			}
			if (buf[i] != '0' || c->offset & 3) {
				if (c->trailers == 0)
					return -EINVAL;
				/* Something else follows: stop here. */
				c->state = KC_CP_STOP;
				continue;
			}
			c->hpos = 0;
			c->state = KC_CP_HDR;
			continue;
		case KC_CP_HDR:
			n = sizeof(c->hdr) - c->hpos;
			if (n > len - i)
				n = len - i;
			memcpy(c->hdr + c->hpos, buf + i, (size_t)n);
			c->hpos += (size_t)n;
			i += (size_t)n;
			c->offset += n;
			if (c->hpos == sizeof(c->hdr) && header_done(c))
				return -EINVAL;
			continue;
		case KC_CP_NAME:
			n = len - i;
			if (n > c->skip)
				n = c->skip;
			if (c->npos < sizeof(c->name)) {
				size_t k = sizeof(c->name) - c->npos;

				if (k > n)
					k = (size_t)n;
				memcpy(c->name + c->npos, buf + i, k);
			}
			name_tail(c, buf + i, n);
			c->npos += (size_t)n;
			c->skip -= n;
			i += (size_t)n;
			c->offset += n;
			if (c->skip)
				continue;
			/* Name padding, data, data padding: one skip. */
			c->data_start = c->offset + pad4(c->offset);
			c->want_link = (c->mode & S_IFMT) == S_IFLNK &&
				       c->filesize < sizeof(c->link) &&
				       is_init(c);
			memset(c->link, 0, sizeof(c->link));
			c->mod = kc_module_kind(c->ntail);
			c->mhlen = 0;
			c->mtlen = 0;
			n = c->data_start + c->filesize;
			c->skip = n - c->offset + pad4(n);
			c->state = KC_CP_DATA;
			continue;
		case KC_CP_DATA:
			n = len - i;
			if (n > c->skip)
				n = c->skip;
			data_bytes(c, buf + i, n);
			c->skip -= n;
			i += (size_t)n;
			c->offset += n;
			continue;
		default:
			return -EINVAL;
		}
	}
	if (used)
		*used = i;
	return 0;
}
