// SPDX-License-Identifier: GPL-2.0-only
/* kexeccma status: mode, capacity, allocation, ranges, CMA, estimate. */
#include "cmd.h"

#include <string.h>

#include "output.h"
#include "plan.h"
#include "procfs.h"
#include "state.h"

/* The estimate is informative here; its errors are not fatal. */
static bool quiet_estimate(const struct kc_opts *o, const struct kc_sys *s,
			   struct kc_plan *p)
{
	kc_set_mute(true);
	kc_clear_error();
	memset(p, 0, sizeof(*p));
	if (kc_plan_paths(&o->conf, s, p, false) == KC_EXIT_OK)
		(void)kc_plan_estimate(&o->conf, s, p);
	kc_set_mute(false);
	return p->have_est;
}

int kc_cmd_status(struct kc_opts *o)
{
	struct kc_status view = { 0 };
	struct kc_meminfo mi;
	struct kc_iomem io;
	struct kc_state old;
	struct kc_plan p;
	struct kc_sys s;

	if (kc_read_sys(&s)) {
		kc_free_sys(&s);
		return kc_json_failure(o->json, KC_EXIT_FAIL);
	}
	view.sys = &s;
	view.mi = kc_read_meminfo(&mi) == 0 ? &mi : NULL;
	view.io = kc_read_iomem(&io) == 0 ? &io : NULL;
	view.loaded_by = kc_state_read(&old) == 0 ? old.backend : NULL;
	view.plan = quiet_estimate(o, &s, &p) ? &p : NULL;
	view.est_error = kc_last_error();
	if (o->json)
		kc_print_status_json(&view);
	else
		kc_print_status_text(&view);
	kc_free_sys(&s);
	return KC_EXIT_OK;
}
