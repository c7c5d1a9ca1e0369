// SPDX-License-Identifier: GPL-2.0-only
#include "output.h"

#include <inttypes.h>
#include <stdio.h>

#include "arch.h"
#include "util.h"

void kc_print_plan_json(struct kc_json *j, const struct kc_plan *p)
{
	kc_json_str(j, "backend", kc_backend_name(p->backend));
	kc_json_str(j, "kernel", p->kernel);
	kc_json_str(j, "initrd", p->initrd);
	kc_json_bool(j, "initrd_provisional", p->initrd_provisional);
	kc_json_str(j, "cmdline", p->cmdline);
	kc_json_bool(j, "file_load", p->file_load);
	kc_json_u64(j, "size_mib", p->size_mib);
}

/* The estimate's terms, in bytes, in the order they are summed. */
static void print_bytes_json(struct kc_json *j, const struct kc_est_out *e)
{
	const struct {
		const char *key;
		uint64_t val;
	} terms[] = {
		{ "kernel", e->kernel }, { "initrd_packed", e->initrd_packed },
		{ "initrd_unpacked", e->initrd_unpacked },
		{ "tmpfs_cap", e->tmpfs_cap }, { "bitmaps", e->bitmaps },
		{ "cpus", e->cpus }, { "base", e->base },
		{ "memmap", e->memmap }, { "arch_extra", e->arch_extra },
		{ "initramfs_userspace", e->initramfs_userspace },
		{ "modules", e->modules },
		{ "unpack_overlap", e->unpack_overlap },
		{ "root_userspace", e->root_userspace }, { "luks", e->luks },
		{ "switch_root", e->switch_root },
		{ "decompress", e->decompress }, { "margin", e->margin },
		{ "extra", e->extra },
	};
	size_t i;

	kc_json_obj(j, "bytes");
	for (i = 0; i < KC_ARRAY_SIZE(terms); i++)
		kc_json_u64(j, terms[i].key, terms[i].val);
	kc_json_close(j, '}');
}

/* The sizes of kc_est_fit(). */
static void print_fit_json(struct kc_json *j, const struct kc_est_out *e)
{
	kc_json_u64(j, "size_mib", e->size_mib);
	kc_json_u64(j, "need_mib", e->need_mib);
	kc_json_u64(j, "recommended_mib", e->recommended_mib);
	kc_json_u64(j, "capacity_mib", e->capacity_mib);
	kc_json_bool(j, "clamped", e->clamped);
}

/* The capture record sized from, or null. */
static void print_record_json(struct kc_json *j, const struct kc_plan *p)
{
	const struct kc_record *r = &p->rec;
	char when[64];

	if (!p->have_rec) {
		kc_json_null(j, "record");
		return;
	}
	kc_record_time(r->time, when, sizeof(when));
	kc_json_obj(j, "record");
	kc_json_str(j, "path", r->path);
	kc_json_u64(j, "time", r->time);
	kc_json_str(j, "time_utc", when);
	kc_json_str(j, "backend", r->backend);
	kc_json_u64(j, "area_mib", r->area_mib);
	kc_json_u64(j, "ram_kib", r->ram_kib);
	kc_json_u64(j, "first_used_kib", r->first_used_kib);
	kc_json_u64(j, "peak_used_kib", r->peak_used_kib);
	kc_json_u64(j, "samples", r->samples);
	kc_json_u64(j, "need_bytes", p->rec_size.need);
	kc_json_bool(j, "need_is_peak", p->rec_size.by == KC_REC_BY_PEAK);
	kc_json_str(j, "need_by", p->rec_size.by == KC_REC_BY_PEAK ? "peak" :
		    p->rec_size.by == KC_REC_BY_LUKS ? "luks" : "initrd");
	kc_json_u64(j, "margin_bytes", p->rec_size.margin);
	kc_json_close(j, '}');
}

