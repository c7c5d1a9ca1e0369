// SPDX-License-Identifier: GPL-2.0-only
/* The estimator: known cases, monotonicity, clamping, overflow. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "estimate.h"
#include "util.h"

#define MiB (UINT64_C(1) << 20)
#define GiB (UINT64_C(1) << 30)

/* The measured case: tinyconfig kernel, ~4.5 MB initramfs. */
static struct kc_est_in tiny(uint64_t ram)
{
	struct kc_est_in in;

	memset(&in, 0, sizeof(in));
	in.kernel_mem = 10 * MiB;
	in.initrd_packed = 4500000;
	in.initrd_data = 10 * MiB;
	in.initrd_entries = 300;
	in.ram = ram;
	in.cpus = 1;
	in.margin_pct = KC_EST_MARGIN_PCT_DEFAULT;
	return in;
}

static void measured_tinyconfig(void **st)
{
	const uint64_t rams[] = { 1 * GiB, 4 * GiB, 16 * GiB };
	struct kc_est_out out;
	size_t i;

	(void)st;
	for (i = 0; i < 3; i++) {
		struct kc_est_in in = tiny(rams[i]);

		assert_int_equal(kc_estimate(&in, &out), 0);
		/* 32 MiB failed: the minimum must be above it. */
		assert_true(out.need_mib > 32);
		/* 40-48 MiB worked: the recommendation stays close. */
		assert_true(out.size_mib >= 48 && out.size_mib <= 64);
		assert_int_equal(out.size_mib % 16, 0);
		/* Far below the distributions' fixed sizes. */
		assert_true(out.size_mib < 128);
	}
}

static void terms(void **st)
{
	struct kc_est_in in = tiny(4 * GiB);
	struct kc_est_out out;
	uint64_t sum;

	(void)st;
	assert_int_equal(kc_estimate(&in, &out), 0);
	assert_int_equal(out.kernel, 10 * MiB);
	assert_int_equal(out.initrd_packed, 4500000);
	assert_int_equal(out.initrd_unpacked, 10 * MiB + 300 * 1024);
	assert_int_equal(out.bitmaps, (4 * GiB / 4096 / 8 + 1) * 2);
	assert_int_equal(out.cpus, KC_EST_PER_CPU_KIB * 1024);
	assert_int_equal(out.base, KC_EST_BASE_MIB * MiB);
	sum = out.kernel + out.initrd_packed + out.initrd_unpacked +
	      out.bitmaps + out.cpus + out.base;
	/* memmap covers the area including itself: 64 bytes per page. */
	assert_true(out.memmap * 4096 >= (sum + out.memmap) * 64);
	assert_true((out.memmap - 1) * 4096 < (sum + out.memmap) * 64);
}

static void bitmaps_capped(void **st)
{
	struct kc_est_in small = tiny(1 * GiB), huge = tiny(4096 * GiB);
	struct kc_est_out a, b;

	(void)st;
	assert_int_equal(kc_estimate(&small, &a), 0);
	assert_int_equal(kc_estimate(&huge, &b), 0);
	assert_true(a.bitmaps < KC_EST_BITMAP_CAP_MIB * MiB);
	assert_int_equal(b.bitmaps, KC_EST_BITMAP_CAP_MIB * MiB);
	assert_true(b.size_mib >= a.size_mib);
}

static void monotonic_in_initrd_and_cpus(void **st)
{
	struct kc_est_in in = tiny(4 * GiB);
	struct kc_est_out out;
	uint64_t prev = 0, mb;

	(void)st;
	for (mb = 0; mb <= 512; mb += 32) {
		in.initrd_data = mb * MiB;
		assert_int_equal(kc_estimate(&in, &out), 0);
		assert_true(out.size_mib >= prev);
		assert_true(out.size_mib * MiB > mb * MiB);
		prev = out.size_mib;
	}
	in = tiny(4 * GiB);
	in.cpus = 64;
	assert_int_equal(kc_estimate(&in, &out), 0);
	assert_true(out.cpus == 64 * KC_EST_PER_CPU_KIB * 1024);
	/* cpus = 0 counts as one. */
	in.cpus = 0;
	assert_int_equal(kc_estimate(&in, &out), 0);
	assert_int_equal(out.cpus, KC_EST_PER_CPU_KIB * 1024);
}

