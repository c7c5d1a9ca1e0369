// SPDX-License-Identifier: GPL-2.0-only
#include "cmd.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "backend.h"
#include "cmdline.h"
#include "estimate.h"
#include "initrd.h"
#include "json.h"
#include "kimage.h"
#include "lock.h"
#include "procfs.h"
#include "state.h"
#include "sysfs.h"
#include "util.h"

/* Freeing the area can meet a contended kexec lock; retry briefly. */
#define KC_FREE_TRIES 10
#define KC_FREE_WAIT_MS 100
/* Pause before allocation retry n is n times this. */
#define KC_RETRY_WAIT_MS 200
/* CmaFree may legitimately differ by other movable allocations. */
#define KC_CMA_FREE_SLACK (16ULL * KC_MIB)

struct kc_plan {
	enum kc_backend backend;
	char kver[256];
	char kernel[KC_PATH_MAX];
	char initrd[KC_PATH_MAX];	/* "" = no initrd */
	bool initrd_provisional;
	char cmdline[KC_CMDLINE_SIZE];
	bool file_load;
	uint64_t cpus;
	struct kc_kimage ki;
	struct kc_initrd ird;
	struct kc_est_out est;
	bool have_est;
	uint64_t size_mib;
	unsigned int attempts;
};

struct kc_sys {
	char *proc_cmdline;
	struct kc_sysstate st;
};

/*
 * What was armed before a start changed anything: a crash kernel that
 * kexeccma loaded (the state file says how) with its area. A failed
 * start loads it again at its old size.
 */
struct kc_prev {
	bool have;		/* the state file was read */
	bool armed;		/* loaded, at the size the state file says */
	enum kc_backend backend;
	struct kc_state st;
};

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static int read_sys(struct kc_sys *s)
{
	int ret;

	memset(s, 0, sizeof(*s));
	ret = kc_read_cmdline(&s->proc_cmdline);
	if (ret)
		return ret;
	return kc_read_sysstate(&s->st, s->proc_cmdline);
}

static void free_sys(struct kc_sys *s)
{
	free(s->proc_cmdline);
	s->proc_cmdline = NULL;
}

/* One line for a signal received: what it stopped and where things are. */
static int interrupted(const char *during, const char *now)
{
	kc_err("interrupted by %s while %s; %s",
	       kc_signal_name(kc_interrupted), during, now);
	return KC_EXIT_INTERRUPTED;
}

static int lock_or_report(const struct kc_opts *o, int *fd)
{
	*fd = kc_lock(o->conf.lock_timeout);
	if (*fd >= 0)
		return 0;
	if (*fd == -EINTR)
		return interrupted("waiting for " KC_LOCK_PATH,
				   "nothing was changed");
	if (*fd == -EWOULDBLOCK) {
		kc_err("another kexeccma holds %s (waited %" PRIu64 " s); try again when it is done",
		       KC_LOCK_PATH, o->conf.lock_timeout);
		return KC_EXIT_LOCKED;
	}
	kc_err("cannot lock %s: %s; is /run a writable tmpfs and the lock a regular root-owned file?",
	       KC_LOCK_PATH, strerror(-*fd));
	return KC_EXIT_FAIL;
}

static int check_file(const char *what, const char *path)
{
	int ret = kc_check_trusted(path);

	if (!ret)
		return 0;
	if (ret == -EPERM)
		kc_err("refusing %s %s: it or a directory above it is owned or writable by a non-root user; fix the owner and mode (chown root, chmod go-w)",
		       what, path);
	else
		kc_err("cannot use %s %s: %s; set it with --%s or in %s",
		       what, path, strerror(-ret), what, KC_CONF_PATH);
	return KC_EXIT_FAIL;
}

/* How the front end builds its capture initrd, for an error message. */
static const char *build_initrd_hint(enum kc_backend b)
{
	switch (b) {
	case KC_BACKEND_KDUMPCTL:
		return "build it with \"kdumpctl rebuild\", or ";
	case KC_BACKEND_KDUMP_CONFIG:
		return "build it with \"kdump-config symlinks\", or ";
	default:
		return "";
	}
}

