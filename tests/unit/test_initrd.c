// SPDX-License-Identifier: GPL-2.0-only
/*
 * Initrd sizing: uncompressed cpio, every compressor the system has, an
 * early-microcode prefix, and broken input. Compressed fixtures are made
 * with the system's own compressors at test time.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "fakeroot.h"
#include "initrd.h"
#include "util.h"

#define NFILES 10
#define FSIZE 10000
#define DATA (NFILES * 12288ULL)	/* 10000 rounds up to 3 pages */
#define ENTRIES (NFILES + 1)

static unsigned char arc[1 << 20];
static size_t arclen;
static char dir[] = "/tmp/kcinitrd.XXXXXX";
static char why[256];

static int setup(void **st)
{
	(void)st;
	if (!mkdtemp(dir))
		return -1;
	arclen = fr_make_cpio(arc, sizeof(arc), NFILES, FSIZE);
	kc_set_root("");
	return 0;
}

static int teardown(void **st)
{
	char cmd[128];

	(void)st;
	/* Test code only: the fixture directory is ours. */
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

static const char *path(const char *name)
{
	static char p[128];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return p;
}

static void write_file(const char *name, const void *a, size_t alen,
		       const void *b, size_t blen)
{
	FILE *f = fopen(path(name), "wb");

	assert_non_null(f);
	fwrite(a, 1, alen, f);
	if (b)
		fwrite(b, 1, blen, f);
	fclose(f);
}

static size_t read_file(const char *name, unsigned char *buf, size_t len)
{
	FILE *f = fopen(path(name), "rb");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, len, f);
	fclose(f);
	return n;
}