static void floor_and_rounding(void **st)
{
	struct kc_est_in in;
	struct kc_est_out out;

	(void)st;
	memset(&in, 0, sizeof(in));
	assert_int_equal(kc_estimate(&in, &out), 0);
	assert_int_equal(out.need_mib, KC_EST_FLOOR_MIB);
	assert_int_equal(out.size_mib, KC_EST_FLOOR_MIB);
	in = tiny(4 * GiB);
	in.margin_pct = 0;
	in.extra_mib = 100;
	assert_int_equal(kc_estimate(&in, &out), 0);
	assert_int_equal(out.size_mib % 16, 0);
	assert_true(out.size_mib >= out.need_mib + 96);
}

static void clamp_and_too_small(void **st)
{
	struct kc_est_in in = tiny(4 * GiB);
	struct kc_est_out out;

	(void)st;
	in.extra_mib = 1000;
	in.capacity = 256 * MiB + 12345;
	assert_int_equal(kc_estimate(&in, &out), 0);
	assert_true(out.clamped);
	assert_int_equal(out.size_mib, 256);
	assert_int_equal(out.capacity_mib, 256);
	assert_true(out.recommended_mib > 256);
	in.capacity = 32 * MiB;
	assert_int_equal(kc_estimate(&in, &out), -ENOSPC);
	assert_int_equal(out.capacity_mib, 32);
	assert_true(out.need_mib > 32);
	/* Capacity unknown: no clamping. */
	in.capacity = 0;
	assert_int_equal(kc_estimate(&in, &out), 0);
	assert_false(out.clamped);
}

/* Rounding, floor and clamping, for the model and a measurement alike. */
static void fit(void **st)
{
	struct kc_est_out out;

	(void)st;
	memset(&out, 0, sizeof(out));
	assert_int_equal(kc_est_fit(100 * MiB + 1, 120 * MiB, 0, &out), 0);
	assert_int_equal(out.need_mib, 112);
	assert_int_equal(out.recommended_mib, 128);
	assert_int_equal(out.size_mib, 128);
	assert_int_equal(out.capacity_mib, 0);
	/* Never below the floor; the recommendation never below the need. */
	assert_int_equal(kc_est_fit(MiB, MiB, 0, &out), 0);
	assert_int_equal(out.need_mib, KC_EST_FLOOR_MIB);
	assert_int_equal(out.size_mib, KC_EST_FLOOR_MIB);
	/* Clamped, then too small. */
	assert_int_equal(kc_est_fit(100 * MiB, 300 * MiB, 256 * MiB + 5, &out),
			 0);
	assert_true(out.clamped);
	assert_int_equal(out.size_mib, 256);
	assert_int_equal(out.recommended_mib, 304);
	assert_int_equal(kc_est_fit(300 * MiB, 300 * MiB, 256 * MiB, &out),
			 -ENOSPC);
	assert_int_equal(out.need_mib, 304);
	assert_int_equal(out.capacity_mib, 256);
	/* A fit with room clears what an earlier one set. */
	assert_int_equal(kc_est_fit(MiB, MiB, 256 * MiB, &out), 0);
	assert_false(out.clamped);
	assert_int_equal(kc_est_fit(UINT64_MAX - 1, UINT64_MAX, 0, &out),
			 -ERANGE);
}