void kc_print_est_json(struct kc_json *j, const struct kc_plan *p)
{
	const struct kc_est_out *e = &p->est;

	kc_json_obj(j, "estimate");
	print_fit_json(j, kc_plan_sizes(p));
	kc_json_str(j, "source", p->have_rec ? "record" : "model");
	print_record_json(j, p);
	kc_json_obj(j, "model");
	print_fit_json(j, e);
	kc_json_close(j, '}');
	print_bytes_json(j, e);
	kc_json_obj(j, "inputs");
	kc_json_str(j, "kernel", p->kernel);
	kc_json_str(j, "kernel_format", p->ki.kind ? p->ki.kind : "");
	kc_json_u64(j, "kernel_file_bytes", p->ki.file_size);
	kc_json_u64(j, "kernel_boot_bytes", p->ki.mem_size);
	kc_json_u64(j, "kernel_resident_bytes", p->ki.resident);
	kc_json_str(j, "kernel_resident_unknown", p->ki.resident_why);
	kc_json_str(j, "kernel_initramfs_options",
		    p->ki.initramfs_options == KC_KF_YES ? "yes" :
		    p->ki.initramfs_options == KC_KF_NO ? "no" : "unknown");
	kc_json_u64(j, "tmpfs_limit_pct", p->tmpfs_pct);
	kc_json_u64(j, "tmpfs_limit_bytes", p->tmpfs_bytes);
	kc_json_str(j, "initrd", p->initrd);
	kc_json_bool(j, "initrd_provisional", p->initrd_provisional);
	kc_json_str(j, "initrd_format", p->ird.format);
	kc_json_u64(j, "initrd_entries", p->ird.entries);
	kc_json_bool(j, "initrd_init_systemd", p->ird.init_systemd);
	kc_json_u64(j, "initrd_module_files", p->ird.module_files);
	kc_json_u64(j, "initrd_modules_unknown", p->ird.modules_unknown);
	kc_json_u64(j, "cpus", p->cpus);
	kc_json_str(j, "luks_device", p->luks_device);
	kc_json_str(j, "arch", kc_arch_name(KC_ARCH_NATIVE));
	kc_json_u64(j, "page_size", e->page_size);
	kc_json_close(j, '}');
	kc_json_close(j, '}');
}

static double mib(uint64_t b)
{
	return (double)b / (double)KC_MIB;
}

static void row_mib(const char *label, double mib_val, const char *note)
{
	printf("  %-18s %8.1f MiB%s%s\n", label, mib_val, note[0] ? "  " : "",
	       note);
}

static void row(const char *label, uint64_t bytes, const char *note)
{
	row_mib(label, mib(bytes), note);
}

/* A term the sum subtracts: memory two phases do not hold at once. */
static void row_less(const char *label, uint64_t bytes, const char *note)
{
	row_mib(label, -mib(bytes), note);
}

/* Where the number came from: the model, or what a capture measured. */
static void print_source_text(const struct kc_plan *p)
{
	const struct kc_rec_size *rs = &p->rec_size;
	const struct kc_record *r = &p->rec;
	char when[64];

	if (!p->have_rec) {
		printf("source: model\n");
		return;
	}
	kc_record_time(r->time, when, sizeof(when));
	printf("source: measured in the capture of %s (%s): ", when, r->path);
	if (rs->by == KC_REC_BY_PEAK)
		printf("peak %.1f MiB", mib(rs->need));
	else
		printf("first use %.1f MiB + %s %.1f MiB",
		       mib(r->first_used_kib * 1024),
		       rs->by == KC_REC_BY_LUKS ? "LUKS keyslot" :
		       "packed initrd",
		       mib(rs->need - r->first_used_kib * 1024));
	printf(" + margin %.0f MiB\n", mib(rs->margin));
	printf("model: %" PRIu64 " MiB, not used; its terms:\n",
	       p->est.size_mib);
}

/*
 * The kernel's format and path; for a bzImage also what it needs while
 * it decompresses, or why its running size is not known.
 */
