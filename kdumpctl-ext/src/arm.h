/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Arming and disarming: allocating the crash area with retries, checking
 * the kernel shows it, loading the planned crash kernel, and undoing a
 * failed or interrupted start, which loads the crash kernel kexeccma
 * had loaded before again at its old size (a working arm is never
 * destroyed), or else leaves nothing held. Functions return exit codes
 * (enum kc_exit) after one error line, unless they say otherwise.
 */
#ifndef KC_ARM_H
#define KC_ARM_H

#include <stdbool.h>
#include <stdint.h>

#include "conf.h"
#include "plan.h"
#include "state.h"

/* CmaFree may legitimately differ by other movable allocations. */
#define KC_CMA_FREE_SLACK (16ULL * KC_MIB)

/*
 * What was armed before a start changed anything: a crash kernel that
 * kexeccma loaded (the state file says how) with its area.
 */
struct kc_prev {
	bool have;		/* the state file was read */
	bool armed;		/* loaded, at the size the state file says */
	enum kc_backend backend;
	struct kc_state st;
};

/* What is armed now, from the state file and the kernel's files. */
void kc_read_prev(const struct kc_sys *s, struct kc_prev *prev);
/*
 * Resize the area to p->size_mib (a no-op at that size already) and
 * check it. On failure prev is armed again, or nothing is held.
 */
int kc_allocate_area(const struct kc_conf *c, const struct kc_sys *s,
		     struct kc_plan *p, const struct kc_prev *prev);
/* Unload what is loaded, resize, load p; on failure as above. */
int kc_arm(const struct kc_conf *c, const struct kc_sys *s,
	   struct kc_plan *p, const struct kc_prev *prev);

/* Write 0, retrying while the kexec lock is contended; 0 or -errno. */
int kc_free_area(void);
/* Unload any crash kernel with kexec itself; 0 or -EBUSY if it stays. */
int kc_unload_any(bool file_load);
/* CmaFree in bytes, 0 when unknown. */
uint64_t kc_cma_free_now(void);

#endif
