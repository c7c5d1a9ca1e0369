/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the commands print on stdout: the estimate's breakdown, the
 * status, and with --json one object per command (json.c writes it).
 * Messages and errors go to stderr through util.c instead.
 */
#ifndef KC_OUTPUT_H
#define KC_OUTPUT_H

#include <stdbool.h>

#include "json.h"
#include "plan.h"
#include "procfs.h"

/* The plan's backend, files, command line and size as JSON members. */
void kc_print_plan_json(struct kc_json *j, const struct kc_plan *p);
/* The "estimate" member: sizes, the byte breakdown, the inputs. */
void kc_print_est_json(struct kc_json *j, const struct kc_plan *p);
/* The estimate as text, one row per term. */
void kc_print_est_text(const struct kc_plan *p);
/*
 * With json, {"result":"failed","exit":ret} on stdout for a failure
 * (ret != 0). Returns ret.
 */
int kc_json_failure(bool json, int ret);

/* What status shows; NULL members were not available. */
struct kc_status {
	const struct kc_sys *sys;
	const struct kc_meminfo *mi;
	const struct kc_iomem *io;
	const char *loaded_by;		/* backend in the state file */
	const struct kc_plan *plan;	/* with an estimate */
	const char *est_error;		/* why there is no estimate */
};

void kc_print_status_json(const struct kc_status *st);
void kc_print_status_text(const struct kc_status *st);

#endif