static void overflow(void **st)
{
	struct kc_est_in in = tiny(4 * GiB);
	struct kc_est_out out;

	(void)st;
	in.kernel_mem = UINT64_MAX - 10;
	assert_int_equal(kc_estimate(&in, &out), -ERANGE);
	in = tiny(4 * GiB);
	in.initrd_entries = UINT64_MAX / 2;
	assert_int_equal(kc_estimate(&in, &out), -ERANGE);
	in = tiny(4 * GiB);
	in.cpus = UINT64_MAX;
	assert_int_equal(kc_estimate(&in, &out), -ERANGE);
	in = tiny(4 * GiB);
	in.extra_mib = UINT64_MAX;
	assert_int_equal(kc_estimate(&in, &out), -ERANGE);
	in = tiny(4 * GiB);
	in.margin_pct = KC_EST_MARGIN_PCT_MAX + 1;
	assert_int_equal(kc_estimate(&in, &out), -ERANGE);
	in = tiny(UINT64_MAX);
	assert_int_equal(kc_estimate(&in, &out), 0);
	in = tiny(4 * GiB);
	in.initrd_data = UINT64_MAX / 64;
	assert_int_equal(kc_estimate(&in, &out), -ERANGE);
}

/*
 * Measured: a 64 MiB larger initramfs needed 288 MiB without root= and
 * 192 MiB with it; the tmpfs term must add the unpacked initrd again.
 */
static void tmpfs_counts_initrd_twice(void **st)
{
	struct kc_est_in in = tiny(4 * GiB);
	struct kc_est_out ramfs, tmpfs;

	(void)st;
	in.initrd_data = 90 * MiB;
	assert_int_equal(kc_estimate(&in, &ramfs), 0);
	assert_int_equal(ramfs.tmpfs_cap, 0);
	in.rootfs_tmpfs = true;
	assert_int_equal(kc_estimate(&in, &tmpfs), 0);
	assert_int_equal(tmpfs.tmpfs_cap, tmpfs.initrd_unpacked);
	assert_true(tmpfs.need_mib >= ramfs.need_mib + 80);
	assert_true(tmpfs.size_mib > ramfs.size_mib);
}

/*
 * initramfs_options=size=N% moves the tmpfs limit to N% of the memory,
 * size=BYTES makes it a fixed one: the term scales, or goes.
 */
static void tmpfs_limit_options(void **st)
{
	struct kc_est_in in = tiny(4 * GiB);
	struct kc_est_out half, out;

	(void)st;
	in.initrd_data = 90 * MiB;
	in.rootfs_tmpfs = true;
	assert_int_equal(kc_estimate(&in, &half), 0);
	in.tmpfs_pct = 50;
	assert_int_equal(kc_estimate(&in, &out), 0);
	assert_memory_equal(&out, &half, sizeof(out));
	in.tmpfs_pct = 90;
	assert_int_equal(kc_estimate(&in, &out), 0);
	assert_int_equal(out.tmpfs_cap, out.initrd_unpacked * 10 / 90);
	assert_true(out.size_mib < half.size_mib);
	in.tmpfs_pct = 100;
	assert_int_equal(kc_estimate(&in, &out), 0);
	assert_int_equal(out.tmpfs_cap, 0);
	in.tmpfs_pct = 25;
	assert_int_equal(kc_estimate(&in, &out), 0);
	assert_int_equal(out.tmpfs_cap, out.initrd_unpacked * 3);
	in.tmpfs_pct = 101;
	assert_int_equal(kc_estimate(&in, &out), -ERANGE);
	in.tmpfs_pct = 0;
	in.tmpfs_bytes = 512 * MiB;
	assert_int_equal(kc_estimate(&in, &out), 0);
	assert_int_equal(out.tmpfs_cap, 0);
	/* Only a tmpfs has the limit. */
	in.rootfs_tmpfs = false;
	in.tmpfs_bytes = 0;
	in.tmpfs_pct = 25;
	assert_int_equal(kc_estimate(&in, &out), 0);
	assert_int_equal(out.tmpfs_cap, 0);
}

