// SPDX-License-Identifier: GPL-2.0-only
#include "arm.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "backend.h"
#include "procfs.h"
#include "sysfs.h"
#include "util.h"

/* Freeing the area can meet a contended kexec lock; retry briefly. */
#define KC_FREE_TRIES 10
#define KC_FREE_WAIT_MS 100
/* Pause before allocation retry n is n times this. */
#define KC_RETRY_WAIT_MS 200

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Write 0, retrying while the kexec lock is contended. */
int kc_free_area(void)
{
	int i, ret = 0;

	for (i = 0; i < KC_FREE_TRIES; i++) {
		ret = kc_kops->write_crash_size(0);
		if (ret != -EBUSY)
			break;
		sleep_ms(KC_FREE_WAIT_MS);
	}
	return ret;
}

/* Unload whatever crash kernel is loaded, by kexec itself. */
int kc_unload_any(bool file_load)
{
	bool loaded = true;

	if (kc_unload_direct(file_load) == 0 && !kc_read_loaded(&loaded) &&
	    !loaded)
		return 0;
	/*
	 * kexec_load and kexec_file_load unload each other's images, but
	 * lockdown refuses kexec_load: try the other one.
	 */
	if (kc_unload_direct(!file_load) == 0 && !kc_read_loaded(&loaded) &&
	    !loaded)
		return 0;
	return -EBUSY;
}

/*
 * Unload anything loaded, then free the area. Returns KC_EXIT_OK when
 * nothing is held any more, else KC_EXIT_INCONSISTENT.
 */
static int rollback(const struct kc_plan *p)
{
	uint64_t size = 0;
	bool loaded = false;
	int ret;

	kc_info("rolling back: unloading and freeing the crash area");
	if (!kc_read_loaded(&loaded) && loaded && kc_unload_any(p->file_load)) {
		kc_err("rollback failed: a crash kernel is still loaded; run \"kexeccma stop\"");
		return KC_EXIT_INCONSISTENT;
	}
	ret = kc_free_area();
	/* Read even after a failed write: the error says how much. */
	if (kc_read_allocated(&size) || ret || size) {
		kc_err("rollback failed: %" PRIu64 " MiB still allocated (%s); run \"kexeccma stop\"",
		       size / KC_MIB, ret ? strerror(-ret) : "size not 0");
		return KC_EXIT_INCONSISTENT;
	}
	kc_state_remove();
	return KC_EXIT_OK;
}

static int vm_knob(const char *abs, const char *val)
{
	int ret = kc_write_rooted(abs, val);

	if (ret)
		kc_warn("cannot write %s: %s", abs, strerror(-ret));
	return ret;
}

/*
 * Allocate mib with bounded retries. A failed cma_alloc() usually means
 * pages in the area that could not be migrated right now; compaction
 * moves most of them. Dropping the page cache frees more, but it is
 * global and costs every workload its cache: only when configured.
 */
static int allocate(uint64_t mib, const struct kc_conf *c,
		    unsigned int *attempts)
{
	uint64_t retries = c->retries;
	uint64_t tries = retries + 1, i;
	int ret = 0;

	for (i = 1; i <= tries; i++) {
		*attempts = (unsigned int)i;
		ret = kc_kops->write_crash_size(mib);
		if (!ret) {
			if (i > 1)
				kc_info("attempt %" PRIu64 "/%" PRIu64 ": allocated %" PRIu64 " MiB",
					i, tries, mib);
			return 0;
		}
		kc_info("attempt %" PRIu64 "/%" PRIu64 ": allocating %" PRIu64 " MiB failed: %s",
			i, tries, mib, strerror(-ret));
		if (ret != -ENOMEM && ret != -EBUSY && ret != -EAGAIN)
			return ret;
		if (i == tries || kc_interrupted)
			break;
		vm_knob("/proc/sys/vm/compact_memory", "1\n");
		if (i >= 2 && c->drop_caches)
			vm_knob("/proc/sys/vm/drop_caches", "3\n");
		sleep_ms((unsigned int)i * KC_RETRY_WAIT_MS);
	}
	return kc_interrupted ? -EINTR : ret;
}

