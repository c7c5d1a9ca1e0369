// SPDX-License-Identifier: GPL-2.0-only
#include "plan.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arch.h"
#include "backend.h"
#include "mcache.h"
#include "luks.h"
#include "procfs.h"

int kc_read_sys(struct kc_sys *s)
{
	int ret;

	memset(s, 0, sizeof(*s));
	ret = kc_read_cmdline(&s->proc_cmdline);
	if (ret)
		return ret;
	return kc_read_sysstate(&s->st, s->proc_cmdline);
}

void kc_free_sys(struct kc_sys *s)
{
	free(s->proc_cmdline);
	s->proc_cmdline = NULL;
}

int kc_need_cma(const struct kc_sys *s)
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

/* For messages: where a release other than the running one came from. */
static const char *kver_origin(const struct kc_plan *p)
{
	return p->kver_conf ? " (KDUMP_KERNELVER in " KC_KDUMPCTL_SYSCONFIG ")" :
	       "";
}

/*
 * The release the defaults are for: the running one, or the one
 * kdumpctl is told to load. Needed only when a default is used.
 */
static int plan_kver(const struct kc_conf *c, struct kc_plan *p)
{
	int ret = kc_read_osrelease(p->kver, sizeof(p->kver));

	if (ret) {
		kc_err("cannot tell the running kernel release: %s",
		       strerror(-ret));
		return KC_EXIT_FAIL;
	}
	if (c->kernel[0] && (c->initrd[0] || c->no_initrd))
		return KC_EXIT_OK;
	ret = kc_frontend_kver(p->backend, p->kver, sizeof(p->kver));
	if (ret == -EINVAL || ret == -ENAMETOOLONG) {
		kc_err("KDUMP_KERNELVER in %s is not a kernel release (%s); fix it, or set kernel= and initrd= in %s",
		       KC_KDUMPCTL_SYSCONFIG, ret == -EINVAL ?
		       "it has a '/' or a control character" :
		       "longer than 255 bytes", KC_CONF_PATH);
		return KC_EXIT_FAIL;
	}
	p->kver_conf = ret == 1;
	return KC_EXIT_OK;
}

/* The crash kernel: kernel= or what the backend would load. */
static int plan_kernel(const struct kc_conf *c, struct kc_plan *p)
{
	if (c->kernel[0]) {
		snprintf(p->kernel, sizeof(p->kernel), "%s", c->kernel);
		return KC_EXIT_OK;
	}
	if (!kc_default_kernel(p->backend, p->kver, p->kernel,
			       sizeof(p->kernel)))
		return KC_EXIT_OK;
	kc_err("no crash kernel found for %s%s (looked for /boot/vmlinuz-%s); set kernel= in %s or pass --kernel",
	       p->kver, kver_origin(p), p->kver, KC_CONF_PATH);
	return KC_EXIT_FAIL;
}

/* The crash initrd: initrd=, none, or what the backend would load. */
static int plan_initrd(const struct kc_conf *c, struct kc_plan *p)
{
	bool none;

	if (c->no_initrd) {
		p->initrd[0] = '\0';
		return KC_EXIT_OK;
	}
	if (c->initrd[0]) {
		snprintf(p->initrd, sizeof(p->initrd), "%s", c->initrd);
		return KC_EXIT_OK;
	}
	if (kc_default_initrd(p->backend, p->kver, p->initrd,
			      sizeof(p->initrd), &none,
			      &p->initrd_provisional) && !none) {
		kc_err("no initrd found for %s%s to size from; %sset initrd= (a path or none) in %s or pass --initrd or --size",
		       p->kver, kver_origin(p), build_initrd_hint(p->backend),
		       KC_CONF_PATH);
		return KC_EXIT_FAIL;
	}
	if (p->initrd_provisional)
		kc_warn("the %s initrd for %s is not built yet; sizing from %s instead",
			kc_backend_name(p->backend), p->kver, p->initrd);
	return KC_EXIT_OK;
}

