// SPDX-License-Identifier: GPL-2.0-only
#include "estimate.h"

#include <errno.h>
#include <string.h>

#include "sysfs.h"
#include "util.h"

static int add(uint64_t *sum, uint64_t v)
{
	return __builtin_add_overflow(*sum, v, sum) ? -ERANGE : 0;
}

static int round_mib(uint64_t bytes, uint64_t *mib)
{
	const uint64_t g = KC_GRANULE_MIB * KC_MIB;
	uint64_t r;

	if (__builtin_add_overflow(bytes, g - 1, &r))
		return -ERANGE;
	*mib = r / g * KC_GRANULE_MIB;
	return 0;
}

/*
 * The memmap term depends on the area's size, which depends on the memmap
 * term: with f = 64/page, size = rest + f * size, so
 * memmap = rest * 64 / (page - 64), rounded up.
 */
static int memmap_for(uint64_t rest, uint64_t page, uint64_t *memmap)
{
	const uint64_t num = KC_EST_MEMMAP_BYTES_PER_PAGE;
	const uint64_t den = page - KC_EST_MEMMAP_BYTES_PER_PAGE;
	uint64_t m;

	if (__builtin_mul_overflow(rest, num, &m) ||
	    __builtin_add_overflow(m, den - 1, &m))
		return -ERANGE;
	*memmap = m / den;
	return 0;
}

/* Only arm64 has pages above 4 KiB; see KC_EST_ARM64_64K_MIB. */
uint64_t kc_est_arch_bytes(enum kc_arch arch, uint64_t capture_page)
{
	if (arch == KC_ARCH_ARM64 && capture_page >= KC_EST_ARM64_64K_PAGE)
		return KC_EST_ARM64_64K_MIB * KC_MIB;
	return 0;
}