/* Check the kernel shows what was asked for. */
static int verify_area(uint64_t mib)
{
	uint64_t size = 0, want = mib * KC_MIB;
	struct kc_iomem io;
	unsigned int i;

	if (kc_read_allocated(&size))
		return -EIO;
	if (size != want) {
		kc_err("%s reads %" PRIu64 " bytes after writing %" PRIu64 " MiB",
		       KC_SYS_CRASH_SIZE, size, mib);
		return -EIO;
	}
	if (kc_read_iomem(&io))
		return -EIO;
	for (i = 0; i < io.ncrash; i++)
		if (kc_range_size(&io.crash[i]) == want)
			return 0;
	kc_err("/proc/iomem shows no \"Crash kernel\" range of %" PRIu64 " MiB after allocating it",
	       mib);
	return -EIO;
}

uint64_t kc_cma_free_now(void)
{
	struct kc_meminfo mi;

	if (kc_read_meminfo(&mi))
		return 0;
	return mi.cma_free;
}

/* Write mib again after a failure, deaf to signals: undo must finish. */
static int write_back(uint64_t mib)
{
	int i, ret = 0;

	for (i = 0; i < KC_FREE_TRIES; i++) {
		ret = kc_kops->write_crash_size(mib);
		if (ret != -EBUSY && ret != -ENOMEM && ret != -EAGAIN)
			break;
		vm_knob("/proc/sys/vm/compact_memory", "1\n");
		sleep_ms(KC_FREE_WAIT_MS);
	}
	return ret;
}

/* Load what the state file says was loaded before, at its old size. */
static int rearm_prev(const struct kc_prev *prev, bool file_load)
{
	const struct kc_state *st = &prev->st;
	uint64_t size = 0;
	bool loaded = false;
	int ret;

	if (!kc_read_loaded(&loaded) && loaded && kc_unload_any(file_load))
		return -EBUSY;
	if (kc_read_allocated(&size))
		return -EIO;
	if (size != st->size_mib * KC_MIB) {
		ret = write_back(st->size_mib);
		if (ret)
			return ret;
	}
	if (verify_area(st->size_mib))
		return -EIO;
	if (prev->backend == KC_BACKEND_DIRECT)
		ret = kc_load_direct(st->kernel, st->initrd, st->cmdline,
				     st->file_load);
	else
		ret = kc_frontend(prev->backend, true);
	if (!ret && (kc_read_loaded(&loaded) || !loaded))
		ret = -EIO;
	return ret;
}

/*
 * Undo a failed start: load what was armed before again at its old
 * size; when nothing was, or that fails, unload and free. now gets what
 * is left, for the caller's error line. Returns KC_EXIT_OK or, when even
 * freeing failed, KC_EXIT_INCONSISTENT.
 */
static int undo_start(const struct kc_prev *prev, const struct kc_plan *p,
		      char *now, size_t len)
{
	if (prev->armed) {
		kc_info("loading the crash kernel loaded before again, at %" PRIu64 " MiB",
			prev->st.size_mib);
		if (!rearm_prev(prev, p->file_load)) {
			snprintf(now, len,
				 "the crash kernel loaded before is armed again at %" PRIu64 " MiB",
				 prev->st.size_mib);
			return KC_EXIT_OK;
		}
		snprintf(now, len,
			 "the crash kernel loaded before could not be loaded again, so the area was freed");
	} else {
		snprintf(now, len, "the area was freed");
	}
	return rollback(p);
}

/* The error line for a failed allocation; returns its exit code. */
static int alloc_failed(const struct kc_sys *s, const struct kc_plan *p,
			int err, const char *now)
{
	if (err == -EINVAL) {
		kc_err("the kernel refused %" PRIu64 " MiB (EINVAL); %s; sizes must be multiples of 16 MiB within the %" PRIu64 " MiB area",
		       p->size_mib, now, s->st.capacity / KC_MIB);
		return KC_EXIT_TOOSMALL;
	}
	if (err == -ENOENT) {
		/* The kernel refuses resizes while an image is loaded. */
		kc_err("cannot allocate %" PRIu64 " MiB: another program loaded a crash kernel meanwhile (ENOENT); %s; run kexeccma start again",
		       p->size_mib, now);
		return KC_EXIT_ALLOC;
	}
	kc_err("cannot allocate %" PRIu64 " MiB of crash memory after %u attempts (%s); %s; free memory or unpin pages and retry, or arm from the initramfs",
	       p->size_mib, p->attempts, strerror(-err), now);
	return KC_EXIT_ALLOC;
}

/*
 * The kernel grows an area by allocating a whole new range while it
 * still holds the old one, so a grow from held to mib MiB needs mib MiB
 * beside them. When the area cannot have that, free first: the undo
 * then allocates the old size again.
 */
