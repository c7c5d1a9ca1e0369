/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Planning, before anything changes: what the system looks like (the
 * running kernel's command line and crash area), which backend loads,
 * which kernel and initrd with which capture command line, and how large
 * the area must be (--size or the estimate). Errors are printed here,
 * one line each; functions return exit codes (enum kc_exit).
 */
#ifndef KC_PLAN_H
#define KC_PLAN_H

#include <stdbool.h>
#include <stdint.h>

#include "cmdline.h"
#include "conf.h"
#include "estimate.h"
#include "initrd.h"
#include "kimage.h"
#include "record.h"
#include "state.h"
#include "sysfs.h"
#include "util.h"

/* The running system, read once per command. */
struct kc_sys {
	char *proc_cmdline;
	struct kc_sysstate st;
};

struct kc_plan {
	enum kc_backend backend;
	char kver[256];
	bool kver_conf;		/* KDUMP_KERNELVER, not the running one */
	char kernel[KC_PATH_MAX];
	char initrd[KC_PATH_MAX];	/* "" = no initrd */
	bool initrd_provisional;
	char cmdline[KC_CMDLINE_SIZE];
	bool file_load;
	uint64_t cpus;
	struct kc_kimage ki;
	struct kc_initrd ird;
	struct kc_est_out est;
	/* The rootfs tmpfs's limit (initramfs_options=), 0/0: half. */
	uint64_t tmpfs_pct;
	uint64_t tmpfs_bytes;
	const char *tmpfs_note;	/* why that limit, for the breakdown */
	char luks_device[KC_PATH_MAX];	/* "" when none was sized */
	bool have_est;
	struct kc_record rec;		/* the capture record sized from */
	struct kc_rec_size rec_size;
	bool have_rec;
	uint64_t size_mib;
	unsigned int attempts;
};

/* 0 or -errno (the reader printed why); free with kc_free_sys(). */
int kc_read_sys(struct kc_sys *s);
void kc_free_sys(struct kc_sys *s);
/* KC_EXIT_NOTCMA, with the reason, unless the area is a CMA one. */
int kc_need_cma(const struct kc_sys *s);

/*
 * Backend, kernel, initrd, capture command line and load system call.
 * for_load adds the warnings that only matter when loading.
 */
int kc_plan_paths(const struct kc_conf *c, const struct kc_sys *s,
		  struct kc_plan *p, bool for_load);
/*
 * Size the kernel and initrd and compute the estimate into p->est; with
 * use_records, the newest capture record for these files replaces its
 * size (p->rec, p->rec_size).
 */
int kc_plan_estimate(const struct kc_conf *c, const struct kc_sys *s,
		     struct kc_plan *p);
/*
 * The sizes the plan goes by: those of the capture record when one was
 * found (have_rec), else the model's.
 */
const struct kc_est_out *kc_plan_sizes(const struct kc_plan *p);
/* The size to allocate: --size (checked against the capacity) or auto. */
int kc_plan_size(const struct kc_conf *c, const struct kc_sys *s,
		 struct kc_plan *p);
/* The state file's record of the plan (without cma_free_before). */
void kc_plan_state(const struct kc_plan *p, struct kc_state *st);

#endif
