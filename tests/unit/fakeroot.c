// SPDX-License-Identifier: GPL-2.0-only
#include "fakeroot.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "sysfs.h"
#include "util.h"

struct fr_kernel fr_k;
char fr_root[256];
char fr_out[65536];
char fr_errbuf[65536];

static void die(const char *what)
{
	fprintf(stderr, "fakeroot: %s: %s\n", what, strerror(errno));
	abort();
}

static void fpath(char *buf, size_t len, const char *rel)
{
	snprintf(buf, len, "%s/%s", fr_root, rel);
}

void fr_write_mode(const char *rel, const char *text, unsigned int mode)
{
	char p[512];
	FILE *f;

	fpath(p, sizeof(p), rel);
	f = fopen(p, "w");
	if (!f)
		die(p);
	fputs(text, f);
	fclose(f);
	if (chmod(p, mode))
		die(p);
}

void fr_write(const char *rel, const char *text)
{
	fr_write_mode(rel, text, 0644);
}

char *fr_read(const char *rel)
{
	static char buf[65536];
	char p[512];
	size_t n;
	FILE *f;

	fpath(p, sizeof(p), rel);
	buf[0] = '\0';
	f = fopen(p, "r");
	if (!f)
		return buf;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

bool fr_exists(const char *rel)
{
	char p[512];

	fpath(p, sizeof(p), rel);
	return access(p, F_OK) == 0;
}

uint64_t fr_read_u64(const char *rel)
{
	return strtoull(fr_read(rel), NULL, 10);
}

void fr_remove(const char *rel)
{
	char p[512];

	fpath(p, sizeof(p), rel);
	unlink(p);
}

void fr_chmod(const char *rel, unsigned int mode)
{
	char p[512];

	fpath(p, sizeof(p), rel);
	if (chmod(p, mode))
		die(p);
}

void fr_touch(const char *rel)
{
	fr_write(rel, "");
}

uint64_t fr_allocated_mib(void)
{
	return fr_read_u64("sys/kernel/kexec_crash_size") >> 20;
}

bool fr_loaded(void)
{
	return fr_read_u64("sys/kernel/kexec_crash_loaded") == 1;
}

unsigned int fr_kexec_calls(void)
{
	const char *s = fr_read("kexec.log");
	unsigned int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void mkdirs(const char *rel)
{
	char p[512], *s;

	fpath(p, sizeof(p), rel);
	for (s = p + strlen(fr_root) + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		mkdir(p, 0755);
		*s = '/';
	}
	mkdir(p, 0755);
}

/* The kernel's view, rewritten after every successful write. */
static void publish(uint64_t mib)
{
	uint64_t low = mib ? fr_k.low_mib : 0;
	char t[1024], lowline[128] = "", mainr[128] = "";

	snprintf(t, sizeof(t), "%" PRIu64 "\n",
		 (mib + (fr_k.read_sums ? low : 0)) << 20);
	fr_write("sys/kernel/kexec_crash_size", t);
	/* The low companion comes and goes with the main area. */
	if (low && !fr_k.lie_iomem)
		snprintf(lowline, sizeof(lowline),
			 "  %08" PRIx64 "-%08" PRIx64 " : Crash kernel\n",
			 UINT64_C(0x20000000),
			 UINT64_C(0x20000000) + (low << 20) - 1);
	/* Above 4G when there is a low companion, as with ,high. */
	if (mib && !fr_k.lie_iomem)
		snprintf(mainr, sizeof(mainr),
			 "  %08" PRIx64 "-%08" PRIx64 " : Crash kernel\n",
			 low ? UINT64_C(0x100000000) : UINT64_C(0x40000000),
			 (low ? UINT64_C(0x100000000) : UINT64_C(0x40000000)) +
			 (mib << 20) - 1);
	snprintf(t, sizeof(t),
		 "00000000-00000fff : Reserved\n"
		 "00001000-0009fbff : System RAM\n"
		 "00100000-bfffffff : System RAM\n"
		 "  01000000-01ffffff : Kernel code\n"
		 "%s%s"
		 "100000000-13fffffff : System RAM\n%s",
		 lowline, low ? "" : mainr, low ? mainr : "");
	fr_write("proc/iomem", t);
	snprintf(t, sizeof(t),
		 "MemTotal:        4014080 kB\nMemFree:         3000000 kB\n"
		 "CmaTotal:        %" PRIu64 " kB\nCmaFree:         %" PRIu64 " kB\n",
		 fr_k.capacity_mib << 10, (fr_k.capacity_mib - mib) << 10);
	fr_write("proc/meminfo", t);
}

void fr_hang_point(const char *point)
{
	char rel[64], *secs;

	snprintf(rel, sizeof(rel), "inject/hang-%s", point);
	if (!fr_exists(rel))
		return;
	secs = fr_read(rel);
	snprintf(rel, sizeof(rel), "inject/at-%s", point);
	fr_touch(rel);
	sleep((unsigned int)strtoul(secs, NULL, 10));
}

static int fake_write_crash_size(uint64_t mib)
{
	if (fr_k.load_races) {
		fr_k.load_races = false;
		fr_write("sys/kernel/kexec_crash_loaded", "1\n");
	}
	if (fr_read_u64("sys/kernel/kexec_crash_loaded"))
		return -ENOENT;
	if (mib && (mib < 16 || mib % 16 || mib > fr_k.capacity_mib))
		return -EINVAL;
	if (mib) {
		uint64_t held = fr_k.last_mib;

		fr_k.allocs++;
		/*
		 * As the kernel: a grow takes a whole new range while the
		 * old one is held; a failed write keeps the old one.
		 */
		if (mib > held && held && mib > fr_k.capacity_mib - held)
			return -ENOMEM;
		if (fr_k.enomem_above && mib > fr_k.enomem_above)
			return -ENOMEM;
		if (fr_k.enomem) {
			if (fr_k.enomem > 0)
				fr_k.enomem--;
			return -ENOMEM;
		}
		if (fr_k.interrupt)
			kc_interrupted = SIGTERM;
	} else {
		fr_k.frees++;
		if (fr_k.ebusy_free) {
			if (fr_k.ebusy_free > 0)
				fr_k.ebusy_free--;
			return -EBUSY;
		}
	}
	fr_k.last_mib = mib;
	publish(mib);
	fr_hang_point(mib ? "alloc" : "free");
	return 0;
}

/* Reads of kexec_crash_size fail with EBUSY while the kexec lock is held. */
static int fake_read_sysfs(const char *abs, char **buf)
{
	if (!strcmp(abs, KC_SYS_CRASH_SIZE)) {
		fr_k.reads++;
		if (fr_k.ebusy_read) {
			if (fr_k.ebusy_read > 0)
				fr_k.ebusy_read--;
			return -EBUSY;
		}
	}
	return kc_read_rooted(abs, 256, buf, NULL);
}

static const struct kc_kernel_ops fake_ops = {
	.write_crash_size = fake_write_crash_size,
	.read_sysfs = fake_read_sysfs,
};

/*
 * The fake kexec: refuses to load without a "Crash kernel" range, as
 * kexec-tools does, logs every call, and fails on demand (inject/...):
 * kexec-fail fails every load, kexec-fail-if every load whose arguments
 * contain the file's text; kexec-signal-load and kexec-signal-unload
 * send SIGTERM to the helper and to kexec itself, once, as systemd
 * stopping the service's control group does.
 * inject/hang-POINT holding N makes it touch inject/at-POINT and sleep N
 * seconds at POINT (load-before, load-after, unload-before, unload-after),
 * so that a test can kill the helper there.
 */
static const char kexec_sh[] =
"#!/bin/sh\n"
"R='%s'\n"
"echo \"$*\" >> \"$R/kexec.log\"\n"
"hang() { [ -e \"$R/inject/hang-$1\" ] || return 0; : > \"$R/inject/at-$1\"; sleep \"$(cat \"$R/inject/hang-$1\")\"; }\n"
"sig() { [ -e \"$R/inject/kexec-signal-$1\" ] || return 0; rm -f \"$R/inject/kexec-signal-$1\"; kill -TERM $PPID; kill -TERM $$; }\n"
"case \" $* \" in *' -u '*)\n"
"  sig unload\n"
"  hang unload-before\n"
"  [ -e \"$R/inject/unload-fail\" ] && { echo 'fake kexec: unload failed' >&2; exit 1; }\n"
"  echo 0 > \"$R/sys/kernel/kexec_crash_loaded\"; hang unload-after; exit 0;;\n"
"esac\n"
"sig load\n"
"hang load-before\n"
"[ -e \"$R/inject/kexec-fail\" ] && { echo 'fake kexec: load failed' >&2; exit 1; }\n"
"[ -e \"$R/inject/kexec-fail-if\" ] && case \"$*\" in *\"$(cat \"$R/inject/kexec-fail-if\")\"*) echo 'fake kexec: load failed' >&2; exit 1;; esac\n"
"[ -e \"$R/inject/kexec-exit\" ] && exit \"$(cat \"$R/inject/kexec-exit\")\"\n"
"grep -q 'Crash kernel' \"$R/proc/iomem\" || { echo 'fake kexec: Crash kernel region not reserved' >&2; exit 1; }\n"
"[ \"$(cat \"$R/sys/kernel/kexec_crash_size\")\" -gt 0 ] || exit 1\n"
"echo 1 > \"$R/sys/kernel/kexec_crash_loaded\"\n"
"hang load-after\n"
"[ -e \"$R/inject/kexec-load-then-fail\" ] && exit 1\n"
"exit 0\n";

/* A front end: start/load checks the size like kdumpctl, then kexec. */
static const char frontend_sh[] =
"#!/bin/sh\n"
"R='%s'\n"
"echo \"%s $*\" >> \"$R/frontend.log\"\n"
"[ -e \"$R/inject/frontend-fail\" ] && { echo 'fake front end failed' >&2; exit 1; }\n"
"case \"$1\" in\n"
"%s)\n"
"  [ \"$(cat \"$R/sys/kernel/kexec_crash_size\")\" -gt 0 ] || { echo 'No memory reserved for crash kernel' >&2; exit 1; }\n"
"  exec \"$R/sbin/kexec\" -p --command-line=fake \"$R/boot/vmlinuz-" FR_KVER "\";;\n"
"%s) exec \"$R/sbin/kexec\" -p -u;;\n"
"esac\n"
"exit 2\n";

static void make_script(const char *rel, const char *text)
{
	fr_write_mode(rel, text, 0755);
}

static const char cryptsetup_sh[] =
"#!/bin/sh\n"
"R='%s'\n"
"echo \"$*\" >> \"$R/cryptsetup.log\"\n"
"[ \"$1\" = luksDump ] || exit 1\n"
"[ -e \"$R/inject/cryptsetup-fail\" ] && { echo \"Device $2 is not a valid LUKS device.\" >&2; exit 1; }\n"
"exec cat \"$R/luksdump.txt\"\n";

void fr_install_cryptsetup(const char *dump)
{
	char t[1024];

	fr_write("luksdump.txt", dump);
	snprintf(t, sizeof(t), cryptsetup_sh, fr_root);
	make_script("usr/sbin/cryptsetup", t);
}

void fr_make_bzimage(const char *rel, uint32_t init_size)
{
	unsigned char img[8192];
	char p[512];
	FILE *f;

	memset(img, 0, sizeof(img));
	img[0x1f1] = 4;			/* setup_sects */
	img[0x1fe] = 0x55;
	img[0x1ff] = 0xaa;
	memcpy(img + 0x202, "HdrS", 4);
	img[0x206] = 0x0f;		/* protocol 2.15 */
	img[0x207] = 0x02;
	img[0x260] = (unsigned char)init_size;
	img[0x261] = (unsigned char)(init_size >> 8);
	img[0x262] = (unsigned char)(init_size >> 16);
	img[0x263] = (unsigned char)(init_size >> 24);
	fpath(p, sizeof(p), rel);
	f = fopen(p, "wb");
	if (!f)
		die(p);
	fwrite(img, 1, sizeof(img), f);
	fclose(f);
	chmod(p, 0644);
}

static size_t cpio_entry(unsigned char *buf, size_t len, size_t off,
			 const char *name, unsigned int mode, size_t fsize)
{
	size_t nlen = strlen(name) + 1, start = off;
	char hdr[160];

	snprintf(hdr, sizeof(hdr),
		 "070701%08X%08X%08X%08X%08X%08X%08zX%08X%08X%08X%08X%08zX%08X",
		 1u, mode, 0u, 0u, 1u, 0u, fsize, 0u, 0u, 0u, 0u, nlen, 0u);
	if (off + 110 + nlen + 8 + fsize + 8 > len)
		abort();
	memcpy(buf + off, hdr, 110);
	off += 110;
	memcpy(buf + off, name, nlen);
	off += nlen;
	while (off & 3)
		buf[off++] = 0;
	memset(buf + off, 'x', fsize);
	off += fsize;
	while (off & 3)
		buf[off++] = 0;
	(void)start;
	return off;
}

size_t fr_make_cpio(unsigned char *buf, size_t len, unsigned int nfiles,
		    size_t fsize)
{
	size_t off = 0;
	unsigned int i;

	off = cpio_entry(buf, len, off, "bin", 040755, 0);
	for (i = 0; i < nfiles; i++) {
		char name[32];

		snprintf(name, sizeof(name), "bin/f%u", i);
		off = cpio_entry(buf, len, off, name, 0100644, fsize);
	}
	off = cpio_entry(buf, len, off, "TRAILER!!!", 0, 0);
	return off;
}

void fr_make_initrd(const char *rel)
{
	static unsigned char buf[1 << 20];
	size_t n = fr_make_cpio(buf, sizeof(buf), 10, 10000);
	char p[512];
	FILE *f;

	fpath(p, sizeof(p), rel);
	f = fopen(p, "wb");
	if (!f)
		die(p);
	fwrite(buf, 1, n, f);
	fclose(f);
	chmod(p, 0644);
}

void fr_setup(uint64_t capacity_mib)
{
	static const char *const dirs[] = {
		"sys/kernel", "sys/devices/system/cpu", "proc/sys/vm",
		"proc/sys/kernel", "run", "etc/default", "etc/sysconfig",
		"boot", "sbin", "usr/bin", "usr/sbin", "inject",
		"var/lib/kdump",
	};
	char t[2048];
	size_t i;

	snprintf(fr_root, sizeof(fr_root), "/tmp/kcroot.XXXXXX");
	if (!mkdtemp(fr_root))
		die("mkdtemp");
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		mkdirs(dirs[i]);
	memset(&fr_k, 0, sizeof(fr_k));
	fr_k.capacity_mib = capacity_mib;
	snprintf(t, sizeof(t), "%" PRIu64 "\n", capacity_mib << 20);
	fr_write("sys/kernel/kexec_crash_cma_size", t);
	fr_write("sys/kernel/kexec_crash_loaded", "0\n");
	fr_write("sys/devices/system/cpu/possible", "0-3\n");
	fr_write("proc/cmdline",
		 "BOOT_IMAGE=/boot/vmlinuz-" FR_KVER
		 " root=/dev/vda ro crashkernel=512M quiet console=ttyS0\n");
	fr_write("proc/sys/kernel/osrelease", FR_KVER "\n");
	fr_write("proc/sys/vm/compact_memory", "");
	fr_write("proc/sys/vm/drop_caches", "");
	publish(0);
	fr_make_bzimage("boot/vmlinuz-" FR_KVER, 16u << 20);
	fr_make_initrd("boot/initrd.img-" FR_KVER);
	snprintf(t, sizeof(t), kexec_sh, fr_root);
	make_script("sbin/kexec", t);
	kc_kops = &fake_ops;
}

static int rm_one(const char *p, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p);
}

void fr_teardown(void)
{
	if (fr_root[0])
		nftw(fr_root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	fr_root[0] = '\0';
}

int fr_rooted_setup(void **st)
{
	(void)st;
	fr_setup(256);
	kc_set_root(fr_root);
	return 0;
}

int fr_rooted_teardown(void **st)
{
	(void)st;
	kc_set_root("");
	fr_teardown();
	return 0;
}

void fr_make_zstd_stub(const char *rel)
{
	/* One frame: single segment, size 1, one raw last block "x". */
	static const unsigned char frame[] = {
		0x28, 0xb5, 0x2f, 0xfd, 0x20, 0x01, 0x09, 0x00, 0x00, 'x',
	};
	char p[512];
	FILE *f;

	fpath(p, sizeof(p), rel);
	f = fopen(p, "wb");
	if (!f)
		die(p);
	fwrite(frame, 1, sizeof(frame), f);
	fclose(f);
	chmod(p, 0644);
}

void fr_make_signalled_initrd(const char *rel)
{
	char t[512];

	/* A zstd frame; the decompressor dies before it reads it. */
	fr_make_zstd_stub(rel);
	snprintf(t, sizeof(t),
		 "#!/bin/sh\n# A decompressor killed with the helper.\n"
		 "kill -TERM $PPID\nkill -TERM $$\nexit 1\n");
	make_script("usr/bin/zstd", t);
}

void fr_install_frontend(const char *rel, const char *name, const char *up,
			 const char *down)
{
	char t[4096];

	snprintf(t, sizeof(t), frontend_sh, fr_root, name, up, down);
	make_script(rel, t);
}

static void slurp(int fd, char *buf, size_t len)
{
	ssize_t n;
	size_t off = 0;

	lseek(fd, 0, SEEK_SET);
	while (off + 1 < len && (n = read(fd, buf + off, len - off - 1)) > 0)
		off += (size_t)n;
	buf[off] = '\0';
}

/* Where one of the process's output fds goes while it is captured. */
struct capture {
	FILE *tmp;
	int fd;
	int saved;
};

static void capture_begin(struct capture *c, int fd)
{
	fflush(fd == 1 ? stdout : stderr);
	c->tmp = tmpfile();
	if (!c->tmp)
		die("tmpfile");
	c->fd = fd;
	c->saved = dup(fd);
	dup2(fileno(c->tmp), fd);
}

static void capture_end(struct capture *c, char *buf, size_t len)
{
	fflush(c->fd == 1 ? stdout : stderr);
	dup2(c->saved, c->fd);
	close(c->saved);
	slurp(fileno(c->tmp), buf, len);
	fclose(c->tmp);
}

static struct capture err_capture;

void fr_stderr_begin(void)
{
	capture_begin(&err_capture, 2);
}

void fr_stderr_end(void)
{
	capture_end(&err_capture, fr_errbuf, sizeof(fr_errbuf));
}

int fr_main(const char *arg0, ...)
{
	char *argv[64], rootopt[300];
	struct capture out;
	int argc = 0, rc;
	const char *a;
	va_list ap;

	argv[argc++] = (char *)"kexeccma";
	snprintf(rootopt, sizeof(rootopt), "--root=%s", fr_root);
	argv[argc++] = rootopt;
	va_start(ap, arg0);
	for (a = arg0; a && argc < 63; a = va_arg(ap, const char *))
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;

	capture_begin(&out, 1);
	fr_stderr_begin();
	rc = kc_main(argc, argv);
	fr_stderr_end();
	capture_end(&out, fr_out, sizeof(fr_out));
	/* Show what the helper said, as TAP diagnostics. */
	if (getenv("FR_VERBOSE"))
		fprintf(stderr, "# rc=%d\n# out: %s\n# err: %s\n", rc, fr_out,
			fr_errbuf);
	return rc;
}