/* The capture command line, and the CPUs it brings up. */
static int plan_cmdline(const struct kc_conf *c, const struct kc_sys *s,
			struct kc_plan *p)
{
	uint64_t possible = 1;
	int ret;

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
	return KC_EXIT_OK;
}

int kc_plan_paths(const struct kc_conf *c, const struct kc_sys *s,
		  struct kc_plan *p, bool for_load)
{
	int ret;

	memset(p, 0, sizeof(*p));
	p->backend = c->backend == KC_BACKEND_AUTO ? kc_backend_detect() :
		     c->backend;
	ret = plan_kver(c, p);
	if (!ret)
		ret = plan_kernel(c, p);
	if (!ret)
		ret = plan_initrd(c, p);
	if (!ret)
		ret = check_file("kernel", p->kernel);
	if (!ret && p->initrd[0])
		ret = check_file("initrd", p->initrd);
	if (!ret)
		ret = plan_cmdline(c, s, p);
	if (ret)
		return ret;
	if (c->file_load == KC_AUTO)
		p->file_load = kc_file_load_auto();
	else
		p->file_load = c->file_load == KC_YES;
	if (for_load && p->backend == KC_BACKEND_KDUMP_CONFIG &&
	    kc_kdump_tools_passes_cma(s->proc_cmdline))
		kc_warn("kdump-config will pass this kernel's cma= to the capture kernel; add cma=0 to KDUMP_CMDLINE_APPEND in /etc/default/kdump-tools");
	return KC_EXIT_OK;
}

/* The kernel's and the initrd's sizes in memory. */
static int size_files(struct kc_plan *p)
{
	char why[256];
	int ret;

	ret = kc_kimage_read_cached(p->kernel, &p->ki);
	if (ret == -KC_KIMAGE_EZBOOT) {
		kc_err("kernel %s is an EFI zboot image (%s-compressed) that kexec-tools 2.0.25 cannot load; use the same kernel's uncompressed Image or Image.gz: set kernel= in %s or pass --kernel",
		       p->kernel, p->ki.comp, KC_CONF_PATH);
		return KC_EXIT_FAIL;
	}
	if (ret) {
		kc_err("cannot size kernel %s: %s; give the size with --size MiB",
		       p->kernel, p->ki.why[0] ? p->ki.why :
		       ret == -ENOEXEC ?
		       "not a bzImage (boot protocol 2.10+), arm64 Image (Linux 3.17+), Image.gz or ELF64 image" :
		       strerror(-ret));
		return KC_EXIT_FAIL;
	}
	if (!p->initrd[0])
		return KC_EXIT_OK;
	ret = kc_initrd_size_cached(p->initrd, &p->ird, why, sizeof(why));
	if (kc_interrupted)
		return kc_err_interrupted("sizing the initrd",
					  "nothing was changed");
	if (ret) {
		kc_err("cannot size initrd %s: %s; give the size with --size MiB",
		       p->initrd, why[0] ? why : strerror(-ret));
		return KC_EXIT_FAIL;
	}
	return KC_EXIT_OK;
}

/*
 * Whether the capture kernel unpacks its initramfs into a tmpfs, from
 * the command line the backend really passes: kdumpctl always drops
 * root= (its capture runs inside the kdump initramfs, which mounts the
 * dump target itself); kdump-config passes this kernel's /proc/cmdline
 * on without crashkernel= and the like, so root= stays when it is
 * there; direct passes the helper's own.
 */
static bool rootfs_tmpfs(const struct kc_sys *s, const struct kc_plan *p)
{
	switch (p->backend) {
	case KC_BACKEND_KDUMPCTL:
		return true;
	case KC_BACKEND_KDUMP_CONFIG:
		return kc_cmdline_rootfs_tmpfs(s->proc_cmdline ?
					       s->proc_cmdline : "");
	default:
		return kc_cmdline_rootfs_tmpfs(p->cmdline);
	}
}

