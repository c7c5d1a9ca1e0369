// SPDX-License-Identifier: GPL-2.0-only
/*
 * kexeccma stop (unload with the front end that loaded, then free) and
 * release (the same with kexec only, for ExecStopPost).
 */
#include "cmd.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "arm.h"
#include "backend.h"
#include "lock.h"
#include "output.h"
#include "plan.h"
#include "procfs.h"
#include "state.h"

/* Unload with --backend, else the recorded front end, then kexec. */
static int unload(const struct kc_opts *o, const struct kc_state *old)
{
	enum kc_backend b = KC_BACKEND_DIRECT;
	bool loaded = true;

	if (o->backend_given)
		b = o->conf.backend;
	else if (old && kc_backend_parse(old->backend, &b))
		b = KC_BACKEND_DIRECT;
	if (b == KC_BACKEND_KDUMPCTL || b == KC_BACKEND_KDUMP_CONFIG)
		kc_frontend(b, false);
	if (kc_read_loaded(&loaded))
		return KC_EXIT_FAIL;
	if (loaded && kc_unload_any(old && old->file_load)) {
		kc_err("cannot unload the crash kernel; the area stays allocated; see the kexec messages above");
		return KC_EXIT_FAIL;
	}
	return KC_EXIT_OK;
}

/* Free the area; warn when the kernel or CmaFree disagree afterwards. */
static int free_checked(const struct kc_state *old)
{
	uint64_t size = 0;
	struct kc_iomem io;
	int ret;

	ret = kc_free_area();
	/* Read even after a failed write: the error says how much. */
	if (kc_read_allocated(&size) || ret || size) {
		kc_err("cannot free the crash area (%s): %" PRIu64 " MiB stay allocated with no crash kernel loaded; run kexeccma stop again",
		       ret ? strerror(-ret) : "size not 0", size / KC_MIB);
		return KC_EXIT_INCONSISTENT;
	}
	if (!kc_read_iomem(&io) && io.ncrash)
		kc_warn("/proc/iomem still shows %u \"Crash kernel\" range(s) after freeing",
			io.ncrash);
	if (old && old->cma_free_before) {
		uint64_t now = kc_cma_free_now();

		if (now + KC_CMA_FREE_SLACK < old->cma_free_before)
			kc_warn("CmaFree is %" PRIu64 " MiB, %" PRIu64 " MiB before start; other movable allocations may hold the rest",
				now / KC_MIB, old->cma_free_before / KC_MIB);
	}
	return KC_EXIT_OK;
}

static int do_stop(const struct kc_opts *o, const struct kc_sys *s,
		   bool *did)
{
	struct kc_state old;
	const struct kc_state *have;
	int ret;

	*did = false;
	if (s->st.mode != KC_MODE_CMA) {
		/*
		 * Never write kexec_crash_size outside CMA mode: that would
		 * shrink a boot-time reservation for good.
		 */
		kc_info("not in crash CMA mode; nothing to stop");
		return KC_EXIT_OK;
	}
	if (!s->st.loaded && !s->st.allocated) {
		kc_state_remove();
		kc_info("already stopped: no crash kernel loaded, nothing allocated");
		return KC_EXIT_OK;
	}
	*did = true;
	have = kc_state_read(&old) == 0 ? &old : NULL;
	ret = s->st.loaded ? unload(o, have) : KC_EXIT_OK;
	if (!ret)
		ret = free_checked(have);
	if (ret)
		return ret;
	kc_state_remove();
	kc_info("stopped: crash kernel unloaded, crash area freed");
	return KC_EXIT_OK;
}

static void stop_json(int ret, bool did)
{
	struct kc_json j;

	kc_json_begin(&j, stdout);
	kc_json_str(&j, "result", ret ? "failed" : did ? "stopped" :
		    "already-stopped");
	kc_json_u64(&j, "exit", (uint64_t)ret);
	kc_json_u64(&j, "cma_free", kc_cma_free_now());
	kc_json_end(&j);
}

int kc_cmd_stop(struct kc_opts *o)
{
	struct kc_sys s;
	bool did = false;
	int fd, ret;

	ret = kc_lock_or_report(o->conf.lock_timeout, &fd);
	if (ret)
		return kc_json_failure(o->json, ret);
	ret = kc_read_sys(&s) ? KC_EXIT_FAIL : do_stop(o, &s, &did);
	if (o->json)
		stop_json(ret, did);
	kc_free_sys(&s);
	kc_unlock(fd);
	return ret;
}