/* Compress in to out with prog (argv after the name), by execv. */
static bool compress(const char *prog, const char *const args[],
		     const char *in, const char *out)
{
	char inp[128], outp[128];
	const char *argv[8];
	int st, i = 0;
	pid_t pid;

	if (access(prog, X_OK))
		return false;
	snprintf(inp, sizeof(inp), "%s", path(in));
	snprintf(outp, sizeof(outp), "%s", path(out));
	argv[i++] = prog;
	for (; *args; args++)
		argv[i++] = *args;
	argv[i] = NULL;
	pid = fork();
	if (pid == 0) {
		int fi = open(inp, O_RDONLY), fo = open(outp, O_WRONLY |
							 O_CREAT | O_TRUNC,
							 0644);

		dup2(fi, 0);
		dup2(fo, 1);
		execv(prog, (char *const *)argv);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static void feed_whole_and_bytewise(void **st)
{
	struct kc_cpio a, b;
	size_t used, i;

	(void)st;
	kc_cpio_init(&a);
	assert_int_equal(kc_cpio_feed(&a, arc, arclen, &used), 0);
	assert_int_equal(used, arclen);
	assert_true(kc_cpio_complete(&a));
	assert_int_equal(a.data, DATA);
	assert_int_equal(a.entries, ENTRIES);
	kc_cpio_init(&b);
	for (i = 0; i < arclen; i++)
		assert_int_equal(kc_cpio_feed(&b, arc + i, 1, NULL), 0);
	assert_true(kc_cpio_complete(&b));
	assert_int_equal(b.data, a.data);
	assert_int_equal(b.entries, a.entries);
}

static void truncated_and_garbage(void **st)
{
	struct kc_initrd ird;
	unsigned char bad[256];
	struct kc_cpio c;
	size_t n;

	(void)st;
	for (n = 1; n < arclen; n += 997) {
		kc_cpio_init(&c);
		assert_int_equal(kc_cpio_feed(&c, arc, n, NULL), 0);
		assert_false(kc_cpio_complete(&c));
	}
	write_file("trunc", arc, arclen - 50, NULL, 0);
	assert_int_equal(kc_initrd_size(path("trunc"), &ird, why,
					sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "truncated"));
	/* Non-hex header field. */
	memcpy(bad, arc, 110);
	memcpy(bad + 6, "zzzzzzzz", 8);
	kc_cpio_init(&c);
	assert_int_equal(kc_cpio_feed(&c, bad, 110, NULL), -EINVAL);
	/* namesize 0 and absurd namesize */
	memcpy(bad, arc, 110);
	memcpy(bad + 94, "00000000", 8);
	kc_cpio_init(&c);
	assert_int_equal(kc_cpio_feed(&c, bad, 110, NULL), -EINVAL);
	memcpy(bad + 94, "FFFFFFFF", 8);
	kc_cpio_init(&c);
	assert_int_equal(kc_cpio_feed(&c, bad, 110, NULL), -EINVAL);
	/* Old binary cpio magic is not newc. */
	memcpy(bad, "070707", 6);
	kc_cpio_init(&c);
	assert_int_equal(kc_cpio_feed(&c, bad, 110, NULL), -EINVAL);
	write_file("empty", "", 0, NULL, 0);
	assert_int_equal(kc_initrd_size(path("empty"), &ird, why,
					sizeof(why)), -EINVAL);
	write_file("junk", "hello world, not an initrd", 26, NULL, 0);
	assert_int_equal(kc_initrd_size(path("junk"), &ird, why,
					sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "unknown data at byte 0"));
	assert_int_equal(kc_initrd_size(path("missing"), &ird, why,
					sizeof(why)), -ENOENT);
}

static void uncompressed(void **st)
{
	struct kc_initrd ird;
	static const unsigned char zeros[512];

	(void)st;
	write_file("plain", arc, arclen, zeros, sizeof(zeros));
	assert_int_equal(kc_initrd_size(path("plain"), &ird, why,
					sizeof(why)), 0);
	assert_int_equal(ird.data, DATA);
	assert_int_equal(ird.entries, ENTRIES);
	assert_int_equal(ird.packed, arclen + 512);
	assert_string_equal(ird.format, "cpio");
}

struct comp {
	const char *name;
	const char *prog;
	const char *args[4];
};

static const struct comp comps[] = {
	{ "gzip", "/usr/bin/gzip", { "-c", NULL } },
	{ "xz", "/usr/bin/xz", { "-c", "--check=crc32", NULL } },
	{ "zstd", "/usr/bin/zstd", { "-c", "-q", NULL } },
	{ "lz4", "/usr/bin/lz4", { "-l", "-c", NULL } },
	{ "bzip2", "/usr/bin/bzip2", { "-c", NULL } },
	{ "lzma", "/usr/bin/xz", { "--format=lzma", "-c", NULL } },
};

static void compressed(void **st)
{
	struct kc_initrd ird;
	size_t i, tested = 0;

	(void)st;
	write_file("arc.cpio", arc, arclen, NULL, 0);
	for (i = 0; i < sizeof(comps) / sizeof(comps[0]); i++) {
		if (!compress(comps[i].prog, comps[i].args, "arc.cpio",
			      comps[i].name)) {
			print_message("# %s not available, skipped\n",
				      comps[i].name);
			continue;
		}
		if (kc_initrd_size(path(comps[i].name), &ird, why,
				   sizeof(why)))
			fail_msg("%s: %s", comps[i].name, why);
		assert_int_equal(ird.data, DATA);
		assert_int_equal(ird.entries, ENTRIES);
		assert_string_equal(ird.format, comps[i].name);
		tested++;
	}
	/* gzip, xz, zstd and lz4 are what initramfs generators use. */
	assert_true(tested >= 4);
}

static void microcode_prefix(void **st)
{
	static unsigned char early[4096], img[1 << 20];
	static const unsigned char pad[512];
	struct kc_initrd ird;
	const char *args[] = { "-c", NULL };
	size_t elen, n;

	(void)st;
	/* An early cpio with one "microcode" file, padded as dracut does. */
	elen = fr_make_cpio(early, sizeof(early), 1, 1000);
	write_file("arc.cpio", arc, arclen, NULL, 0);
	assert_true(compress("/usr/bin/gzip", args, "arc.cpio", "main.gz"));
	n = read_file("main.gz", img, sizeof(img));
	memcpy(early + elen, pad, 512 - elen % 512);
	elen += 512 - elen % 512;
	write_file("ucode", early, elen, img, n);
	assert_int_equal(kc_initrd_size(path("ucode"), &ird, why,
					sizeof(why)), 0);
	assert_string_equal(ird.format, "cpio+gzip");
	assert_int_equal(ird.entries, ENTRIES + 2);
	assert_int_equal(ird.data, DATA + 4096);
	/* Trailing zeros after the compressed stream are tolerated. */
	write_file("padded", img, n, pad, sizeof(pad));
	assert_int_equal(kc_initrd_size(path("padded"), &ird, why,
					sizeof(why)), 0);
	assert_int_equal(ird.data, DATA);
}

static void corrupt_compressed(void **st)
{
	static unsigned char img[1 << 20];
	struct kc_initrd ird;
	const char *args[] = { "-c", NULL };
	size_t n;

	(void)st;
	write_file("arc.cpio", arc, arclen, NULL, 0);
	assert_true(compress("/usr/bin/gzip", args, "arc.cpio", "c.gz"));
	n = read_file("c.gz", img, sizeof(img));
	write_file("half.gz", img, n / 2, NULL, 0);
	assert_int_equal(kc_initrd_size(path("half.gz"), &ird, why,
					sizeof(why)), -EINVAL);
	/* Compressed garbage that is not a cpio archive. */
	write_file("notcpio", "abcdefghij0123456789", 20, NULL, 0);
	assert_true(compress("/usr/bin/gzip", args, "notcpio", "notcpio.gz"));
	assert_int_equal(kc_initrd_size(path("notcpio.gz"), &ird, why,
					sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "does not hold cpio archives only"));
}

static void missing_decompressor(void **st)
{
	struct kc_initrd ird;
	const char *args[] = { "-c", NULL };
	char full[128];

	(void)st;
	write_file("arc.cpio", arc, arclen, NULL, 0);
	assert_true(compress("/usr/bin/gzip", args, "arc.cpio", "m.gz"));
	snprintf(full, sizeof(full), "%s", path("m.gz"));
	/* A root with no gzip in it. */
	kc_set_root(dir);
	assert_int_equal(kc_initrd_size(full, &ird, why, sizeof(why)),
			 -ENOENT);
	kc_set_root("");
	assert_non_null(strstr(why, "gzip is not installed"));
}

/*
 * Several segments, as unpack_to_rootfs() takes them: any mix and order
 * of plain cpio, zero padding and compressed segments. The archives are
 * made by the real cpio, the segments by the real compressors.
 */
static unsigned char img[4 << 20];
static size_t imglen;

/* Append a file made in the fixture directory, or bytes, to img. */
static void add_file(const char *name)
{
	imglen += read_file(name, img + imglen, sizeof(img) - imglen);
}

static void add_zeros(size_t n)
{
	memset(img + imglen, 0, n);
	imglen += n;
}

/* Zeros up to a multiple of 4: a plain cpio archive starts aligned. */
static void add_align(void)
{
	add_zeros((4 - imglen % 4) % 4);
}

/* A newc archive of three files by the cpio program: its data size. */
static uint64_t make_real_cpio(const char *out, uint64_t *entries)
{
	struct kc_cpio c;
	char cmd[512];
	size_t n;

	snprintf(cmd, sizeof(cmd),
		 "set -e; cd %s; rm -rf tree; mkdir -p tree/etc tree/bin; "
		 "head -c 5000 /dev/urandom >tree/bin/a; "
		 "head -c 70000 /dev/urandom >tree/bin/b; echo x >tree/etc/c; "
		 "cd tree; find . | LC_ALL=C sort | cpio -o -H newc --quiet >../%s",
		 dir, out);
	assert_int_equal(system(cmd), 0);
	n = read_file(out, img, sizeof(img));
	kc_cpio_init(&c);
	assert_int_equal(kc_cpio_feed(&c, img, n, NULL), 0);
	assert_true(kc_cpio_complete(&c));
	*entries = c.entries;
	return c.data;
}

static const char *const a_gz[] = { "-c", "-n", NULL };
static const char *const a_xz[] = { "-c", "--check=crc32", NULL };
static const char *const a_zst[] = { "-c", "-q", NULL };
static const char *const a_lz4[] = { "-l", "-c", NULL };
static const char *const a_dc[] = { "-c", NULL };
static const char *const a_lzma[] = { "--format=lzma", "-c", NULL };

/* Both archives, A (real cpio) and B (arc), in every compression. */
static void make_parts(uint64_t *a_data, uint64_t *a_entries)
{
	*a_data = make_real_cpio("A.cpio", a_entries);
	write_file("B.cpio", arc, arclen, NULL, 0);
	assert_true(compress("/usr/bin/gzip", a_gz, "A.cpio", "A.gz"));
	assert_true(compress("/usr/bin/gzip", a_gz, "B.cpio", "B.gz"));
	assert_true(compress("/usr/bin/xz", a_xz, "A.cpio", "A.xz"));
	assert_true(compress("/usr/bin/xz", a_xz, "B.cpio", "B.xz"));
	assert_true(compress("/usr/bin/zstd", a_zst, "A.cpio", "A.zst"));
	assert_true(compress("/usr/bin/zstd", a_zst, "B.cpio", "B.zst"));
	assert_true(compress("/usr/bin/lz4", a_lz4, "B.cpio", "B.lz4"));
	assert_true(compress("/usr/bin/bzip2", a_dc, "A.cpio", "A.bz2"));
	assert_true(compress("/usr/bin/xz", a_lzma, "B.cpio", "B.lzma"));
}

static void size_img(const char *fmt, uint64_t data, uint64_t entries)
{
	struct kc_initrd ird;

	write_file("img", img, imglen, NULL, 0);
	if (kc_initrd_size(path("img"), &ird, why, sizeof(why)))
		fail_msg("%s: %s", fmt, why);
	if (strcmp(ird.format, fmt) || ird.data != data ||
	    ird.entries != entries || ird.packed != imglen)
		fail_msg("%s: got %s, %llu bytes, %llu entries", fmt,
			 ird.format, (unsigned long long)ird.data,
			 (unsigned long long)ird.entries);
}

static void segments(void **st)
{
	uint64_t ad, ae;

	(void)st;
	make_parts(&ad, &ae);
	/* Early cpio, gzip, then a plain cpio: the kernel unpacks all. */
	imglen = 0;
	add_file("B.cpio");
	add_file("A.gz");
	add_align();
	add_file("B.cpio");
	size_img("cpio+gzip+cpio", 2 * DATA + ad, 2 * ENTRIES + ae);
	/* Every compressor, padding between some, lz4 last. */
	imglen = 0;
	add_file("A.gz");
	add_zeros(4);
	add_file("B.zst");
	add_file("A.xz");
	add_zeros(512);
	add_align();
	add_file("B.cpio");
	add_file("B.lz4");
	add_zeros(64);
	size_img("gzip+zstd+xz+cpio+lz4", 3 * DATA + 2 * ad,
		 3 * ENTRIES + 2 * ae);
	/* bzip2 in the middle; lzma, which runs to the end, last. */
	imglen = 0;
	add_file("B.cpio");
	add_file("A.bz2");
	add_align();
	add_file("B.cpio");
	add_file("A.bz2");
	add_file("A.gz");
	add_file("B.lzma");
	size_img("cpio+bzip2+cpio+bzip2+gzip+lzma", 3 * DATA + 3 * ad,
		 3 * ENTRIES + 3 * ae);
	/* lz4 chunks end at padding; a new stream may follow it. */
	imglen = 0;
	add_file("B.lz4");
	add_zeros(4);
	add_file("B.lz4");
	add_zeros(16);
	size_img("lz4+lz4", 2 * DATA, 2 * ENTRIES);
	/* Two of a kind back to back, then a plain cpio after xz. */
	imglen = 0;
	add_file("A.zst");
	add_file("B.zst");
	add_file("B.xz");
	add_zeros(4);
	add_file("A.xz");
	add_align();
	add_file("B.cpio");
	add_file("A.gz");
	add_file("B.gz");
	/* Frames and members back to back count as one segment each. */
	size_img("zstd+xz+xz+cpio+gzip", 4 * DATA + 3 * ad,
		 4 * ENTRIES + 3 * ae);
	/* A gzip member, padding, another, a cpio after the last. */
	imglen = 0;
	add_file("B.gz");
	add_zeros(8);
	add_file("A.gz");
	add_zeros(4);
	add_align();
	add_file("B.cpio");
	add_zeros(512);
	size_img("gzip+gzip+cpio", 2 * DATA + ad, 2 * ENTRIES + ae);
	/* Members back to back, then a cpio: the kernel takes each alone. */
	imglen = 0;
	add_file("B.gz");
	add_file("A.gz");
	add_file("B.gz");
	add_align();
	add_file("B.cpio");
	size_img("gzip+gzip+gzip+cpio", 3 * DATA + ad, 3 * ENTRIES + ae);
}

/* img fails to size, and why names what and the byte offset at. */
static void expect_broken(const char *what, const char *msg, size_t at)
{
	struct kc_initrd ird;
	char want[64];

	write_file("img", img, imglen, NULL, 0);
	if (kc_initrd_size(path("img"), &ird, why, sizeof(why)) != -EINVAL)
		fail_msg("%s: accepted as %s", what, ird.format);
	snprintf(want, sizeof(want), "byte %zu", at);
	if (!strstr(why, msg) || !strstr(why, want))
		fail_msg("%s: lacks \"%s\" or \"%s\": %s", what, msg, want,
			 why);
}

/* A truncated or corrupt segment anywhere fails, naming its offset. */
static void segment_broken(void **st)
{
	struct kc_initrd ird;
	uint64_t ad, ae;
	size_t at, n;
	char want[64];

	(void)st;
	make_parts(&ad, &ae);
	/* Truncated xz after an early cpio, then more. */
	imglen = 0;
	add_file("B.cpio");
	at = imglen;
	n = read_file("A.xz", img + imglen, sizeof(img) - imglen);
	imglen += n / 2;
	add_file("B.cpio");
	write_file("img", img, imglen, NULL, 0);
	assert_int_equal(kc_initrd_size(path("img"), &ird, why, sizeof(why)),
			 -EINVAL);
	snprintf(want, sizeof(want), "xz data at byte %zu", at);
	if (!strstr(why, want))
		fail_msg("lacks \"%s\": %s", want, why);
	/* A byte of zstd data changed, in the middle of the image. */
	for (const char *const *f = (const char *const[]){ "A.zst", "A.gz",
		     "A.xz", NULL }; *f; f++) {
		imglen = 0;
		add_file("B.cpio");
		at = imglen;
		n = read_file(*f, img + imglen, sizeof(img) - imglen);
		img[at + n / 2] ^= 0x55;
		imglen += n;
		add_file("B.cpio");
		write_file("img", img, imglen, NULL, 0);
		assert_int_equal(kc_initrd_size(path("img"), &ird, why,
						sizeof(why)), -EINVAL);
		snprintf(want, sizeof(want), " data at byte %zu", at);
		if (!strstr(why, want))
			fail_msg("%s: lacks \"%s\": %s", *f, want, why);
	}
	/*
	 * What the kernel refuses too: a plain cpio not 4-aligned after
	 * compressed data, anything but padding after lz4 chunks, junk
	 * after the cpio inside a compressed segment.
	 */
	imglen = 0;
	add_file("A.gz");
	if (imglen % 4 == 0)
		add_zeros(1);
	at = imglen;
	add_file("B.cpio");
	expect_broken("unaligned cpio", "at byte", at);
	imglen = 0;
	add_file("B.lz4");
	add_file("B.cpio");
	expect_broken("lz4 then cpio", "lz4 data at byte", 0);
	imglen = 0;
	memcpy(img, arc, arclen);
	memcpy(img + arclen, "junk", 4);
	write_file("junk.cpio", img, arclen + 4, NULL, 0);
	assert_true(compress("/usr/bin/gzip", a_gz, "junk.cpio", "junk.gz"));
	add_file("B.cpio");
	at = imglen;
	add_file("junk.gz");
	expect_broken("junk in gzip", "does not hold cpio archives only", at);
	/* Truncated bzip2 between cpio archives. */
	imglen = 0;
	add_file("B.cpio");
	at = imglen;
	n = read_file("A.bz2", img + imglen, sizeof(img) - imglen);
	imglen += n / 2;
	add_align();
	add_file("B.cpio");
	expect_broken("truncated bzip2", "bzip2 data at byte", at);
	/* Truncated gzip and lz4 at the end. */
	for (const char *const *f = (const char *const[]){ "A.gz", "B.lz4",
		     "A.zst", NULL }; *f; f++) {
		imglen = 0;
		n = read_file(*f, img, sizeof(img));
		imglen = n - n / 3;
		write_file("img", img, imglen, NULL, 0);
		assert_int_equal(kc_initrd_size(path("img"), &ird, why,
						sizeof(why)), -EINVAL);
		if (!strstr(why, " data at byte 0 is"))
			fail_msg("%s: %s", *f, why);
	}
}

/*
 * An archive by the cpio program whose /init is kind: "systemd" (a link
 * to usr/lib/systemd/systemd, as dracut's systemd module makes it),
 * "shell" (a script) or "none"; names start with "./" when dot is set,
 * as find(1) gives them, or not, as dracut's cpio gives them.
 */
static void make_init_cpio(const char *out, const char *kind, bool dot)
{
	char cmd[768];

	snprintf(cmd, sizeof(cmd),
		 "set -e; cd %s; rm -rf tree; mkdir -p tree/usr/lib/systemd; "
		 "head -c 3000 /dev/urandom >tree/usr/lib/systemd/systemd; "
		 "case %s in systemd) ln -s usr/lib/systemd/systemd tree/init ;; "
		 "shell) printf '#!/bin/sh\nexec /sbin/init\n' >tree/init ;; "
		 "esac; cd tree; find %s | LC_ALL=C sort | "
		 "cpio -o -H newc --quiet >../%s",
		 dir, kind, dot ? "." : "usr $(ls -d init 2>/dev/null || true)",
		 out);
	assert_int_equal(system(cmd), 0);
}

/* The kind of init of image "img", as the walker says it. */
static bool img_init_systemd(const char *what)
{
	struct kc_initrd ird;

	write_file("img", img, imglen, NULL, 0);
	if (kc_initrd_size(path("img"), &ird, why, sizeof(why)))
		fail_msg("%s: %s", what, why);
	return ird.init_systemd;
}

/*
 * A systemd initramfs is told by its /init, in any segment, the last one
 * unpacked deciding as in the kernel; a link read a byte at a time too.
 */
static void init_systemd(void **st)
{
	struct kc_cpio c;
	size_t i, n;

	(void)st;
	make_init_cpio("sd.cpio", "systemd", false);
	make_init_cpio("sd-dot.cpio", "systemd", true);
	make_init_cpio("sh.cpio", "shell", false);
	make_init_cpio("none.cpio", "none", true);
	assert_true(compress("/usr/bin/zstd", a_zst, "sd.cpio", "sd.zst"));
	assert_true(compress("/usr/bin/gzip", a_gz, "sh.cpio", "sh.gz"));
	/* Plain, with "./" names, compressed after early microcode. */
	imglen = 0;
	add_file("sd.cpio");
	assert_true(img_init_systemd("systemd link"));
	imglen = 0;
	add_file("sd-dot.cpio");
	assert_true(img_init_systemd("./init"));
	imglen = 0;
	write_file("B.cpio", arc, arclen, NULL, 0);
	add_file("B.cpio");
	add_file("sd.zst");
	add_align();
	assert_true(img_init_systemd("microcode, then zstd"));
	/* A script, none at all, the systemd binary without the link. */
	imglen = 0;
	add_file("sh.gz");
	add_align();
	assert_false(img_init_systemd("shell /init"));
	imglen = 0;
	add_file("none.cpio");
	assert_false(img_init_systemd("no /init"));
	/* A later /init replaces an earlier; an archive without one not. */
	imglen = 0;
	add_file("sd.zst");
	add_align();
	add_file("sh.gz");
	add_align();
	assert_false(img_init_systemd("systemd, then a script"));
	imglen = 0;
	add_file("sh.gz");
	add_align();
	add_file("sd.cpio");
	add_file("none.cpio");
	assert_true(img_init_systemd("a script, then systemd, then none"));
	/* Byte by byte, the link spans every feed. */
	n = read_file("sd.cpio", img, sizeof(img));
	kc_cpio_init(&c);
	for (i = 0; i < n; i++)
		assert_int_equal(kc_cpio_feed(&c, img + i, 1, NULL), 0);
	assert_true(kc_cpio_complete(&c));
	assert_int_equal(c.init, KC_INIT_SYSTEMD);
}

/*
 * Kernel modules in an initrd: each counts at its decompressed size,
 * page-rounded, as the real zstd, xz and gzip say it; a file that is no
 * module (modules.dep) does not count.
 */
static void modules(void **st)
{
	struct kc_initrd ird;
	char cmd[1024];

	(void)st;
	snprintf(cmd, sizeof(cmd),
		 "set -e; cd %s; rm -rf tree; d=tree/usr/lib/modules/6.1.0/kernel; "
		 "mkdir -p $d; head -c 10000 /dev/urandom >$d/a.ko; "
		 "head -c 300000 /dev/urandom >m; zstd -q -c m >$d/b.ko.zst; "
		 "xz --check=crc32 -c m >$d/c.ko.xz; gzip -n -c m >$d/d.ko.gz; "
		 "echo dep >tree/usr/lib/modules/6.1.0/modules.dep; "
		 "cd tree; find . | LC_ALL=C sort | cpio -o -H newc --quiet >../mod.cpio",
		 dir);
	assert_int_equal(system(cmd), 0);
	assert_true(compress("/usr/bin/zstd", a_zst, "mod.cpio", "mod.zst"));
	imglen = 0;
	add_file("mod.zst");
	write_file("img", img, imglen, NULL, 0);
	if (kc_initrd_size(path("img"), &ird, why, sizeof(why)))
		fail_msg("%s", why);
	assert_int_equal(ird.module_files, 4);
	assert_int_equal(ird.modules_unknown, 0);
	assert_int_equal(ird.modules, 3 * 4096 + 3 * 303104);
}

static void detect(void **st)
{
	static const unsigned char zstd[] = { 0x28, 0xb5, 0x2f, 0xfd, 0 };

	(void)st;
	assert_null(kc_decomp_detect((const unsigned char *)"", 0));
	assert_null(kc_decomp_detect(zstd, 3));
	assert_string_equal(kc_decomp_detect(zstd, 5)->name, "zstd");
}

#define T(f) cmocka_unit_test(f)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(feed_whole_and_bytewise),
		T(truncated_and_garbage),
		T(uncompressed),
		T(compressed),
		T(microcode_prefix),
		T(corrupt_compressed),
		T(missing_decompressor),
		T(segments),
		T(segment_broken),
		T(init_systemd),
		T(modules),
		T(detect),
	};

	return cmocka_run_group_tests_name("initrd", tests, setup, teardown);
}