/* Decide backend, files and command line. Returns an exit code. */
static int plan_paths(const struct kc_opts *o, const struct kc_sys *s,
		      struct kc_plan *p, bool for_load)
{
	const struct kc_conf *c = &o->conf;
	uint64_t possible = 1;
	int ret;

	memset(p, 0, sizeof(*p));
	p->backend = c->backend == KC_BACKEND_AUTO ? kc_backend_detect() :
		     c->backend;
	ret = kc_read_osrelease(p->kver, sizeof(p->kver));
	if (ret) {
		kc_err("cannot tell the running kernel release: %s",
		       strerror(-ret));
		return KC_EXIT_FAIL;
	}
	if (c->kernel[0]) {
		snprintf(p->kernel, sizeof(p->kernel), "%s", c->kernel);
	} else if (kc_default_kernel(p->backend, p->kver, p->kernel,
				     sizeof(p->kernel))) {
		kc_err("no crash kernel found for %s (looked for /boot/vmlinuz-%s); set kernel= in %s or pass --kernel",
		       p->kver, p->kver, KC_CONF_PATH);
		return KC_EXIT_FAIL;
	}
	if (c->no_initrd) {
		p->initrd[0] = '\0';
	} else if (c->initrd[0]) {
		snprintf(p->initrd, sizeof(p->initrd), "%s", c->initrd);
	} else {
		bool none;

		if (kc_default_initrd(p->backend, p->kver, p->initrd,
				      sizeof(p->initrd), &none,
				      &p->initrd_provisional) && !none) {
			kc_err("no initrd found for %s to size from; %sset initrd= (a path or none) in %s or pass --initrd or --size",
			       p->kver, build_initrd_hint(p->backend),
			       KC_CONF_PATH);
			return KC_EXIT_FAIL;
		}
	}
	if (p->initrd_provisional)
		kc_warn("the %s initrd for %s is not built yet; sizing from %s instead",
			kc_backend_name(p->backend), p->kver, p->initrd);
	ret = check_file("kernel", p->kernel);
	if (!ret && p->initrd[0])
		ret = check_file("initrd", p->initrd);
	if (ret)
		return ret;

	if (c->cmdline_set) {
		ret = snprintf(p->cmdline, sizeof(p->cmdline), "%s%s%s",
			       c->cmdline, c->append[0] ? " " : "",
			       c->append);
		ret = ret < 0 || (size_t)ret >= sizeof(p->cmdline) ? -E2BIG : 0;
	} else {
		ret = kc_capture_cmdline(s->proc_cmdline, c->append,
					 p->cmdline, sizeof(p->cmdline));
	}
	if (ret) {
		kc_err("cannot build the capture command line: %s; shorten --append or set cmdline=",
		       ret == -E2BIG ? "longer than 2047 bytes" :
		       "unbalanced quote or control character");
		return KC_EXIT_USAGE;
	}
	if (kc_read_possible_cpus(&possible))
		possible = 1;
	p->cpus = kc_cmdline_cpus(p->cmdline, possible);
	switch (c->file_load) {
	case KC_YES:
		p->file_load = true;
		break;
	case KC_NO:
		p->file_load = false;
		break;
	default:
		p->file_load = kc_file_load_auto();
	}
	if (for_load && p->backend == KC_BACKEND_KDUMP_CONFIG &&
	    kc_kdump_tools_passes_cma(s->proc_cmdline))
		kc_warn("kdump-config will pass this kernel's cma= to the capture kernel; add cma=0 to KDUMP_CMDLINE_APPEND in /etc/default/kdump-tools");
	return KC_EXIT_OK;
}

/* Size everything and compute the estimate. Returns an exit code. */
static int plan_estimate(const struct kc_opts *o, const struct kc_sys *s,
			 struct kc_plan *p)
{
	struct kc_est_in in;
	struct kc_meminfo mi;
	struct kc_iomem io;
	int ret;

