// SPDX-License-Identifier: GPL-2.0-only
/*
 * Compressed archives are decompressed by the system's own decompressor
 * (gzip, xz, zstd, lz4, bzip2, lzop), run with execve() by absolute path
 * with the file as its stdin; the helper only counts the bytes coming out
 * of the pipe and walks their cpio headers. Implementing xz, zstd and lz4
 * decoders here would add thousands of lines of security-sensitive code to
 * a root tool for the sake of a size; the tools that built the initrd are
 * installed wherever it was built, and a wrong output can only make the
 * estimate wrong, which the output cap and the cpio checks bound.
 */
#include "initrd.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parse.h"
#include "run.h"
#include "util.h"

/* Refuse to count more than this: a decompression bomb, not an initrd. */
#define KC_INITRD_MAX_UNPACKED (64ULL << 30)
/* cpio names are paths; the kernel caps them at PATH_MAX. */
#define KC_CPIO_NAME_MAX 4096

enum { CP_HDR, CP_NAME, CP_DATA, CP_BETWEEN, CP_STOP };

void kc_cpio_init(struct kc_cpio *c)
{
	memset(c, 0, sizeof(*c));
	c->state = CP_BETWEEN;
}

bool kc_cpio_complete(const struct kc_cpio *c)
{
	return c->trailers > 0 && (c->state == CP_BETWEEN ||
				   c->state == CP_STOP);
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
	c->filesize = f[6];
	c->namesize = f[11];
	if (c->namesize == 0 || c->namesize > KC_CPIO_NAME_MAX)
		return -EINVAL;
	c->npos = 0;
	c->skip = c->namesize;
	c->state = CP_NAME;
	return 0;
}

static bool is_trailer(const struct kc_cpio *c);

static void entry_done(struct kc_cpio *c)
{
	/* The name includes its NUL: "TRAILER!!!" is 11 bytes. */
	if (is_trailer(c)) {
		c->trailers++;
		return;
	}
	c->entries++;
	c->data += (c->filesize + KC_PAGE_SIZE - 1) & ~(KC_PAGE_SIZE - 1);
}

static bool is_trailer(const struct kc_cpio *c)
{
	return c->namesize == 11 && !memcmp(c->name, "TRAILER!!!", 11);
}

