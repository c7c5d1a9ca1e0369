/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A fake root for the helper's unit tests: /sys, /proc, /run, /etc and
 * /boot as regular files in a temporary directory, fake kexec, kdumpctl
 * and kdump-config scripts, and a fake kernel behind kc_kops that acts on
 * writes to kexec_crash_size as the kernel ABI says (and fails on demand).
 */
#ifndef FAKEROOT_H
#define FAKEROOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FR_KVER "6.1.0-test"

struct fr_kernel {
	uint64_t capacity_mib;	/* crash CMA capacity */
	int enomem;		/* fail this many allocations, -1 forever */
	uint64_t enomem_above;	/* fail allocations of more MiB (0: none) */
	int ebusy_free;		/* fail this many frees with EBUSY */
	int ebusy_read;		/* fail this many reads of kexec_crash_size */
	unsigned int reads;	/* reads of kexec_crash_size seen */
	bool lie_iomem;		/* succeed but show no iomem range */
	bool interrupt;		/* SIGTERM in kc_interrupted on allocation */
	bool load_races;	/* another program loads before the next write */
	unsigned int allocs;	/* non-zero writes seen */
	unsigned int frees;	/* zero writes seen */
	uint64_t last_mib;
	uint64_t low_mib;	/* low companion below 4G, 0 for none */
	bool read_sums;		/* kexec_crash_size adds low (Linux >= 6.5) */
};

extern struct fr_kernel fr_k;
extern char fr_root[];
extern char fr_out[];	/* stdout of the last fr_main() */
extern char fr_errbuf[];	/* stderr of the last fr_main() */

/*
 * Fail the cmocka test unless the last fr_main() wrote @needle to stderr.
 * A macro: fail_msg() is cmocka's, which only the tests include.
 */
#define assert_err_has(needle)						\
	do {								\
		if (!strstr(fr_errbuf, (needle)))			\
			fail_msg("stderr lacks \"%s\": %s", (needle),	\
				 fr_errbuf);				\
	} while (0)

/* Create a fresh fake root in CMA mode with capacity_mib. */
void fr_setup(uint64_t capacity_mib);
void fr_teardown(void);
/*
 * cmocka setup and teardown for tests that call the helper's functions
 * directly: a fresh 256 MiB fake root that the helper's rooted paths use.
 */
int fr_rooted_setup(void **st);
int fr_rooted_teardown(void **st);
/* Run kc_main() with the fake root and capture stdout and stderr. */
int fr_main(const char *arg0, ...);
/* What the process writes to stderr in between goes to fr_errbuf. */
void fr_stderr_begin(void);
void fr_stderr_end(void);

/* Files below the fake root. */
void fr_write(const char *rel, const char *text);
void fr_write_mode(const char *rel, const char *text, unsigned int mode);
char *fr_read(const char *rel);	/* static buffer */
bool fr_exists(const char *rel);
uint64_t fr_read_u64(const char *rel);
void fr_touch(const char *rel);
void fr_chmod(const char *rel, unsigned int mode);
void fr_remove(const char *rel);
/*
 * If inject/hang-POINT exists, touch inject/at-POINT and sleep as many
 * seconds as it holds. The fake kernel calls it after a successful
 * allocation ("alloc") or free ("free"), the fake kexec at its own points.
 */
void fr_hang_point(const char *point);
/* A small newc initrd at rel, as the fake root's own. */
void fr_make_initrd(const char *rel);
/* A well-formed zstd frame at rel (whose content is no cpio). */
void fr_make_zstd_stub(const char *rel);
/*
 * A zstd initrd at rel, and a fake zstd that sends SIGTERM to the
 * helper and dies of SIGTERM itself, as in a stopped service.
 */
void fr_make_signalled_initrd(const char *rel);
/* MiB in kexec_crash_size; whether a crash kernel is loaded. */
uint64_t fr_allocated_mib(void);
bool fr_loaded(void);
/* Number of lines in the fake kexec's log. */
unsigned int fr_kexec_calls(void);

/* A fake kdumpctl or kdump-config at rel with its load/unload verbs. */
void fr_install_frontend(const char *rel, const char *name, const char *up,
			 const char *down);

/*
 * A fake cryptsetup in usr/sbin whose luksDump prints dump (kept in
 * luksdump.txt), and fails like a device without LUKS when
 * inject/cryptsetup-fail exists.
 */
void fr_install_cryptsetup(const char *dump);

/* A minimal bzImage with the given init_size. */
void fr_make_bzimage(const char *rel, uint32_t init_size);
/* An uncompressed newc cpio archive with nfiles files of fsize bytes. */
size_t fr_make_cpio(unsigned char *buf, size_t len, unsigned int nfiles,
		    size_t fsize);

#endif