	ret = kc_kimage_read(p->kernel, &p->ki);
	if (ret) {
		kc_err("cannot size kernel %s: %s; give the size with --size MiB",
		       p->kernel, ret == -ENOEXEC ?
		       "not a bzImage (boot protocol 2.10+) or ELF64 image" :
		       strerror(-ret));
		return KC_EXIT_FAIL;
	}
	if (p->initrd[0]) {
		char why[256];

		ret = kc_initrd_size(p->initrd, &p->ird, why, sizeof(why));
		if (kc_interrupted)
			return interrupted("sizing the initrd",
					   "nothing was changed");
		if (ret) {
			kc_err("cannot size initrd %s: %s; give the size with --size MiB",
			       p->initrd, why[0] ? why : strerror(-ret));
			return KC_EXIT_FAIL;
		}
	}
	if (kc_read_meminfo(&mi) || kc_read_iomem(&io))
		return KC_EXIT_FAIL;
	memset(&in, 0, sizeof(in));
	in.kernel_mem = p->ki.mem_size;
	in.initrd_packed = p->ird.packed;
	in.initrd_data = p->ird.data;
	in.initrd_entries = p->ird.entries;
	/* Unprivileged readers see zeroed iomem addresses: use MemTotal. */
	in.ram = io.system_ram > mi.mem_total ? io.system_ram : mi.mem_total;
	in.cpus = p->cpus;
	in.margin_pct = o->conf.margin_pct;
	in.extra_mib = o->conf.extra_mib;
	in.capacity = s->st.mode == KC_MODE_CMA ? s->st.capacity : 0;
	in.rootfs_tmpfs = kc_cmdline_rootfs_tmpfs(p->cmdline);
	ret = kc_estimate(&in, &p->est);
	if (ret == -ERANGE) {
		kc_err("the estimate overflows; the kernel or initrd sizes are absurd: kernel %" PRIu64 " bytes, initrd %" PRIu64 " bytes",
		       in.kernel_mem, in.initrd_data);
		return KC_EXIT_FAIL;
	}
	p->have_est = true;
	p->size_mib = p->est.size_mib;
	if (ret == -ENOSPC) {
		kc_err("the capture needs at least %" PRIu64 " MiB but the crash CMA area holds only %" PRIu64 " MiB; boot with a larger crashkernel= or use a smaller crash initrd",
		       p->est.need_mib, p->est.capacity_mib);
		return KC_EXIT_TOOSMALL;
	}
	if (p->est.clamped)
		kc_warn("recommended %" PRIu64 " MiB, clamped to the CMA capacity of %" PRIu64 " MiB",
			p->est.recommended_mib, p->est.size_mib);
	return KC_EXIT_OK;
}

/* Size for start/allocate: --size or the estimate. */
static int plan_size(const struct kc_opts *o, const struct kc_sys *s,
		     struct kc_plan *p)
{
	uint64_t cap_mib = s->st.capacity / KC_MIB;

	if (o->conf.size_auto)
		return plan_estimate(o, s, p);
	p->size_mib = o->conf.size_mib;
	if (p->size_mib > cap_mib) {
		kc_err("size %" PRIu64 " MiB exceeds the crash CMA area of %" PRIu64 " MiB; use --size %" PRIu64 " or less, or boot with a larger crashkernel=",
		       p->size_mib, cap_mib,
		       cap_mib / KC_GRANULE_MIB * KC_GRANULE_MIB);
		return KC_EXIT_TOOSMALL;
	}
	return KC_EXIT_OK;
}

static int need_cma(const struct kc_sys *s)
{
	if (s->st.mode == KC_MODE_CMA)
		return KC_EXIT_OK;
	if (s->st.mode == KC_MODE_CLASSIC)
		kc_err("the crash area is a classic crashkernel= reservation, not CMA; arm kdump with kdumpctl or kdump-config directly");
	else
		kc_err("no crash CMA area (%s is absent or 0); boot a kexec-CMA kernel with crashkernel=SIZE",
		       KC_SYS_CMA_SIZE);
	return KC_EXIT_NOTCMA;
}

