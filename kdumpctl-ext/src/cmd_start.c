// SPDX-License-Identifier: GPL-2.0-only
/*
 * kexeccma start (allocate and load, or nothing when already armed the
 * same way) and kexeccma allocate (only the area, for a front end's
 * ExecStartPre).
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
#include "state.h"

/* Everything decided before anything changes; returns an exit code. */
static int plan_for_load(const struct kc_opts *o, const struct kc_sys *s,
			 struct kc_plan *p)
{
	int ret = kc_need_cma(s);

	if (!ret)
		ret = kc_plan_paths(&o->conf, s, p, true);
	if (!ret)
		ret = kc_plan_size(&o->conf, s, p);
	if (!ret && kc_interrupted)
		ret = kc_err_interrupted("planning", "nothing was changed");
	return ret;
}

/* What CmaFree should return to after stop. */
static uint64_t cma_free_before(const struct kc_sys *s,
				const struct kc_prev *prev)
{
	if (prev->have && prev->st.cma_free_before)
		return prev->st.cma_free_before;
	return kc_cma_free_now() + s->st.allocated;
}

/* The arm stands even when the capture's copy cannot be written. */
static void armed_write(const struct kc_state *st)
{
	int ret = kc_armed_write(st);

	if (ret)
		kc_warn("cannot write %s (%s); a capture will not record what was armed, and later starts cannot size from it",
			KC_ARMED_PATH, strerror(-ret));
}

static void start_json(const struct kc_plan *p, bool noop)
{
	struct kc_json j;

	kc_json_begin(&j, stdout);
	kc_json_str(&j, "result", noop ? "already-armed" : "armed");
	kc_print_plan_json(&j, p);
	kc_json_u64(&j, "attempts", p->attempts);
	if (p->have_est)
		kc_print_est_json(&j, p);
	kc_json_end(&j);
}

static int do_start(const struct kc_opts *o, const struct kc_sys *s)
{
	struct kc_state want;
	struct kc_prev prev;
	struct kc_plan p;
	bool noop;
	int ret;

	ret = plan_for_load(o, s, &p);
	if (ret)
		return ret;
	kc_plan_state(&p, &want);
	kc_read_prev(s, &prev);
	noop = prev.armed && s->st.allocated == p.size_mib * KC_MIB &&
	       kc_state_same(&prev.st, &want);
	if (noop) {
		kc_info("already armed: %" PRIu64 " MiB, %s loaded by %s; nothing to do",
			p.size_mib, p.kernel, kc_backend_name(p.backend));
		/*
		 * A kdump service's start lands here after its allocate
		 * and the front end's load: record the arm for the capture.
		 */
		armed_write(&prev.st);
	} else {
		if (kc_loader_check(p.backend))
			return KC_EXIT_LOAD;
		want.cma_free_before = cma_free_before(s, &prev);
		ret = kc_arm(&o->conf, s, &p, &prev);
		if (ret)
			return ret;
		ret = kc_state_write(&want);
		if (ret)
			kc_warn("cannot record %s (%s); the next start will reload",
				KC_STATE_PATH, strerror(-ret));
		armed_write(&want);
		kc_info("armed: %" PRIu64 " MiB allocated, crash kernel loaded by %s",
			p.size_mib, kc_backend_name(p.backend));
	}
	if (o->json)
		start_json(&p, noop);
	return KC_EXIT_OK;
}

/* Under the lock, with the system read; --json failures reported. */
static int run_locked(const struct kc_opts *o,
		      int (*fn)(const struct kc_opts *, const struct kc_sys *))
{
	struct kc_sys s;
	int fd, ret;

	ret = kc_lock_or_report(o->conf.lock_timeout, &fd);
	if (ret)
		return kc_json_failure(o->json, ret);
	ret = kc_read_sys(&s) ? KC_EXIT_FAIL : fn(o, &s);
	kc_free_sys(&s);
	kc_unlock(fd);
	return kc_json_failure(o->json, ret);
}

int kc_cmd_start(struct kc_opts *o)
{
	return run_locked(o, do_start);
}

/* Armed from the initramfs, for example: left as it is. */
static void already_loaded_json(const struct kc_sys *s)
{
	struct kc_json j;

	kc_json_begin(&j, stdout);
	kc_json_str(&j, "result", "already-loaded");
	kc_json_u64(&j, "size_mib", s->st.allocated / KC_MIB);
	kc_json_end(&j);
}

static int do_allocate(const struct kc_opts *o, const struct kc_sys *s)
{
	const struct kc_prev none = { 0 };
	struct kc_state want, old;
	struct kc_plan p;
	int ret;

	ret = kc_need_cma(s);
	if (ret)
		return ret;
	if (s->st.loaded) {
		kc_info("a crash kernel is already loaded with %" PRIu64 " MiB; leaving it",
			s->st.allocated / KC_MIB);
		if (o->json)
			already_loaded_json(s);
		return KC_EXIT_OK;
	}
	ret = plan_for_load(o, s, &p);
	if (ret)
		return ret;
	kc_plan_state(&p, &want);
	want.cma_free_before = kc_cma_free_now() + s->st.allocated;
	if (kc_state_read(&old) == 0 && old.cma_free_before)
		want.cma_free_before = old.cma_free_before;
	if (s->st.allocated == p.size_mib * KC_MIB) {
		kc_info("%" PRIu64 " MiB already allocated; nothing to do",
			p.size_mib);
	} else {
		ret = kc_allocate_area(&o->conf, s, &p, &none);
		if (ret)
			return ret;
		kc_info("allocated %" PRIu64 " MiB; now load a crash kernel or run kexeccma release",
			p.size_mib);
	}
	if (kc_state_write(&want))
		kc_warn("cannot record %s", KC_STATE_PATH);
	if (o->json) {
		struct kc_json j;

		kc_json_begin(&j, stdout);
		kc_json_str(&j, "result", "allocated");
		kc_print_plan_json(&j, &p);
		kc_json_end(&j);
	}
	return KC_EXIT_OK;
}

int kc_cmd_allocate(struct kc_opts *o)
{
	return run_locked(o, do_allocate);
}