int kc_cpio_feed(struct kc_cpio *c, const unsigned char *buf, size_t len,
		 size_t *used)
{
	size_t i = 0;

	while (c->state != CP_STOP) {
		uint64_t n;

		/*
		 * An entry ends as soon as its data and padding are skipped,
		 * even with no input left, so that completion is exact.
		 */
		if (c->state == CP_DATA && c->skip == 0) {
			entry_done(c);
			c->hpos = 0;
			c->state = is_trailer(c) ? CP_BETWEEN : CP_HDR;
			continue;
		}
		if (i == len)
			break;
		switch (c->state) {
		case CP_BETWEEN:
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
				c->state = CP_STOP;
				continue;
			}
			c->hpos = 0;
			c->state = CP_HDR;
			continue;
		case CP_HDR:
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
		case CP_NAME:
			n = len - i;
			if (n > c->skip)
				n = c->skip;
			if (c->npos < sizeof(c->name)) {
				size_t k = sizeof(c->name) - c->npos;

				if (k > n)
					k = (size_t)n;
				memcpy(c->name + c->npos, buf + i, k);
			}
			c->npos += (size_t)n;
			c->skip -= n;
			i += (size_t)n;
			c->offset += n;
			if (c->skip)
				continue;
			/* Name padding, data, data padding: one skip. */
			n = c->offset + pad4(c->offset) + c->filesize;
			c->skip = n - c->offset + pad4(n);
			c->state = CP_DATA;
			continue;
		case CP_DATA:
			n = len - i;
			if (n > c->skip)
				n = c->skip;
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

static const unsigned char m_gzip[] = { 0x1f, 0x8b };
static const unsigned char m_gzip_old[] = { 0x1f, 0x9e };
static const unsigned char m_xz[] = { 0xfd, '7', 'z', 'X', 'Z', 0x00 };
static const unsigned char m_lzma[] = { 0x5d, 0x00, 0x00 };
static const unsigned char m_bzip2[] = { 'B', 'Z', 'h' };
static const unsigned char m_lz4[] = { 0x02, 0x21, 0x4c, 0x18 };
static const unsigned char m_zstd[] = { 0x28, 0xb5, 0x2f, 0xfd };
static const unsigned char m_lzo[] = { 0x89, 'L', 'Z', 'O' };

static const char *const a_dc[] = { "-dc", NULL };
static const char *const a_zstd[] = { "-dcq", NULL };
static const char *const a_lzma[] = { "--format=lzma", "-dc", NULL };

#define DC(n, m, p, a) { n, m, sizeof(m), p, a }
static const struct kc_decomp decomps[] = {
	DC("gzip", m_gzip, "gzip", a_dc),
	DC("gzip", m_gzip_old, "gzip", a_dc),
	DC("xz", m_xz, "xz", a_dc),
	DC("lzma", m_lzma, "xz", a_lzma),
	DC("bzip2", m_bzip2, "bzip2", a_dc),
	DC("lz4", m_lz4, "lz4", a_dc),
	DC("zstd", m_zstd, "zstd", a_zstd),
	DC("lzo", m_lzo, "lzop", a_dc),
};

const struct kc_decomp *kc_decomp_detect(const unsigned char *buf,
					 size_t len)
{
	size_t i;

	for (i = 0; i < KC_ARRAY_SIZE(decomps); i++)
		if (len >= decomps[i].magic_len &&
		    !memcmp(buf, decomps[i].magic, decomps[i].magic_len))
			return &decomps[i];
	return NULL;
}

struct pipe_count {
	struct kc_cpio cpio;
	uint64_t total;
	int err;
};

static int count_sink(void *arg, const unsigned char *buf, size_t len)
{
	struct pipe_count *pc = arg;
	size_t used;

	pc->total += len;
	if (pc->total > KC_INITRD_MAX_UNPACKED) {
		pc->err = -EFBIG;
		return -EFBIG;
	}
	if (kc_cpio_feed(&pc->cpio, buf, len, &used)) {
		pc->err = -EINVAL;
		return -EINVAL;
	}
	return 0;
}

static void append_fmt(struct kc_initrd *out, const char *name)
{
	size_t n = strlen(out->format);

	snprintf(out->format + n, sizeof(out->format) - n, "%s%s",
		 n ? "+" : "", name);
}

static int decompress_rest(int fd, uint64_t off, const struct kc_decomp *d,
			   struct kc_initrd *out, char *why, size_t whylen)
{
	const char *argv[8];
	char prog[KC_PATH_MAX];
	struct pipe_count pc;
	size_t i;
	int ret, status = 0;

	ret = kc_find_prog(d->prog, prog, sizeof(prog));
	if (ret) {
		snprintf(why, whylen,
			 "the initrd is %s-compressed but %s is not installed",
			 d->name, d->prog);
		return ret;
	}
	argv[0] = prog;
	for (i = 0; i < 6 && d->args[i]; i++)
		argv[i + 1] = d->args[i];
	argv[i + 1] = NULL;
	if (lseek(fd, (off_t)off, SEEK_SET) < 0)
		return -errno;
	memset(&pc, 0, sizeof(pc));
	kc_cpio_init(&pc.cpio);
	ret = kc_run_pipe(prog, argv, fd, count_sink, &pc, &status);
	/* Killed with us (systemd stops the whole control group). */
	if (kc_interrupted) {
		snprintf(why, whylen, "interrupted by %s",
			 kc_signal_name(kc_interrupted));
		return -EINTR;
	}
	if (ret == -EFBIG || pc.err == -EFBIG) {
		snprintf(why, whylen, "the initrd unpacks to more than %llu GiB",
			 KC_INITRD_MAX_UNPACKED >> 30);
		return -EFBIG;
	}
	if (ret || pc.err) {
		snprintf(why, whylen, "the %s data is not a cpio archive",
			 d->name);
		return -EINVAL;
	}
	/* Not by us (we kill it only when its output is refused above). */
	if (status >= KC_RUN_SIGNALED) {
		snprintf(why, whylen, "%s was killed by %s", d->prog,
			 kc_signal_name(status - KC_RUN_SIGNALED));
		return -EIO;
	}
	/*
	 * Trailing zeros after the compressed stream make some decompressors
	 * exit non-zero; a complete cpio stream is what counts.
	 */
	if (!kc_cpio_complete(&pc.cpio)) {
		snprintf(why, whylen, "%s failed (status %d) or the archive is truncated",
			 d->prog, status);
		return -EINVAL;
	}
	out->data += pc.cpio.data;
	out->entries += pc.cpio.entries;
	append_fmt(out, d->name);
	return 0;
}

int kc_initrd_size(const char *path, struct kc_initrd *out, char *why,
		   size_t whylen)
{
	unsigned char buf[65536];
	struct kc_cpio c;
	struct stat st;
	uint64_t off = 0;
	bool cpio_seen = false;
	int fd, ret = 0;

	memset(out, 0, sizeof(*out));
	why[0] = '\0';
	kc_cpio_init(&c);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		ret = -errno;
		goto out;
	}
	out->packed = (uint64_t)st.st_size;
	for (;;) {
		ssize_t n = pread(fd, buf, sizeof(buf), (off_t)off);
		size_t used = 0;
		const struct kc_decomp *d;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = -errno;
			goto out;
		}
		if (n == 0)
			break;
		if (c.state != CP_STOP) {
			ret = kc_cpio_feed(&c, buf, (size_t)n, &used);
			if (ret && off == 0 && c.offset == 0)
				goto compressed;
			if (ret) {
				snprintf(why, whylen,
					 "malformed cpio header near byte %llu",
					 (unsigned long long)c.offset);
				goto out;
			}
			off += used;
			if (c.trailers && !cpio_seen) {
				append_fmt(out, "cpio");
				cpio_seen = true;
			}
			if (c.state != CP_STOP)
				continue;
			n = pread(fd, buf, sizeof(buf), (off_t)off);
			if (n <= 0)
				break;
		}
compressed:
		d = kc_decomp_detect(buf, (size_t)n);
		if (!d) {
			snprintf(why, whylen,
				 "unknown data at byte %llu (not cpio, gzip, xz, lzma, bzip2, lz4, zstd or lzo)",
				 (unsigned long long)off);
			ret = -EINVAL;
			goto out;
		}
		ret = decompress_rest(fd, off, d, out, why, whylen);
		goto out;
	}
	if (!kc_cpio_complete(&c)) {
		snprintf(why, whylen, "truncated cpio archive");
		ret = -EINVAL;
	}
out:
	out->data += c.data;
	out->entries += c.entries;
	close(fd);
	return ret;
}