static void make_state(const struct kc_plan *p, struct kc_state *st)
{
	memset(st, 0, sizeof(*st));
	snprintf(st->backend, sizeof(st->backend), "%s",
		 kc_backend_name(p->backend));
	st->size_mib = p->size_mib;
	snprintf(st->kernel, sizeof(st->kernel), "%s", p->kernel);
	snprintf(st->initrd, sizeof(st->initrd), "%s", p->initrd);
	if (kc_file_id(p->kernel, st->kernel_id, sizeof(st->kernel_id)))
		st->kernel_id[0] = '\0';
	if (kc_file_id(p->initrd, st->initrd_id, sizeof(st->initrd_id)))
		st->initrd_id[0] = '\0';
	/* Front ends build their own command line. */
	if (p->backend == KC_BACKEND_DIRECT)
		snprintf(st->cmdline, sizeof(st->cmdline), "%s", p->cmdline);
	st->file_load = p->file_load;
}

/* Write 0, retrying while the kexec lock is contended. */
static int free_area(void)
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
static int unload_any(bool file_load)
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
	if (!kc_read_loaded(&loaded) && loaded && unload_any(p->file_load)) {
		kc_err("rollback failed: a crash kernel is still loaded; run \"kexeccma stop\"");
		return KC_EXIT_INCONSISTENT;
	}
	ret = free_area();
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

static uint64_t cma_free_now(void)
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

	if (!kc_read_loaded(&loaded) && loaded && unload_any(file_load))
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
 * Allocate for start/allocate; returns an exit code. On failure what
 * was armed before (prev) is armed again, or nothing is held.
 */
static int do_allocate(const struct kc_opts *o, const struct kc_sys *s,
		       struct kc_plan *p, const struct kc_prev *prev)
{
	char now[160];
	int ret, rb;

	if (s->st.allocated == p->size_mib * KC_MIB)
		return KC_EXIT_OK;
	/*
	 * An allocated area is resized in place: the kernel shrinks by
	 * releasing the tail and grows while still holding the old range,
	 * so a resize never does worse than freeing and allocating anew.
	 */
	ret = allocate(p->size_mib, &o->conf, &p->attempts);
	if (!ret && !kc_interrupted && !verify_area(p->size_mib))
		return KC_EXIT_OK;
	rb = undo_start(prev, p, now, sizeof(now));
	if (rb)
		return rb;
	if (kc_interrupted)
		return interrupted("allocating the crash area", now);
	if (ret)
		return alloc_failed(s, p, ret, now);
	kc_err("the crash area does not show the size written; %s", now);
	return KC_EXIT_ALLOC;
}

static void print_plan_json(struct kc_json *j, const struct kc_plan *p)
{
	kc_json_str(j, "backend", kc_backend_name(p->backend));
	kc_json_str(j, "kernel", p->kernel);
	kc_json_str(j, "initrd", p->initrd);
	kc_json_bool(j, "initrd_provisional", p->initrd_provisional);
	kc_json_str(j, "cmdline", p->cmdline);
	kc_json_bool(j, "file_load", p->file_load);
	kc_json_u64(j, "size_mib", p->size_mib);
}

static void print_est_json(struct kc_json *j, const struct kc_plan *p)
{
	const struct kc_est_out *e = &p->est;

	kc_json_obj(j, "estimate");
	kc_json_u64(j, "size_mib", e->size_mib);
	kc_json_u64(j, "need_mib", e->need_mib);
	kc_json_u64(j, "recommended_mib", e->recommended_mib);
	kc_json_u64(j, "capacity_mib", e->capacity_mib);
	kc_json_bool(j, "clamped", e->clamped);
	kc_json_obj(j, "bytes");
	kc_json_u64(j, "kernel", e->kernel);
	kc_json_u64(j, "initrd_packed", e->initrd_packed);
	kc_json_u64(j, "initrd_unpacked", e->initrd_unpacked);
	kc_json_u64(j, "tmpfs_cap", e->tmpfs_cap);
	kc_json_u64(j, "bitmaps", e->bitmaps);
	kc_json_u64(j, "cpus", e->cpus);
	kc_json_u64(j, "base", e->base);
	kc_json_u64(j, "memmap", e->memmap);
	kc_json_u64(j, "margin", e->margin);
	kc_json_u64(j, "extra", e->extra);
	kc_json_close(j, '}');
	kc_json_obj(j, "inputs");
	kc_json_str(j, "kernel", p->kernel);
	kc_json_str(j, "kernel_format", p->ki.kind ? p->ki.kind : "");
	kc_json_u64(j, "kernel_file_bytes", p->ki.file_size);
	kc_json_str(j, "initrd", p->initrd);
	kc_json_bool(j, "initrd_provisional", p->initrd_provisional);
	kc_json_str(j, "initrd_format", p->ird.format);
	kc_json_u64(j, "initrd_entries", p->ird.entries);
	kc_json_u64(j, "cpus", p->cpus);
	kc_json_close(j, '}');
	kc_json_close(j, '}');
}

