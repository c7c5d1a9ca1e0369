// SPDX-License-Identifier: GPL-2.0-only
/* kexeccma estimate: the recommended size and its breakdown. */
#include "cmd.h"

#include <stdio.h>
#include <string.h>

#include "output.h"
#include "plan.h"

int kc_cmd_estimate(struct kc_opts *o)
{
	struct kc_plan p;
	struct kc_sys s;
	int ret;

	memset(&p, 0, sizeof(p));
	ret = kc_read_sys(&s) ? KC_EXIT_FAIL :
	      kc_plan_paths(&o->conf, &s, &p, false);
	if (!ret)
		ret = kc_plan_estimate(&o->conf, &s, &p);
	kc_free_sys(&s);
	if (!p.have_est)
		return kc_json_failure(o->json, ret);
	if (o->json) {
		struct kc_json j;

		kc_json_begin(&j, stdout);
		kc_json_u64(&j, "size_mib", p.size_mib);
		kc_json_bool(&j, "fits", ret == KC_EXIT_OK);
		kc_print_est_json(&j, &p);
		kc_json_end(&j);
	} else {
		kc_print_est_text(&p);
	}
	return ret;
}
