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
#include <sys/wait.h>
#include <unistd.h>

#include "frame.h"
#include "run.h"
#include "util.h"

/* Refuse to count more than this: a decompression bomb, not an initrd. */
#define KC_INITRD_MAX_UNPACKED (64ULL << 30)

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

#define DC(n, m, p, a, b) { n, m, sizeof(m), p, a, b }
static const struct kc_decomp decomps[] = {
	DC("gzip", m_gzip, "gzip", a_dc, NULL),
	DC("gzip", m_gzip_old, "gzip", a_dc, NULL),
	DC("xz", m_xz, "xz", a_dc, kc_xz_end),
	DC("lzma", m_lzma, "xz", a_lzma, NULL),
	DC("bzip2", m_bzip2, "bzip2", a_dc, kc_bzip2_end),
	DC("lz4", m_lz4, "lz4", a_dc, kc_lz4_end),
	DC("zstd", m_zstd, "zstd", a_zstd, kc_zstd_end),
	DC("lzo", m_lzo, "lzop", a_dc, NULL),
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

/* One segment: the input range, and what its output held. */
struct segment {
	const struct kc_decomp *d;
	uint64_t off;
	uint64_t end;		/* the file's size until known */
	bool bounded;		/* the decompressor sees [off, end) only */
	struct kc_cpio cpio;
	uint64_t total;		/* bytes of output */
	uint32_t crc;		/* CRC-32 of the output */
	int err;
	int status;		/* the decompressor's, as kc_run_pipe() */
};

/* The whole walk: the file and what it sums up to. */
struct walk {
	int fd;
	uint64_t size;
	struct kc_initrd *out;
	char *why;
	size_t whylen;
};

static int count_sink(void *arg, const unsigned char *buf, size_t len)
{
	struct segment *sg = arg;
	size_t used;

	sg->total += len;
	if (sg->total > KC_INITRD_MAX_UNPACKED) {
		sg->err = -EFBIG;
		return -EFBIG;
	}
	sg->crc = kc_crc32(sg->crc, buf, len);
	/* Only cpio and zero padding inside: the kernel says "junk". */
	if (kc_cpio_feed(&sg->cpio, buf, len, &used) ||
	    sg->cpio.state == KC_CP_STOP) {
		sg->err = -EINVAL;
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

int kc_decomp_run(const struct kc_decomp *d, const char *prog, int fd,
		  uint64_t off, uint64_t len, kc_sink sink, void *arg,
		  int *status)
{
	const char *argv[8];
	pid_t feeder = -1;
	size_t i;
	int in, ret;

	argv[0] = prog;
	for (i = 0; i < 6 && d->args[i]; i++)
		argv[i + 1] = d->args[i];
	argv[i + 1] = NULL;
	if (len) {
		in = kc_feed_range(fd, off, len, &feeder);
		if (in < 0)
			return in;
	} else {
		if (lseek(fd, (off_t)off, SEEK_SET) < 0)
			return -errno;
		in = fd;
	}
	ret = kc_run_pipe(prog, argv, in, sink, arg, status);
	if (feeder > 0) {
		close(in);
		while (waitpid(feeder, NULL, 0) < 0 && errno == EINTR)
			;
	}
	return ret;
}

/* Run the decompressor prog on the segment's input, counting its output. */
static int run_decompressor(const struct walk *w, struct segment *sg,
			    const char *prog)
{
	kc_cpio_init(&sg->cpio);
	return kc_decomp_run(sg->d, prog, w->fd, sg->off,
			     sg->bounded ? sg->end - sg->off : 0, count_sink,
			     sg, &sg->status);
}

/* Tries at most this many places for the end of several gzip members. */
#define KC_GZIP_TRIES 8

/*
 * Several gzip members back to back, then something else: gzip read
 * them all, and their trailers do not hold the CRC of all the output.
 * The kernel takes them one by one: find where the first ends (a gzip
 * header follows it) by decompressing up to each candidate.
 */
static int gzip_first_member(const struct walk *w, struct segment *sg,
			     const char *prog)
{
	static const unsigned char hdr[3] = { 0x1f, 0x8b, 0x08 };
	unsigned char buf[65536 + 2];
	uint64_t base;
	int tries = 0;

	for (base = sg->off + 18; base < w->size; base += 65536) {
		size_t n = w->size - base < sizeof(buf) ?
			   (size_t)(w->size - base) : sizeof(buf), i;
		ssize_t got = pread(w->fd, buf, n, (off_t)base);

		if (got < 0 || (size_t)got != n)
			return -EIO;
		for (i = 0; i + 3 <= n && i < 65536; i++) {
			if (memcmp(buf + i, hdr, 3) != 0)
				continue;
			if (++tries > KC_GZIP_TRIES || kc_interrupted)
				return -EINVAL;
			sg->bounded = true;
			sg->end = base + i;
			sg->total = 0;
			sg->crc = 0;
			sg->err = 0;
			if (!run_decompressor(w, sg, prog) && !sg->err &&
			    sg->status == 0 && kc_cpio_complete(&sg->cpio))
				return 0;
		}
	}
	return -EINVAL;
}

/* Where an unbounded gzip segment ended; 0 or -EINVAL. */
static int gzip_ended(const struct walk *w, struct segment *sg,
		      const char *prog)
{
	/* All the rest was gzip members (and zeros): nothing follows. */
	if (sg->status == 0) {
		sg->end = w->size;
		return 0;
	}
	/* 2: "trailing garbage ignored", the next segment. */
	if (sg->status != 2)
		return -EINVAL;
	if (!kc_gzip_end(w->fd, sg->off, w->size, sg->crc, sg->total,
			 &sg->end))
		return 0;
	return gzip_first_member(w, sg, prog);
}

/*
 * The decompressor read its segment to a clean end: bounded segments,
 * and lzma and lzo ones (which run to the end of the file), exit 0.
 */
static bool ended_cleanly(const struct walk *w, struct segment *sg,
			  const char *prog)
{
	if (!sg->bounded && !strcmp(sg->d->name, "gzip"))
		return gzip_ended(w, sg, prog) == 0;
	return sg->status == 0;
}

/* The decompressor's verdict and the output's; 0 or -errno with why. */
static int check_segment(const struct walk *w, struct segment *sg,
			 const char *prog, int ret)
{
	unsigned long long at = sg->off;

	/* Killed with us (systemd stops the whole control group). */
	if (kc_interrupted) {
		snprintf(w->why, w->whylen, "interrupted by %s",
			 kc_signal_name(kc_interrupted));
		return -EINTR;
	}
	if (ret == -EFBIG || sg->err == -EFBIG) {
		snprintf(w->why, w->whylen,
			 "the initrd unpacks to more than %llu GiB",
			 KC_INITRD_MAX_UNPACKED >> 30);
		return -EFBIG;
	}
	if (ret || sg->err) {
		snprintf(w->why, w->whylen,
			 "the %s data at byte %llu does not hold cpio archives only (at output byte %llu)",
			 sg->d->name, at,
			 (unsigned long long)sg->cpio.offset);
		return -EINVAL;
	}
	/* Not by us (we kill it only when its output is refused above). */
	if (sg->status >= KC_RUN_SIGNALED) {
		snprintf(w->why, w->whylen, "%s was killed by %s", sg->d->prog,
			 kc_signal_name(sg->status - KC_RUN_SIGNALED));
		return -EIO;
	}
	if (!ended_cleanly(w, sg, prog) || !kc_cpio_complete(&sg->cpio)) {
		snprintf(w->why, w->whylen,
			 "the %s data at byte %llu is truncated or corrupt (%s exit status %d%s)",
			 sg->d->name, at, sg->d->prog, sg->status,
			 kc_cpio_complete(&sg->cpio) ? "" :
			 ", incomplete cpio archive");
		return -EINVAL;
	}
	return 0;
}

/*
 * What an archive adds beyond its files: its modules, and its /init (as
 * the kernel unpacks in order, a later /init replaces an earlier).
 */
static void take_init(struct kc_initrd *out, const struct kc_cpio *c)
{
	if (c->init != KC_INIT_NONE)
		out->init_systemd = c->init == KC_INIT_SYSTEMD;
	out->modules += c->modules;
	out->module_files += c->module_files;
	out->modules_unknown += c->modules_unknown;
}

/*
 * A compressed segment at *off: found, decompressed and counted; *off
 * moves to its end. zstd, xz, lz4 and bzip2 segments are bounded before
 * they are decompressed, gzip ones after; lzma and lzo ones run to the
 * end of the file.
 */
static int walk_compressed(const struct walk *w, uint64_t *off)
{
	char prog[KC_PATH_MAX];
	struct segment sg;
	unsigned char magic[8];
	ssize_t n;
	int ret;

	memset(&sg, 0, sizeof(sg));
	sg.off = *off;
	sg.end = w->size;
	n = pread(w->fd, magic, sizeof(magic), (off_t)sg.off);
	sg.d = n > 0 ? kc_decomp_detect(magic, (size_t)n) : NULL;
	if (!sg.d) {
		snprintf(w->why, w->whylen,
			 "unknown data at byte %llu (not cpio, gzip, xz, lzma, bzip2, lz4, zstd or lzo)",
			 (unsigned long long)sg.off);
		return -EINVAL;
	}
	if (sg.d->bound) {
		ret = sg.d->bound(w->fd, sg.off, w->size, &sg.end);
		if (ret) {
			snprintf(w->why, w->whylen,
				 "the %s data at byte %llu is truncated or corrupt (no end of stream)",
				 sg.d->name, (unsigned long long)sg.off);
			return ret;
		}
		sg.bounded = true;
	}
	ret = kc_find_prog(sg.d->prog, prog, sizeof(prog));
	if (ret) {
		snprintf(w->why, w->whylen,
			 "the initrd has %s data at byte %llu but %s is not installed",
			 sg.d->name, (unsigned long long)sg.off, sg.d->prog);
		return ret;
	}
	ret = check_segment(w, &sg, prog, run_decompressor(w, &sg, prog));
	if (ret)
		return ret;
	w->out->data += sg.cpio.data;
	w->out->entries += sg.cpio.entries;
	take_init(w->out, &sg.cpio);
	append_fmt(w->out, sg.d->name);
	*off = sg.end;
	return 0;
}

/*
 * Plain cpio archives and zero padding from *off on, up to compressed
 * data or the end of the file; *off moves past them.
 */
static int walk_cpio(const struct walk *w, uint64_t *off)
{
	unsigned char buf[65536];
	uint64_t pos = *off;
	struct kc_cpio c;
	int ret = 0;

	kc_cpio_init(&c);
	/* Archives start 4-aligned in the file, as the kernel checks. */
	c.offset = *off;
	while (pos < w->size && c.state != KC_CP_STOP) {
		ssize_t n = pread(w->fd, buf, sizeof(buf), (off_t)pos);
		size_t used = 0;

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		ret = kc_cpio_feed(&c, buf, (size_t)n, &used);
		/* Not cpio where an archive may start: compressed data. */
		if (ret && c.state == KC_CP_BETWEEN) {
			pos = c.offset;
			break;
		}
		if (ret) {
			snprintf(w->why, w->whylen,
				 "malformed cpio header at byte %llu",
				 (unsigned long long)(c.offset - c.hpos));
			return ret;
		}
		pos += used;
	}
	if (pos >= w->size && c.state != KC_CP_BETWEEN) {
		snprintf(w->why, w->whylen,
			 "truncated cpio archive at byte %llu",
			 (unsigned long long)*off);
		return -EINVAL;
	}
	if (c.trailers)
		append_fmt(w->out, "cpio");
	w->out->data += c.data;
	w->out->entries += c.entries;
	take_init(w->out, &c);
	*off = pos;
	return 0;
}

int kc_initrd_size(const char *path, struct kc_initrd *out, char *why,
		   size_t whylen)
{
	struct walk w = { -1, 0, out, why, whylen };
	struct stat st;
	uint64_t off = 0;
	int ret = 0;

	memset(out, 0, sizeof(*out));
	why[0] = '\0';
	w.fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (w.fd < 0)
		return -errno;
	if (fstat(w.fd, &st)) {
		ret = -errno;
		goto out;
	}
	w.size = out->packed = (uint64_t)st.st_size;
	if (!w.size) {
		snprintf(why, whylen, "the file is empty");
		ret = -EINVAL;
	}
	/* As unpack_to_rootfs(): cpio, padding, compressed, in any order. */
	while (!ret && off < w.size) {
		ret = walk_cpio(&w, &off);
		if (!ret && off < w.size)
			ret = walk_compressed(&w, &off);
	}
out:
	close(w.fd);
	return ret;
}