int kc_estimate(const struct kc_est_in *in, struct kc_est_out *out)
{
	uint64_t sum = 0, pages, inodes, total, page, cpage, boot_phase;
	int ret = 0;

	memset(out, 0, sizeof(*out));
	page = in->page_size ? in->page_size : KC_EST_PAGE;
	cpage = in->capture_page_size ? in->capture_page_size : page;
	if (page < KC_EST_PAGE || cpage < KC_EST_PAGE)
		return -ERANGE;
	out->page_size = cpage;
	out->kernel = in->kernel_mem;
	out->initrd_packed = in->initrd_packed;
	if (__builtin_mul_overflow(in->initrd_entries,
				   KC_EST_TMPFS_INODE_BYTES, &inodes) ||
	    __builtin_add_overflow(in->initrd_data, inodes,
				   &out->initrd_unpacked))
		return -ERANGE;
	pages = in->ram / page;
	out->bitmaps = (pages / 8 + 1) * KC_EST_BITMAP_BITS_PER_PAGE;
	if (out->bitmaps > KC_EST_BITMAP_CAP_MIB * KC_MIB)
		out->bitmaps = KC_EST_BITMAP_CAP_MIB * KC_MIB;
	if (__builtin_mul_overflow(in->cpus ? in->cpus : 1,
				   KC_EST_PER_CPU_KIB * 1024, &out->cpus))
		return -ERANGE;
	out->base = KC_EST_BASE_MIB * KC_MIB;
	out->arch_extra = kc_est_arch_bytes(in->arch, cpage);
	if (in->rootfs_tmpfs && !in->tmpfs_bytes) {
		uint64_t pct = in->tmpfs_pct ? in->tmpfs_pct :
			       KC_EST_TMPFS_PCT_DEFAULT;

		if (pct > 100 ||
		    __builtin_mul_overflow(out->initrd_unpacked, 100 - pct,
					   &out->tmpfs_cap))
			return -ERANGE;
		out->tmpfs_cap /= pct;
	}
	if (in->initrd_systemd)
		out->initramfs_userspace = KC_EST_INITRAMFS_SYSTEMD_MIB * KC_MIB;
	out->modules = in->initrd_modules;
	if (in->boots_root)
		out->root_userspace = KC_EST_ROOT_USERSPACE_MIB * KC_MIB;
	out->luks = in->luks_mem;

	ret |= add(&sum, out->kernel);
	ret |= add(&sum, out->initrd_packed);
	ret |= add(&sum, out->initrd_unpacked);
	ret |= add(&sum, out->tmpfs_cap);
	ret |= add(&sum, out->bitmaps);
	ret |= add(&sum, out->cpus);
	ret |= add(&sum, out->base);
	ret |= add(&sum, out->arch_extra);
	ret |= add(&sum, out->initramfs_userspace);
	ret |= add(&sum, out->modules);
	ret |= add(&sum, out->root_userspace);
	ret |= add(&sum, out->luks);
	if (ret)
		return -ERANGE;
	/*
	 * A systemd initramfs starts its user space, and any initramfs
	 * loads its modules, after unpacking, when the packed initrd and
	 * the tmpfs limit's room are free: only the larger counts
	 * (KC_EST_INITRAMFS_SYSTEMD_MIB).
	 */
	out->unpack_overlap = out->initrd_packed + out->tmpfs_cap;
	if (out->unpack_overlap > out->initramfs_userspace + out->modules)
		out->unpack_overlap = out->initramfs_userspace + out->modules;
	sum -= out->unpack_overlap;
	if (in->boots_root) {
		/*
		 * The initramfs (packed and unpacked) is freed at switch_root,
		 * before the root's user space and the dump run: only the
		 * larger of the two phases counts (KC_EST_ROOT_USERSPACE_MIB).
		 */
		uint64_t boot = out->initrd_packed + out->initrd_unpacked +
				out->tmpfs_cap + out->initramfs_userspace +
				out->modules - out->unpack_overlap;
		uint64_t run = out->root_userspace + out->bitmaps +
			       out->modules;

		/* The modules stay loaded: they are in both phases. */
		out->switch_root = (boot < run ? boot : run) - out->modules;
		sum -= out->switch_root;
	}
	/*
	 * A bzImage decompresses in place in init_size bytes, next to the
	 * packed initrd, before anything else runs; that room is free again
	 * once the kernel runs. It only counts when it is the larger phase.
	 */
	if (__builtin_add_overflow(in->kernel_boot, out->initrd_packed,
				   &boot_phase))
		return -ERANGE;
	if (boot_phase > sum) {
		out->decompress = boot_phase - sum;
		sum = boot_phase;
	}
	if (memmap_for(sum, cpage, &out->memmap) || add(&sum, out->memmap))
		return -ERANGE;

	if (in->margin_pct > KC_EST_MARGIN_PCT_MAX)
		return -ERANGE;
	out->margin = sum / 100 * in->margin_pct +
		      sum % 100 * in->margin_pct / 100;
	if (__builtin_mul_overflow(in->extra_mib, KC_MIB, &out->extra))
		return -ERANGE;
	total = sum;
	if (add(&total, out->margin) || add(&total, out->extra))
		return -ERANGE;
	return kc_est_fit(sum, total, in->capacity, out);
}

int kc_est_fit(uint64_t need, uint64_t total, uint64_t capacity,
	       struct kc_est_out *out)
{
	if (round_mib(need, &out->need_mib) ||
	    round_mib(total, &out->recommended_mib))
		return -ERANGE;
	if (out->need_mib < KC_EST_FLOOR_MIB)
		out->need_mib = KC_EST_FLOOR_MIB;
	if (out->recommended_mib < out->need_mib)
		out->recommended_mib = out->need_mib;
	out->size_mib = out->recommended_mib;
	out->capacity_mib = 0;
	out->clamped = 0;

	if (capacity) {
		out->capacity_mib = capacity / KC_MIB /
				    KC_GRANULE_MIB * KC_GRANULE_MIB;
		if (out->size_mib > out->capacity_mib) {
			out->size_mib = out->capacity_mib;
			out->clamped = 1;
		}
		if (out->need_mib > out->capacity_mib)
			return -ENOSPC;
	}
	return 0;
}