/* kdump-tools' capture boots the root's systemd: a term of its own. */
static void root_userspace(void **st)
{
	struct kc_est_in in = tiny(4 * GiB);
	struct kc_est_out initrd_only, root;

	(void)st;
	assert_int_equal(kc_estimate(&in, &initrd_only), 0);
	assert_int_equal(initrd_only.root_userspace, 0);
	in.boots_root = true;
	assert_int_equal(kc_estimate(&in, &root), 0);
	assert_int_equal(root.root_userspace, KC_EST_ROOT_USERSPACE_MIB * MiB);
	/* The other terms stay; the memmap grows with the area. */
	assert_int_equal(root.initrd_unpacked, initrd_only.initrd_unpacked);
	assert_true(root.memmap > initrd_only.memmap);
	assert_true(root.need_mib >= initrd_only.need_mib +
		    KC_EST_ROOT_USERSPACE_MIB - 16);
	assert_true(root.size_mib > initrd_only.size_mib);
}

/*
 * kdump-tools switches to the root: the initramfs phase and the root's
 * phase are not resident together, the smaller is subtracted.
 */
static void switch_root_overlap(void **st)
{
	struct kc_est_in in = tiny(2 * GiB);
	struct kc_est_out out, big;
	uint64_t boot, run;

	(void)st;
	assert_int_equal(kc_estimate(&in, &out), 0);
	assert_int_equal(out.switch_root, 0);
	in.boots_root = true;
	assert_int_equal(kc_estimate(&in, &out), 0);
	boot = out.initrd_packed + out.initrd_unpacked + out.tmpfs_cap;
	run = out.root_userspace + out.bitmaps;
	assert_int_equal(out.switch_root, boot < run ? boot : run);
	/* The measured cell: Debian's 6.1 kernel and kdump-tools' initrd. */
	in.kernel_mem = 54722560;	/* _end - _text of 6.1.0-57-amd64 */
	in.kernel_boot = 66691072;	/* its init_size */
	in.initrd_packed = 6474384;
	in.initrd_data = 17920 * 1024;
	in.initrd_entries = 413;
	in.initrd_modules = 3670016;	/* its 15 modules, loaded */
	assert_int_equal(kc_estimate(&in, &out), 0);
	assert_int_equal(out.need_mib, 112);
	assert_int_equal(out.size_mib, 128);
	/* A large initramfs hides the root's phase entirely. */
	in.initrd_data = 100 * MiB;
	assert_int_equal(kc_estimate(&in, &big), 0);
	assert_int_equal(big.switch_root, big.root_userspace + big.bitmaps);
}

/*
 * The inputs of the measured kdumpctl-style cells (docs/capture-cells.md):
 * Debian's 6.1 kernel with the dracut initrd kdumpctl's stand-in loads,
 * whose /init is systemd, on a command line without root=.
 */
static struct kc_est_in kdumpctl_cell_in(void)
{
	struct kc_est_in in = tiny(2 * GiB);

	in.kernel_mem = 54722560;	/* _end - _text of 6.1.0-57-amd64 */
	in.kernel_boot = 66691072;	/* its init_size */
	in.initrd_packed = 11885329;
	in.initrd_data = 34954240 - 415 * KC_EST_TMPFS_INODE_BYTES;
	in.initrd_entries = 415;
	in.initrd_modules = 3104768;	/* its 17 modules, loaded */
	in.rootfs_tmpfs = true;
	in.initrd_systemd = true;
	return in;
}

/*
 * The measured kdumpctl-style cell (docs/capture-cells.md): Debian's 6.1
 * kernel with a dracut initrd, no root=, needed 144 MiB at 2, 4 and
 * 16 GiB. The estimate captures and stays within max(1.25 x, +32 MiB).
 */
static void kdumpctl_cell(void **st)
{
	static const uint64_t rams[] = { 2, 4, 16 };
	struct kc_est_in in = kdumpctl_cell_in();
	struct kc_est_out out;
	size_t i;

	(void)st;
	for (i = 0; i < sizeof(rams) / sizeof(rams[0]); i++) {
		in.ram = rams[i] * GiB;
		assert_int_equal(kc_estimate(&in, &out), 0);
		assert_int_equal(out.decompress, 0);
		assert_true(out.size_mib >= 144);
		assert_true(out.size_mib <= 180);
	}
}