static double mib(uint64_t b)
{
	return (double)b / (double)KC_MIB;
}

static void row(const char *label, uint64_t bytes, const char *note)
{
	printf("  %-18s %8.1f MiB%s%s\n", label, mib(bytes), note[0] ? "  " : "",
	       note);
}

static void print_est_text(const struct kc_plan *p)
{
	const struct kc_est_out *e = &p->est;
	char note[KC_PATH_MAX + 64];

	if (e->capacity_mib && e->need_mib > e->capacity_mib)
		printf("estimate: %" PRIu64 " MiB, does not fit the %" PRIu64 " MiB CMA area\n",
		       e->need_mib, e->capacity_mib);
	else if (e->clamped)
		printf("estimate: %" PRIu64 " MiB (recommended %" PRIu64 " MiB, clamped to the CMA capacity)\n",
		       e->size_mib, e->recommended_mib);
	else
		printf("estimate: %" PRIu64 " MiB\n", e->size_mib);
	printf("  %-18s %6" PRIu64 " MiB\n", "minimum:", e->need_mib);
	snprintf(note, sizeof(note), "%s %s",
		 p->ki.kind ? p->ki.kind : "?", p->kernel);
	row("kernel:", e->kernel, note);
	row("initrd packed:", e->initrd_packed,
	    p->initrd[0] ? p->initrd : "(none)");
	snprintf(note, sizeof(note), "%s, %" PRIu64 " entries",
		 p->ird.format[0] ? p->ird.format : "-", p->ird.entries);
	row("initrd unpacked:", e->initrd_unpacked, note);
	if (e->tmpfs_cap)
		row("tmpfs half cap:", e->tmpfs_cap,
		    "no root=: initramfs in a tmpfs of at most half the memory");
	row("dump bitmaps:", e->bitmaps, "");
	snprintf(note, sizeof(note), "%" PRIu64 " CPU%s", p->cpus,
		 p->cpus == 1 ? "" : "s");
	row("CPUs:", e->cpus, note);
	row("runtime base:", e->base, "");
	row("memmap:", e->memmap, "");
	row("margin:", e->margin, "");
	row("extra:", e->extra, "");
	if (e->capacity_mib)
		printf("  %-18s %6" PRIu64 " MiB\n", "CMA capacity:",
		       e->capacity_mib);
}

int kc_cmd_estimate(struct kc_opts *o)
{
	struct kc_plan p;
	struct kc_sys s;
	int ret;

	memset(&p, 0, sizeof(p));
	ret = read_sys(&s) ? KC_EXIT_FAIL : plan_paths(o, &s, &p, false);
	if (!ret)
		ret = plan_estimate(o, &s, &p);
	if (p.have_est) {
		if (o->json) {
			struct kc_json j;

			kc_json_begin(&j, stdout);
			kc_json_u64(&j, "size_mib", p.est.size_mib);
			kc_json_bool(&j, "fits", ret == KC_EXIT_OK);
			print_est_json(&j, &p);
			kc_json_end(&j);
		} else {
			print_est_text(&p);
		}
	}
	free_sys(&s);
	return ret;
}

/* What is armed now, to load it again if the start fails. */
static void read_prev(const struct kc_sys *s, struct kc_prev *prev)
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
	    unload_any(prev->have ? prev->st.file_load : p->file_load)) {
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
		return interrupted("loading the crash kernel", now);
	kc_err("loading the crash kernel with %s failed; %s; check the kernel and initrd, then run kexeccma start again",
	       kc_backend_name(p->backend), now);
	return KC_EXIT_LOAD;
}