/* The estimator's inputs: the files' sizes and the machine's. */
static int est_inputs(const struct kc_conf *c, const struct kc_sys *s,
		      const struct kc_plan *p, struct kc_est_in *in)
{
	long page = sysconf(_SC_PAGESIZE);
	struct kc_meminfo mi;
	struct kc_iomem io;

	if (kc_read_meminfo(&mi) || kc_read_iomem(&io))
		return -EIO;
	memset(in, 0, sizeof(*in));
	/* The terms of the architecture the helper runs on. */
	in->arch = KC_ARCH_NATIVE;
	in->page_size = page > 0 ? (uint64_t)page : 0;
	/* An arm64 Image says its page size; else as the running kernel. */
	in->capture_page_size = p->ki.page_size;
	in->kernel_mem = p->ki.resident;
	in->kernel_boot = p->ki.mem_size;
	in->initrd_packed = p->ird.packed;
	in->initrd_data = p->ird.data;
	in->initrd_entries = p->ird.entries;
	in->initrd_systemd = p->ird.init_systemd;
	in->initrd_modules = p->ird.modules;
	/* Unprivileged readers see zeroed iomem addresses: use MemTotal. */
	in->ram = io.system_ram > mi.mem_total ? io.system_ram : mi.mem_total;
	in->cpus = p->cpus;
	in->margin_pct = c->margin_pct;
	in->extra_mib = c->extra_mib;
	in->capacity = s->st.mode == KC_MODE_CMA ? s->st.capacity : 0;
	in->rootfs_tmpfs = rootfs_tmpfs(s, p);
	in->tmpfs_pct = p->tmpfs_pct;
	in->tmpfs_bytes = p->tmpfs_bytes;
	/* kdump-tools' capture runs kdump-tools-dump.service from the root. */
	in->boots_root = p->backend == KC_BACKEND_KDUMP_CONFIG;
	return 0;
}

/*
 * The limit of the capture's rootfs tmpfs: half the memory, unless the
 * capture command line sets initramfs_options=size= and the capture
 * kernel takes that option (its own init data says so, vmlinux.c).
 */
static void plan_tmpfs(const struct kc_sys *s, struct kc_plan *p)
{
	char all[2 * KC_CMDLINE_SIZE], append[KC_CMDLINE_SIZE];
	const char *base = p->cmdline;
	uint64_t pct = 0, bytes = 0;

	p->tmpfs_pct = 0;
	p->tmpfs_bytes = 0;
	p->tmpfs_note = "no root=: initramfs in a tmpfs of at most half the memory";
	if (kc_frontend_append(p->backend, append, sizeof(append)))
		append[0] = '\0';
	/* The front ends start from this kernel's own command line. */
	if (p->backend != KC_BACKEND_DIRECT)
		base = s->proc_cmdline ? s->proc_cmdline : "";
	snprintf(all, sizeof(all), "%s %s", base, append);
	if (kc_cmdline_initramfs_size(all, &pct, &bytes))
		return;
	if (p->ki.initramfs_options != KC_KF_YES) {
		p->tmpfs_note = p->ki.initramfs_options == KC_KF_NO ?
			"no root=: half the memory; this kernel ignores initramfs_options=" :
			"no root=: half the memory; initramfs_options= not known to this kernel";
		return;
	}
	p->tmpfs_pct = pct;
	p->tmpfs_bytes = bytes;
	p->tmpfs_note = "no root=: initramfs in a tmpfs limited by initramfs_options=";
	if (bytes && p->ird.data > bytes)
		kc_warn("initramfs_options=size= on the capture command line is %" PRIu64 " KiB, smaller than the %" PRIu64 " KiB the initrd unpacks to: the capture cannot unpack it; raise it or drop it",
			bytes / 1024, p->ird.data / 1024);
}

const struct kc_est_out *kc_plan_sizes(const struct kc_plan *p)
{
	return p->have_rec ? &p->rec_size.fit : &p->est;
}

/*
 * What the newest capture of these very files (by path and identity)
 * measured, when it saved a dump: the model adds up terms, the record
 * is what that capture needed. Returns 1 when no record is used, else
 * kc_record_size()'s 0 or -ENOSPC.
 */