/*
 * A systemd initramfs's user space runs after unpacking: it and the
 * unpack phase's packed initrd and tmpfs room are not added up. The
 * measured cell (docs/capture-cells.md): the kdumpctl-style capture with
 * initramfs_options=size=90% needed 144 MiB at 16 GiB and 128 or 144 MiB
 * at 2 GiB (two runs); with the half-memory limit it needs 144 MiB,
 * decided by the unpacking ("Initramfs unpacking failed" in 128 MiB).
 */
static void systemd_initramfs(void **st)
{
	struct kc_est_in in = kdumpctl_cell_in();
	struct kc_est_out shell, sd;

	(void)st;
	in.initrd_systemd = false;
	/* Half the memory: the unpacking decides, the term is absorbed. */
	assert_int_equal(kc_estimate(&in, &shell), 0);
	in.initrd_systemd = true;
	assert_int_equal(kc_estimate(&in, &sd), 0);
	assert_int_equal(sd.initramfs_userspace,
			 KC_EST_INITRAMFS_SYSTEMD_MIB * MiB);
	assert_int_equal(sd.unpack_overlap,
			 sd.initramfs_userspace + sd.modules);
	assert_int_equal(sd.size_mib, shell.size_mib);
	assert_int_equal(sd.need_mib, 160);
	/* 90%: the user space decides; 128 ran out of memory. */
	in.tmpfs_pct = 90;
	in.initrd_systemd = false;
	assert_int_equal(kc_estimate(&in, &shell), 0);
	in.initrd_systemd = true;
	assert_int_equal(kc_estimate(&in, &sd), 0);
	assert_int_equal(sd.unpack_overlap,
			 sd.initrd_packed + sd.tmpfs_cap);
	assert_true(sd.need_mib > shell.need_mib);
	assert_int_equal(sd.need_mib, 144);
	/* At least the larger need, within the goal for the smaller. */
	assert_int_equal(sd.size_mib, 160);
	/* A shell /init pays nothing for it: only its modules overlap. */
	assert_int_equal(shell.initramfs_userspace, 0);
	assert_int_equal(shell.unpack_overlap, shell.modules);
	/* Then a switch to the root: the initramfs phase as it is above. */
	in.boots_root = true;
	in.rootfs_tmpfs = false;
	in.initrd_data = 100 * MiB;
	assert_int_equal(kc_estimate(&in, &sd), 0);
	assert_int_equal(sd.unpack_overlap, sd.initrd_packed);
	assert_int_equal(sd.switch_root, sd.root_userspace + sd.bitmaps);
}

/*
 * The initrd's modules load after unpacking and stay loaded after
 * switch_root. Measured initrds: the kdumpctl-style one holds 17 modules
 * (3.0 MiB loaded), kdump-tools' 15 (3.5 MiB).
 */