/* Unload, resize, load; on failure what was armed before is again. */
static int arm(const struct kc_opts *o, const struct kc_sys *s,
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
			return ret ? ret : interrupted("unloading", now);
		}
	}
	ret = do_allocate(o, s, p, prev);
	if (!ret)
		ret = load_new(p, prev);
	return ret;
}

static int do_start(struct kc_opts *o, struct kc_sys *s)
{
	struct kc_state want;
	struct kc_prev prev;
	struct kc_plan p;
	bool noop = false;
	int ret;

	ret = need_cma(s);
	if (!ret)
		ret = plan_paths(o, s, &p, true);
	if (!ret)
		ret = plan_size(o, s, &p);
	if (!ret && kc_interrupted)
		ret = interrupted("planning", "nothing was changed");
	if (ret)
		return ret;
	make_state(&p, &want);
	read_prev(s, &prev);
	if (prev.armed && s->st.allocated == p.size_mib * KC_MIB &&
	    kc_state_same(&prev.st, &want)) {
		kc_info("already armed: %" PRIu64 " MiB, %s loaded by %s; nothing to do",
			p.size_mib, p.kernel, kc_backend_name(p.backend));
		noop = true;
		ret = KC_EXIT_OK;
		goto out;
	}
	if (kc_loader_check(p.backend))
		return KC_EXIT_LOAD;
	/* What CmaFree should return to after stop. */
	want.cma_free_before = cma_free_now() + s->st.allocated;
	if (prev.have && prev.st.cma_free_before)
		want.cma_free_before = prev.st.cma_free_before;
	ret = arm(o, s, &p, &prev);
	if (ret)
		return ret;
	ret = kc_state_write(&want);
	if (ret)
		kc_warn("cannot record %s (%s); the next start will reload",
			KC_STATE_PATH, strerror(-ret));
	kc_info("armed: %" PRIu64 " MiB allocated, crash kernel loaded by %s",
		p.size_mib, kc_backend_name(p.backend));
	ret = KC_EXIT_OK;
out:
	if (o->json) {
		struct kc_json j;

		kc_json_begin(&j, stdout);
		kc_json_str(&j, "result", noop ? "already-armed" : "armed");
		print_plan_json(&j, &p);
		kc_json_u64(&j, "attempts", p.attempts);
		if (p.have_est)
			print_est_json(&j, &p);
		kc_json_end(&j);
	}
	return ret;
}

/* With --json, a failure is reported on stdout too. */
static int json_failure(const struct kc_opts *o, int ret)
{
	struct kc_json j;

	if (!o->json || !ret)
		return ret;
	kc_json_begin(&j, stdout);
	kc_json_str(&j, "result", "failed");
	kc_json_u64(&j, "exit", (uint64_t)ret);
	kc_json_end(&j);
	return ret;
}

int kc_cmd_start(struct kc_opts *o)
{
	struct kc_sys s;
	int fd, ret;

	ret = lock_or_report(o, &fd);
	if (ret)
		return json_failure(o, ret);
	ret = read_sys(&s) ? KC_EXIT_FAIL : do_start(o, &s);
	free_sys(&s);
	kc_unlock(fd);
	return json_failure(o, ret);
}