static int plan_record(const struct kc_conf *c, struct kc_plan *p,
		       uint64_t luks_mem, uint64_t capacity)
{
	struct kc_state want;
	int ret;

	kc_plan_state(p, &want);
	if (!kc_record_find(c->record_dir, &want, &p->rec))
		return 1;
	ret = kc_record_size(&p->rec, p->ird.packed, luks_mem, capacity,
			     &p->rec_size);
	if (ret == -ERANGE) {
		kc_warn("ignoring the capture record %s: its need overflows with the initrd of %" PRIu64 " bytes",
			p->rec.path, p->ird.packed);
		return 1;
	}
	p->have_rec = true;
	return ret;
}

/* The error line for sizes that do not fit; returns its exit code. */
static int too_small(const struct kc_plan *p)
{
	const struct kc_est_out *sz = kc_plan_sizes(p);
	char when[64];

	if (!p->have_rec) {
		kc_err("the capture needs at least %" PRIu64 " MiB but the crash CMA area holds only %" PRIu64 " MiB; boot with a larger crashkernel= or use a smaller crash initrd",
		       sz->need_mib, sz->capacity_mib);
		return KC_EXIT_TOOSMALL;
	}
	kc_record_time(p->rec.time, when, sizeof(when));
	kc_err("the capture of %s (%s) needed %" PRIu64 " MiB but the crash CMA area holds only %" PRIu64 " MiB; boot with a larger crashkernel=, or if that record is wrong, size from the model with --no-records or use_records = no",
	       when, p->rec.path, sz->need_mib, sz->capacity_mib);
	return KC_EXIT_TOOSMALL;
}

/* Size everything and compute the estimate. Returns an exit code. */
int kc_plan_estimate(const struct kc_conf *c, const struct kc_sys *s,
		     struct kc_plan *p)
{
	const struct kc_est_out *sz;
	struct kc_est_in in;
	int ret;

	ret = size_files(p);
	if (ret)
		return ret;
	if (rootfs_tmpfs(s, p))
		plan_tmpfs(s, p);
	if (est_inputs(c, s, p, &in))
		return KC_EXIT_FAIL;
	/* The capture unlocks the dump target: argon2's memory is needed. */
	if (c->luks_device[0] && kc_luks_memory(c->luks_device, &in.luks_mem))
		return KC_EXIT_FAIL;
	snprintf(p->luks_device, sizeof(p->luks_device), "%s",
		 c->luks_device);
	ret = kc_estimate(&in, &p->est);
	if (ret == -ERANGE) {
		kc_err("the estimate overflows; the kernel or initrd sizes are absurd: kernel %" PRIu64 " bytes, initrd %" PRIu64 " bytes",
		       in.kernel_mem, in.initrd_data);
		return KC_EXIT_FAIL;
	}
	p->have_est = true;
	if (c->use_records) {
		int rec = plan_record(c, p, in.luks_mem, in.capacity);

		if (rec != 1)
			ret = rec;
	}
	sz = kc_plan_sizes(p);
	p->size_mib = sz->size_mib;
	if (ret == -ENOSPC)
		return too_small(p);
	if (sz->clamped)
		kc_warn("recommended %" PRIu64 " MiB, clamped to the CMA capacity of %" PRIu64 " MiB",
			sz->recommended_mib, sz->size_mib);
	return KC_EXIT_OK;
}

/* Size for start/allocate: --size or the estimate. */
int kc_plan_size(const struct kc_conf *c, const struct kc_sys *s,
		 struct kc_plan *p)
{
	uint64_t cap_mib = s->st.capacity / KC_MIB;

	if (c->size_auto)
		return kc_plan_estimate(c, s, p);
	p->size_mib = c->size_mib;
	if (p->size_mib > cap_mib) {
		kc_err("size %" PRIu64 " MiB exceeds the crash CMA area of %" PRIu64 " MiB; use --size %" PRIu64 " or less, or boot with a larger crashkernel=",
		       p->size_mib, cap_mib,
		       cap_mib / KC_GRANULE_MIB * KC_GRANULE_MIB);
		return KC_EXIT_TOOSMALL;
	}
	return KC_EXIT_OK;
}

void kc_plan_state(const struct kc_plan *p, struct kc_state *st)
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
