/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What a capture measured of itself. The capture environment writes a
 * record named kexeccma-capture beside each dump: what was armed, copied
 * from /var/lib/kexeccma/armed (state.h), and the memory it used, from
 * MemAvailable. The newest record made for the kernel and initrd about
 * to be armed (same paths, same size:mtime identities) that saved a dump
 * sizes the area instead of the model: the model adds up terms, the
 * record is what that capture needed.
 *
 * Format, version 1: key=value lines; blank lines and '#' comments
 * (also after a blank at the end of a line); unknown keys ignored, so
 * that newer recorders may add some; integers in decimal. Every key
 * below is required:
 *   version=1
 *   time=SECONDS          the capture's clock, since the epoch (UTC)
 *   backend=NAME          these five copied from the arm file
 *   kernel=PATH
 *   kernel_id=SIZE:MTIME
 *   initrd=PATH           empty without an initrd
 *   initrd_id=SIZE:MTIME  "none" without an initrd
 *   area_mib=N            the size armed
 *   ram_kib=N             System RAM the capture kernel saw
 *   first_used_kib=N      ram_kib - MemAvailable when sampling began
 *   peak_used_kib=N       ram_kib - the lowest MemAvailable seen
 *   samples=N
 *   dump=0|1              whether a dump file was saved
 */
#ifndef KC_RECORD_H
#define KC_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "estimate.h"
#include "state.h"
#include "util.h"

#define KC_RECORD_NAME "kexeccma-capture"
/* Where kdumpctl and kdump-config save dumps by default. */
#define KC_RECORD_DIR_DEFAULT "/var/crash"

/*
 * Added to a capture's measured need: the kernel's free-memory watermarks
 * and what varies from one capture to the next (the dump's size, the
 * crashed kernel's state, and a peak that is lower in a smaller area,
 * where the kernel keeps less cache). The sum is then rounded up to the
 * 16 MiB granule, so the size is 12 to 28 MiB above what was measured.
 * Measured (docs/capture-cells.md, Debian's 6.1 and 6.12 kernels), the
 * need being the smallest size on the granule that captured:
 *  - kdump-tools: peaks of 93.8 to 98.0 MiB in areas of 112 and 128 MiB,
 *    for needs of 112 (6.1) and 96 MiB (6.12; its 98.0 MiB peak was
 *    taken in a 112 MiB area, above the need);
 *  - a kdumpctl-style initramfs: a use at the start plus the packed
 *    initrd of 125.0 to 128.5 MiB, for needs of 128 (6.12) and 144 MiB
 *    (6.1);
 *  - a LUKS2 dump target: 361.0 MiB with the keyslot's memory, for a
 *    need of 368 MiB.
 * With 12 MiB every record gives a size that captures and is at most
 * need + 16 MiB; 16 MiB took the 98.0 MiB peak to 128 MiB, need + 32.
 * What a smaller margin would lose: in the tightest cell (kdumpctl-style,
 * 6.1 at 16 GiB) the measurement may fall 10 MiB before the size drops
 * below the need.
 */
#define KC_REC_MARGIN_MIB UINT64_C(12)

/*
 * Bounds on what is read. A record is a few hundred bytes; the records
 * are looked for in the dump directory and its subdirectories, of which
 * a machine keeps a few (one per dump), so the entries read there are
 * bounded too. No capture kernel sees a TiB; a value above one is a
 * broken record, not a measurement.
 */
#define KC_REC_FILE_MAX (16U << 10)
#define KC_REC_ENTRIES_MAX 4096U
#define KC_REC_KIB_MAX (UINT64_C(1) << 30)
#define KC_REC_MIB_MAX (UINT64_C(1) << 20)
/* 9999-12-31 23:59:59 UTC: later times are no clock's. */
#define KC_REC_TIME_MAX UINT64_C(253402300799)

struct kc_record {
	char path[KC_PATH_MAX];		/* the file it was read from */
	uint64_t time;
	char backend[32];
	char kernel[KC_PATH_MAX];
	char kernel_id[KC_FILE_ID_LEN];
	char initrd[KC_PATH_MAX];
	char initrd_id[KC_FILE_ID_LEN];
	uint64_t area_mib;
	uint64_t ram_kib;
	uint64_t first_used_kib;
	uint64_t peak_used_kib;
	uint64_t samples;
	bool dump;
};

/* What decided a record's need. */
enum kc_rec_by { KC_REC_BY_PEAK, KC_REC_BY_INITRD, KC_REC_BY_LUKS };

/* The size a record asks for. */
struct kc_rec_size {
	uint64_t need;		/* bytes: see kc_record_size() */
	enum kc_rec_by by;	/* which of its three bounds decided */
	uint64_t margin;	/* bytes: KC_REC_MARGIN_MIB */
	struct kc_est_out fit;	/* need_mib ... clamped, as the model's */
};

/*
 * Parse a record's text into r (path untouched). Returns 0, or -EINVAL
 * with the problem in why (a missing key, a value that is no number or
 * out of range, another version).
 */
int kc_record_parse(const char *text, struct kc_record *r, char *why,
		    size_t whylen);

/*
 * The newest record in dir (below the root prefix) and in its
 * subdirectories, one level down, made for what want describes (kernel,
 * kernel_id, initrd, initrd_id), that saved a dump. Records that cannot
 * be trusted (not a regular file, not owned by root, writable by group
 * or others, too large) or parsed get one warning each; records without
 * a dump one note each; when none is used, the newest record made for
 * other files one note. Returns 1 with *r, 0 when there is none.
 */
int kc_record_find(const char *dir, const struct kc_state *want,
		   struct kc_record *r);

/*
 * What r measured, as a size: the largest of peak_used, first_used + the
 * packed initrd (held while it unpacked, before sampling began) and
 * first_used + luks_mem (the argon2 memory that unlocked the dump target:
 * the unlock ends before the dump starts, and in kdump-tools' capture
 * before the recorder does, so the samples need not have seen it), plus
 * KC_REC_MARGIN_MIB, through kc_est_fit() with capacity in bytes.
 * Returns as kc_est_fit().
 */
int kc_record_size(const struct kc_record *r, uint64_t initrd_packed,
		   uint64_t luks_mem, uint64_t capacity,
		   struct kc_rec_size *out);

/* "2026-12-05 16:50 UTC" for a record's time. */
void kc_record_time(uint64_t t, char *buf, size_t len);

#endif