static int do_stop(struct kc_opts *o, struct kc_sys *s, bool *did)
{
	struct kc_state old;
	bool have_old, loaded = s->st.loaded;
	uint64_t size = 0;
	struct kc_iomem io;
	int ret;

	*did = false;
	have_old = kc_state_read(&old) == 0;
	if (s->st.mode != KC_MODE_CMA) {
		/*
		 * Never write kexec_crash_size outside CMA mode: that would
		 * shrink a boot-time reservation for good.
		 */
		kc_info("not in crash CMA mode; nothing to stop");
		return KC_EXIT_OK;
	}
	if (!loaded && !s->st.allocated) {
		kc_state_remove();
		kc_info("already stopped: no crash kernel loaded, nothing allocated");
		return KC_EXIT_OK;
	}
	*did = true;
	if (loaded) {
		enum kc_backend b = KC_BACKEND_DIRECT;

		if (o->backend_given)
			b = o->conf.backend;
		else if (have_old && kc_backend_parse(old.backend, &b))
			b = KC_BACKEND_DIRECT;
		if (b == KC_BACKEND_KDUMPCTL || b == KC_BACKEND_KDUMP_CONFIG)
			kc_frontend(b, false);
		if (kc_read_loaded(&loaded))
			return KC_EXIT_FAIL;
		if (loaded && unload_any(have_old && old.file_load)) {
			kc_err("cannot unload the crash kernel; the area stays allocated; see the kexec messages above");
			return KC_EXIT_FAIL;
		}
	}
	ret = free_area();
	/* Read even after a failed write: the error says how much. */
	if (kc_read_allocated(&size) || ret || size) {
		kc_err("cannot free the crash area (%s): %" PRIu64 " MiB stay allocated with no crash kernel loaded; run kexeccma stop again",
		       ret ? strerror(-ret) : "size not 0", size / KC_MIB);
		return KC_EXIT_INCONSISTENT;
	}
	if (!kc_read_iomem(&io) && io.ncrash)
		kc_warn("/proc/iomem still shows %u \"Crash kernel\" range(s) after freeing",
			io.ncrash);
	if (have_old && old.cma_free_before) {
		uint64_t now = cma_free_now();

		if (now + KC_CMA_FREE_SLACK < old.cma_free_before)
			kc_warn("CmaFree is %" PRIu64 " MiB, %" PRIu64 " MiB before start; other movable allocations may hold the rest",
				now / KC_MIB, old.cma_free_before / KC_MIB);
	}
	kc_state_remove();
	kc_info("stopped: crash kernel unloaded, crash area freed");
	return KC_EXIT_OK;
}

int kc_cmd_stop(struct kc_opts *o)
{
	struct kc_sys s;
	bool did = false;
	int fd, ret;

	ret = lock_or_report(o, &fd);
	if (ret)
		return ret;
	ret = read_sys(&s) ? KC_EXIT_FAIL : do_stop(o, &s, &did);
	if (o->json) {
		struct kc_json j;

		kc_json_begin(&j, stdout);
		kc_json_str(&j, "result", ret ? "failed" : did ? "stopped" :
			    "already-stopped");
		kc_json_u64(&j, "exit", (uint64_t)ret);
		kc_json_u64(&j, "cma_free", cma_free_now());
		kc_json_end(&j);
	}
	free_sys(&s);
	kc_unlock(fd);
	return ret;
}

int kc_cmd_allocate(struct kc_opts *o)
{
	const struct kc_prev none = { 0 };
	struct kc_state want, old;
	struct kc_plan p;
	struct kc_sys s;
	int fd, ret;

	ret = lock_or_report(o, &fd);
	if (ret)
		return json_failure(o, ret);
	if (read_sys(&s)) {
		ret = KC_EXIT_FAIL;
		goto out;
	}
	ret = need_cma(&s);
	if (ret)
		goto out;
	if (s.st.loaded) {
		kc_info("a crash kernel is already loaded with %" PRIu64 " MiB; leaving it",
			s.st.allocated / KC_MIB);
		goto out;
	}
	ret = plan_paths(o, &s, &p, true);
	if (!ret)
		ret = plan_size(o, &s, &p);
	if (ret)
		goto out;
	make_state(&p, &want);
	want.cma_free_before = cma_free_now() + s.st.allocated;
	if (kc_state_read(&old) == 0 && old.cma_free_before)
		want.cma_free_before = old.cma_free_before;
	if (s.st.allocated == p.size_mib * KC_MIB) {
		kc_info("%" PRIu64 " MiB already allocated; nothing to do",
			p.size_mib);
	} else {
		ret = do_allocate(o, &s, &p, &none);
		if (ret)
			goto out;
		kc_info("allocated %" PRIu64 " MiB; now load a crash kernel or run kexeccma release",
			p.size_mib);
	}
	if (kc_state_write(&want))
		kc_warn("cannot record %s", KC_STATE_PATH);
	if (o->json) {
		struct kc_json j;

		kc_json_begin(&j, stdout);
		kc_json_str(&j, "result", "allocated");
		print_plan_json(&j, &p);
		kc_json_end(&j);
	}
out:
	free_sys(&s);
	kc_unlock(fd);
	return json_failure(o, ret);
}