static int free_to_grow(const struct kc_sys *s, uint64_t mib)
{
	uint64_t held = s->st.allocated / KC_MIB;
	uint64_t cap = s->st.capacity / KC_MIB;

	if (!held || mib <= held || mib <= cap - held)
		return 0;
	kc_info("growing from %" PRIu64 " to %" PRIu64 " MiB needs %" PRIu64 " MiB beside the %" PRIu64 " MiB held, more than the %" PRIu64 " MiB area has: freeing first",
		held, mib, mib, held, cap);
	return kc_free_area();
}

int kc_allocate_area(const struct kc_conf *c, const struct kc_sys *s,
		     struct kc_plan *p, const struct kc_prev *prev)
{
	char now[160];
	int ret, rb;

	if (s->st.allocated == p->size_mib * KC_MIB)
		return KC_EXIT_OK;
	/*
	 * Otherwise resized in place when the area has room: the kernel
	 * shrinks by releasing the tail, and a failed grow keeps the old
	 * range exactly.
	 */
	ret = free_to_grow(s, p->size_mib);
	if (!ret)
		ret = allocate(p->size_mib, c, &p->attempts);
	if (!ret && !kc_interrupted && !verify_area(p->size_mib))
		return KC_EXIT_OK;
	rb = undo_start(prev, p, now, sizeof(now));
	if (rb)
		return rb;
	if (kc_interrupted)
		return kc_err_interrupted("allocating the crash area", now);
	if (ret)
		return alloc_failed(s, p, ret, now);
	kc_err("the crash area does not show the size written; %s", now);
	return KC_EXIT_ALLOC;
}

void kc_read_prev(const struct kc_sys *s, struct kc_prev *prev)
{
	memset(prev, 0, sizeof(*prev));
	prev->have = kc_state_read(&prev->st) == 0;
	if (!prev->have)
		return;
	if (kc_backend_parse(prev->st.backend, &prev->backend) ||
	    prev->backend == KC_BACKEND_AUTO)
		prev->backend = KC_BACKEND_DIRECT;
	prev->armed = s->st.loaded &&
		      s->st.allocated == prev->st.size_mib * KC_MIB;
}

/* The kernel refuses to resize while a crash kernel is loaded. */
static int unload_prev(const struct kc_prev *prev, const struct kc_plan *p)
{
	bool loaded = false;

	kc_info("unloading the crash kernel loaded before, to resize and reload");
	if (prev->have && prev->backend != KC_BACKEND_DIRECT)
		kc_frontend(prev->backend, false);
	if (!kc_read_loaded(&loaded) && loaded &&
	    kc_unload_any(prev->have ? prev->st.file_load : p->file_load)) {
		kc_err("cannot unload the crash kernel loaded before; nothing was changed");
		return KC_EXIT_LOAD;
	}
	return KC_EXIT_OK;
}

/* Load the planned crash kernel; undo everything when that fails. */
static int load_new(const struct kc_plan *p, const struct kc_prev *prev)
{
	bool loaded = false;
	char now[160];
	int ret, rb;

	if (p->backend == KC_BACKEND_DIRECT)
		ret = kc_load_direct(p->kernel, p->initrd, p->cmdline,
				     p->file_load);
	else
		ret = kc_frontend(p->backend, true);
	if (!ret && (kc_read_loaded(&loaded) || !loaded)) {
		kc_err("%s reported success but %s is not 1",
		       kc_backend_name(p->backend), KC_SYS_CRASH_LOADED);
		ret = -EIO;
	}
	if (!ret && !kc_interrupted)
		return KC_EXIT_OK;
	rb = undo_start(prev, p, now, sizeof(now));
	if (rb)
		return rb;
	if (kc_interrupted)
		return kc_err_interrupted("loading the crash kernel", now);
	kc_err("loading the crash kernel with %s failed; %s; check the kernel and initrd, then run kexeccma start again",
	       kc_backend_name(p->backend), now);
	return KC_EXIT_LOAD;
}

int kc_arm(const struct kc_conf *c, const struct kc_sys *s,
	   struct kc_plan *p, const struct kc_prev *prev)
{
	int ret;

	if (s->st.loaded) {
		ret = unload_prev(prev, p);
		if (ret)
			return ret;
		if (kc_interrupted) {
			char now[160];

			ret = undo_start(prev, p, now, sizeof(now));
			return ret ? ret : kc_err_interrupted("unloading", now);
		}
	}
	ret = kc_allocate_area(c, s, p, prev);
	if (!ret)
		ret = load_new(p, prev);
	return ret;
}