static void modules_after_unpacking(void **st)
{
	struct kc_est_in in = kdumpctl_cell_in();
	struct kc_est_out none, mod;
	uint64_t boot, run;

	(void)st;
	/* Half the memory: the room the limit asked for absorbs them. */
	assert_int_equal(kc_estimate(&in, &none), 0);
	in.initrd_modules = 3 * MiB;
	assert_int_equal(kc_estimate(&in, &mod), 0);
	assert_int_equal(mod.modules, 3 * MiB);
	assert_int_equal(mod.unpack_overlap, mod.initramfs_userspace + 3 * MiB);
	assert_int_equal(mod.size_mib, none.size_mib);
	/* 90%: they add to the run phase; the need of 144 stays met. */
	in.tmpfs_pct = 90;
	in.initrd_modules = 0;
	assert_int_equal(kc_estimate(&in, &none), 0);
	in.initrd_modules = 3 * MiB;
	assert_int_equal(kc_estimate(&in, &mod), 0);
	assert_true(mod.need_mib >= none.need_mib);
	assert_true(mod.size_mib >= 144 && mod.size_mib <= 180);
	/* kdump-tools: loaded in the initramfs, still there in the root. */
	in = tiny(2 * GiB);
	in.kernel_mem = 54722560;
	in.kernel_boot = 66691072;
	in.initrd_packed = 6474384;
	in.initrd_data = 17920 * 1024;
	in.initrd_entries = 413;
	in.boots_root = true;
	assert_int_equal(kc_estimate(&in, &none), 0);
	in.initrd_modules = 3584 * 1024;
	assert_int_equal(kc_estimate(&in, &mod), 0);
	boot = mod.initrd_packed + mod.initrd_unpacked + mod.modules -
	       mod.unpack_overlap;
	run = mod.root_userspace + mod.bitmaps + mod.modules;
	assert_int_equal(mod.switch_root, (boot < run ? boot : run) -
			 mod.modules);
	assert_true(mod.need_mib >= none.need_mib);
	assert_true(mod.size_mib >= 112 && mod.size_mib <= 144);
}

/*
 * A bzImage decompresses in init_size beside the packed initrd; that
 * phase counts only when it needs more than the running kernel's.
 */
static void decompression_phase(void **st)
{
	struct kc_est_in in = tiny(2 * GiB);
	struct kc_est_out out, plain;

	(void)st;
	in.kernel_boot = in.kernel_mem;
	assert_int_equal(kc_estimate(&in, &plain), 0);
	assert_int_equal(plain.decompress, 0);
	/* An init_size far above the rest: the sum is that phase. */
	in.kernel_boot = 400 * MiB;
	assert_int_equal(kc_estimate(&in, &out), 0);
	assert_int_equal(out.kernel, plain.kernel);
	assert_true(out.decompress > 0);
	assert_true(out.need_mib >= (400 * MiB + in.initrd_packed) / MiB);
	assert_true(out.need_mib <= (400 * MiB + in.initrd_packed) / MiB + 32);
	in.kernel_boot = UINT64_MAX;
	assert_int_equal(kc_estimate(&in, &out), -ERANGE);
}

/* arm64 with 4 KiB pages uses the same terms as x86_64. */
static void arm64_4k_as_x86_64(void **st)
{
	struct kc_est_in in = tiny(16 * GiB);
	struct kc_est_out x86, arm;

	(void)st;
	in.page_size = 4096;
	assert_int_equal(kc_estimate(&in, &x86), 0);
	in.arch = KC_ARCH_ARM64;
	assert_int_equal(kc_estimate(&in, &arm), 0);
	assert_memory_equal(&x86, &arm, sizeof(x86));
	assert_int_equal(arm.arch_extra, 0);
	assert_int_equal(arm.page_size, 4096);
	/* No page size given: 4 KiB, the only one x86_64 has. */
	in.page_size = 0;
	assert_int_equal(kc_estimate(&in, &arm), 0);
	assert_memory_equal(&x86, &arm, sizeof(x86));
}

/* The memmap covers the area including itself, at the capture's pages. */
static void memmap_per_page_size(void **st)
{
	const uint64_t pages[] = { 4096, 16384, 65536 };
	struct kc_est_in in = tiny(4 * GiB);
	struct kc_est_out out;
	uint64_t prev = UINT64_MAX, rest;
	size_t i;

	(void)st;
	in.arch = KC_ARCH_ARM64;
	for (i = 0; i < 3; i++) {
		in.capture_page_size = pages[i];
		assert_int_equal(kc_estimate(&in, &out), 0);
		assert_int_equal(out.page_size, pages[i]);
		rest = out.kernel + out.initrd_packed + out.initrd_unpacked +
		       out.bitmaps + out.cpus + out.base + out.arch_extra;
		assert_true(out.memmap * pages[i] >= (rest + out.memmap) * 64);
		assert_true((out.memmap - 1) * pages[i] <
			    (rest + out.memmap) * 64);
		/* Larger pages, a smaller array for the same memory. */
		if (i < 2)
			assert_true(out.memmap < prev);
		prev = out.memmap;
	}
}