int kc_cmd_status(struct kc_opts *o)
{
	struct kc_meminfo mi = { 0 };
	struct kc_iomem io = { 0 };
	struct kc_state old;
	struct kc_plan p;
	struct kc_sys s;
	bool have_mi, have_io, have_old, have_est = false;
	unsigned int i;

	if (read_sys(&s)) {
		free_sys(&s);
		return KC_EXIT_FAIL;
	}
	have_mi = kc_read_meminfo(&mi) == 0;
	have_io = kc_read_iomem(&io) == 0;
	have_old = kc_state_read(&old) == 0;
	/* The estimate is informative here; its errors are not fatal. */
	kc_set_mute(true);
	kc_clear_error();
	memset(&p, 0, sizeof(p));
	if (plan_paths(o, &s, &p, false) == KC_EXIT_OK) {
		(void)plan_estimate(o, &s, &p);
		have_est = p.have_est;
	}
	kc_set_mute(false);
	if (o->json) {
		struct kc_json j;

		kc_json_begin(&j, stdout);
		kc_json_str(&j, "mode", kc_mode_name(s.st.mode));
		kc_json_u64(&j, "capacity_bytes", s.st.capacity);
		kc_json_u64(&j, "allocated_bytes", s.st.allocated);
		kc_json_bool(&j, "loaded", s.st.loaded);
		kc_json_arr(&j, "crash_ranges");
		for (i = 0; have_io && i < io.ncrash; i++) {
			char r[48];

			snprintf(r, sizeof(r), "%" PRIx64 "-%" PRIx64,
				 io.crash[i].start, io.crash[i].end);
			kc_json_str(&j, NULL, r);
		}
		kc_json_close(&j, ']');
		if (have_mi && mi.has_cma) {
			kc_json_u64(&j, "cma_total_bytes", mi.cma_total);
			kc_json_u64(&j, "cma_free_bytes", mi.cma_free);
		} else {
			kc_json_null(&j, "cma_total_bytes");
			kc_json_null(&j, "cma_free_bytes");
		}
		if (have_old && s.st.loaded)
			kc_json_str(&j, "loaded_by", old.backend);
		else
			kc_json_null(&j, "loaded_by");
		if (have_est) {
			print_est_json(&j, &p);
		} else {
			kc_json_null(&j, "estimate");
			kc_json_str(&j, "estimate_error", kc_last_error());
		}
		kc_json_end(&j);
	} else {
		printf("mode:        %s\n", kc_mode_name(s.st.mode));
		printf("capacity:    %" PRIu64 " MiB\n", s.st.capacity / KC_MIB);
		printf("allocated:   %" PRIu64 " MiB\n",
		       s.st.allocated / KC_MIB);
		printf("loaded:      %s%s%s\n", s.st.loaded ? "yes" : "no",
		       s.st.loaded && have_old ? ", by kexeccma via " : "",
		       s.st.loaded && have_old ? old.backend : "");
		for (i = 0; have_io && i < io.ncrash; i++)
			printf("crash range: %" PRIx64 "-%" PRIx64 " (%" PRIu64 " MiB)\n",
			       io.crash[i].start, io.crash[i].end,
			       kc_range_size(&io.crash[i]) / KC_MIB);
		if (have_mi && mi.has_cma)
			printf("CmaTotal:    %" PRIu64 " MiB\nCmaFree:     %" PRIu64 " MiB\n",
			       mi.cma_total / KC_MIB, mi.cma_free / KC_MIB);
		if (have_est)
			printf("estimate:    %" PRIu64 " MiB\n", p.est.size_mib);
		else
			printf("estimate:    unavailable: %s\n", kc_last_error());
		/* What a bare kdumpctl stop or kdump-config unload leaves */
		if (s.st.allocated && !s.st.loaded)
			printf("note:        memory is allocated but no crash kernel is loaded; run 'kexeccma start' to arm or 'kexeccma release' to free it\n");
	}
	free_sys(&s);
	return KC_EXIT_OK;
}