static void kernel_note(const struct kc_plan *p, char *note, size_t len)
{
	const struct kc_kimage *ki = &p->ki;
	int n = snprintf(note, len, "%s %s", ki->kind ? ki->kind : "?",
			 p->kernel);

	if (n < 0 || (size_t)n >= len || !ki->mem_size)
		return;
	if (ki->resident_why[0])
		snprintf(note + n, len - (size_t)n,
			 " (init_size: running size unknown, %s)",
			 ki->resident_why);
	else if (ki->resident < ki->mem_size)
		snprintf(note + n, len - (size_t)n,
			 " (_text to _end; init_size %.1f MiB to boot)",
			 mib(ki->mem_size));
}

void kc_print_est_text(const struct kc_plan *p)
{
	const struct kc_est_out *e = &p->est, *sz = kc_plan_sizes(p);
	char note[KC_PATH_MAX + 192];

	if (sz->capacity_mib && sz->need_mib > sz->capacity_mib)
		printf("estimate: %" PRIu64 " MiB, does not fit the %" PRIu64 " MiB CMA area\n",
		       sz->need_mib, sz->capacity_mib);
	else if (sz->clamped)
		printf("estimate: %" PRIu64 " MiB (recommended %" PRIu64 " MiB, clamped to the CMA capacity)\n",
		       sz->size_mib, sz->recommended_mib);
	else
		printf("estimate: %" PRIu64 " MiB\n", sz->size_mib);
	print_source_text(p);
	printf("  %-18s %6" PRIu64 " MiB\n", "minimum:", e->need_mib);
	kernel_note(p, note, sizeof(note));
	row("kernel:", e->kernel, note);
	row("initrd packed:", e->initrd_packed,
	    p->initrd[0] ? p->initrd : "(none)");
	snprintf(note, sizeof(note), "%s, %" PRIu64 " entries",
		 p->ird.format[0] ? p->ird.format : "-", p->ird.entries);
	row("initrd unpacked:", e->initrd_unpacked, note);
	if (e->tmpfs_cap && p->tmpfs_pct) {
		snprintf(note, sizeof(note), "%s to %" PRIu64 "%% of the memory",
			 p->tmpfs_note, p->tmpfs_pct);
		row("tmpfs cap:", e->tmpfs_cap, note);
	} else if (e->tmpfs_cap) {
		row("tmpfs half cap:", e->tmpfs_cap, p->tmpfs_note ?
		    p->tmpfs_note : "no root=: initramfs in a tmpfs");
	}
	if (e->modules) {
		snprintf(note, sizeof(note),
			 "%" PRIu64 " in the initrd, loaded after unpacking%s",
			 p->ird.module_files,
			 p->ird.modules_unknown ? " (some at their file size)" : "");
		row("modules:", e->modules, note);
	}
	row("dump bitmaps:", e->bitmaps, "");
	snprintf(note, sizeof(note), "%" PRIu64 " CPU%s", p->cpus,
		 p->cpus == 1 ? "" : "s");
	row("CPUs:", e->cpus, note);
	row("runtime base:", e->base, "");
	snprintf(note, sizeof(note), "%" PRIu64 " KiB pages",
		 e->page_size / 1024);
	row("memmap:", e->memmap, note);
	if (e->arch_extra)
		row("arm64 64K pages:", e->arch_extra, "kdump-utils' delta for 64K kernels");
	if (e->initramfs_userspace)
		row("initramfs systemd:", e->initramfs_userspace,
		    "the initramfs's /init is systemd (journald, udev)");
	if (e->unpack_overlap)
		row_less("after unpacking:", e->unpack_overlap,
			 "the packed initrd and the tmpfs limit's room are free again");
	if (e->root_userspace)
		row("root userspace:", e->root_userspace,
		    "kdump-tools' capture boots the root's systemd");
	if (e->switch_root)
		row_less("switch_root:", e->switch_root,
			 "the initramfs is freed before the root's user space runs");
	if (e->decompress)
		row("decompression:", e->decompress,
		    "init_size and the packed initrd exceed the rest");
	if (p->luks_device[0]) {
		snprintf(note, sizeof(note), "argon2 to unlock %s",
			 p->luks_device);
		row("LUKS keyslot:", e->luks, note);
	}
	row("margin:", e->margin, "");
	row("extra:", e->extra, "");
	if (e->capacity_mib)
		printf("  %-18s %6" PRIu64 " MiB\n", "CMA capacity:",
		       e->capacity_mib);
}