/*
 * 64 KiB pages on arm64 add kdump-utils' 100 MiB for 64K kernels; the
 * capture kernel's page size decides, which an arm64 Image states.
 */
static void arm64_64k_extra(void **st)
{
	struct kc_est_in in = tiny(4 * GiB);
	struct kc_est_out k4, k64;

	(void)st;
	in.arch = KC_ARCH_ARM64;
	assert_int_equal(kc_estimate(&in, &k4), 0);
	in.capture_page_size = 65536;
	assert_int_equal(kc_estimate(&in, &k64), 0);
	assert_int_equal(k64.arch_extra, 100 * MiB);
	assert_true(k64.need_mib >= k4.need_mib + 96);
	/* The running kernel's 64K pages alone do not add it... */
	in.capture_page_size = 4096;
	in.page_size = 65536;
	assert_int_equal(kc_estimate(&in, &k64), 0);
	assert_int_equal(k64.arch_extra, 0);
	/* ...but a capture kernel that does not say follows it. */
	in.capture_page_size = 0;
	assert_int_equal(kc_estimate(&in, &k64), 0);
	assert_int_equal(k64.arch_extra, 100 * MiB);
	assert_int_equal(k64.page_size, 65536);
	/* 16K pages add nothing; x86_64 never does. */
	assert_int_equal(kc_est_arch_bytes(KC_ARCH_ARM64, 16384), 0);
	assert_int_equal(kc_est_arch_bytes(KC_ARCH_ARM64, 4096), 0);
	assert_int_equal(kc_est_arch_bytes(KC_ARCH_ARM64, 65536), 100 * MiB);
	assert_int_equal(kc_est_arch_bytes(KC_ARCH_X86_64, 65536), 0);
}

/* makedumpfile's bitmaps count the crashed kernel's pages. */
static void bitmaps_per_page_size(void **st)
{
	struct kc_est_in in = tiny(64 * GiB);
	struct kc_est_out out;

	(void)st;
	assert_int_equal(kc_estimate(&in, &out), 0);
	assert_int_equal(out.bitmaps, KC_EST_BITMAP_CAP_MIB * MiB);
	in.arch = KC_ARCH_ARM64;
	in.page_size = 65536;
	assert_int_equal(kc_estimate(&in, &out), 0);
	assert_int_equal(out.bitmaps, (64 * GiB / 65536 / 8 + 1) * 2);
	/* Page sizes below 4 KiB are absurd inputs. */
	in.page_size = 512;
	assert_int_equal(kc_estimate(&in, &out), -ERANGE);
	in.page_size = 4096;
	in.capture_page_size = 64;
	assert_int_equal(kc_estimate(&in, &out), -ERANGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(measured_tinyconfig),
		cmocka_unit_test(terms),
		cmocka_unit_test(bitmaps_capped),
		cmocka_unit_test(monotonic_in_initrd_and_cpus),
		cmocka_unit_test(floor_and_rounding),
		cmocka_unit_test(clamp_and_too_small),
		cmocka_unit_test(fit),
		cmocka_unit_test(overflow),
		cmocka_unit_test(tmpfs_counts_initrd_twice),
		cmocka_unit_test(root_userspace),
		cmocka_unit_test(tmpfs_limit_options),
		cmocka_unit_test(switch_root_overlap),
		cmocka_unit_test(systemd_initramfs),
		cmocka_unit_test(modules_after_unpacking),
		cmocka_unit_test(kdumpctl_cell),
		cmocka_unit_test(decompression_phase),
		cmocka_unit_test(arm64_4k_as_x86_64),
		cmocka_unit_test(memmap_per_page_size),
		cmocka_unit_test(arm64_64k_extra),
		cmocka_unit_test(bitmaps_per_page_size),
	};

	return cmocka_run_group_tests_name("estimate", tests, NULL, NULL);
}