int kc_json_failure(bool json, int ret)
{
	struct kc_json j;

	if (!json || !ret)
		return ret;
	kc_json_begin(&j, stdout);
	kc_json_str(&j, "result", "failed");
	kc_json_u64(&j, "exit", (uint64_t)ret);
	kc_json_end(&j);
	return ret;
}

static void status_ranges_json(struct kc_json *j, const struct kc_iomem *io)
{
	unsigned int i;

	kc_json_arr(j, "crash_ranges");
	for (i = 0; io && i < io->ncrash; i++) {
		char r[48];

		snprintf(r, sizeof(r), "%" PRIx64 "-%" PRIx64,
			 io->crash[i].start, io->crash[i].end);
		kc_json_str(j, NULL, r);
	}
	kc_json_close(j, ']');
}

void kc_print_status_json(const struct kc_status *st)
{
	const struct kc_sysstate *ss = &st->sys->st;
	struct kc_json j;

	kc_json_begin(&j, stdout);
	kc_json_str(&j, "mode", kc_mode_name(ss->mode));
	kc_json_u64(&j, "capacity_bytes", ss->capacity);
	kc_json_u64(&j, "allocated_bytes", ss->allocated);
	kc_json_bool(&j, "loaded", ss->loaded);
	status_ranges_json(&j, st->io);
	if (st->mi && st->mi->has_cma) {
		kc_json_u64(&j, "cma_total_bytes", st->mi->cma_total);
		kc_json_u64(&j, "cma_free_bytes", st->mi->cma_free);
	} else {
		kc_json_null(&j, "cma_total_bytes");
		kc_json_null(&j, "cma_free_bytes");
	}
	if (st->loaded_by && ss->loaded)
		kc_json_str(&j, "loaded_by", st->loaded_by);
	else
		kc_json_null(&j, "loaded_by");
	if (st->plan) {
		kc_print_est_json(&j, st->plan);
	} else {
		kc_json_null(&j, "estimate");
		kc_json_str(&j, "estimate_error", st->est_error);
	}
	kc_json_end(&j);
}

void kc_print_status_text(const struct kc_status *st)
{
	const struct kc_sysstate *ss = &st->sys->st;
	bool by = ss->loaded && st->loaded_by;
	unsigned int i;

	printf("mode:        %s\n", kc_mode_name(ss->mode));
	printf("capacity:    %" PRIu64 " MiB\n", ss->capacity / KC_MIB);
	printf("allocated:   %" PRIu64 " MiB\n", ss->allocated / KC_MIB);
	printf("loaded:      %s%s%s\n", ss->loaded ? "yes" : "no",
	       by ? ", by kexeccma via " : "", by ? st->loaded_by : "");
	for (i = 0; st->io && i < st->io->ncrash; i++)
		printf("crash range: %" PRIx64 "-%" PRIx64 " (%" PRIu64 " MiB)\n",
		       st->io->crash[i].start, st->io->crash[i].end,
		       kc_range_size(&st->io->crash[i]) / KC_MIB);
	if (st->mi && st->mi->has_cma)
		printf("CmaTotal:    %" PRIu64 " MiB\nCmaFree:     %" PRIu64 " MiB\n",
		       st->mi->cma_total / KC_MIB, st->mi->cma_free / KC_MIB);
	if (st->plan && st->plan->have_rec) {
		char when[64];

		kc_record_time(st->plan->rec.time, when, sizeof(when));
		printf("estimate:    %" PRIu64 " MiB, measured in the capture of %s\n",
		       st->plan->size_mib, when);
	} else if (st->plan) {
		printf("estimate:    %" PRIu64 " MiB\n", st->plan->size_mib);
	} else
		printf("estimate:    unavailable: %s\n", st->est_error);
	/* What a bare kdumpctl stop or kdump-config unload leaves */
	if (ss->allocated && !ss->loaded)
		printf("note:        memory is allocated but no crash kernel is loaded; run 'kexeccma start' to arm or 'kexeccma release' to free it\n");
}
