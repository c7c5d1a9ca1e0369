/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The crash area size estimate. All constants live here, each with the
 * reason for its value. They are preliminary: the benchmark issue
 * measures them and records the runs that back each number.
 */
#ifndef KC_ESTIMATE_H
#define KC_ESTIMATE_H

#include <stdbool.h>
#include <stdint.h>

#include "arch.h"

/*
 * Kernel runtime memory of the capture kernel that no input below
 * accounts for: early page tables, slab caches, the vmcore ELF headers,
 * the dentry/inode hashes sized for a tiny machine, and the user space of
 * the capture initramfs (init, udev or busybox, makedumpfile without its
 * bitmaps, libc). With the tmpfs term below, this value fits all 38
 * sizing cells measured by bench/run (1-16 GiB, 1 and 4 vCPUs, both load
 * calls, two initrds, with and without root=) with the default margin:
 * docs/benchmarks.md, "fit" table.
 */
#define KC_EST_BASE_MIB UINT64_C(12)

/*
 * Per CPU brought up by the capture kernel: per-CPU areas, the idle
 * task's stack, per-CPU page lists and slab caches. The capture command
 * line normally has nr_cpus=1, so this is usually paid once.
 */
#define KC_EST_PER_CPU_KIB UINT64_C(1024)

/*
 * makedumpfile keeps two bits per page of the first kernel's RAM, in
 * that kernel's page size (with 4 KiB pages 64 MiB per TiB, with 64 KiB
 * pages 4 MiB); in cyclic mode, its default since 1.5.0, it bounds the
 * bitmaps to about 4 MiB by working on one region at a time.
 */
#define KC_EST_BITMAP_BITS_PER_PAGE UINT64_C(2)
#define KC_EST_BITMAP_CAP_MIB UINT64_C(4)

/*
 * The capture kernel's own struct page array: sizeof(struct page), 64
 * bytes on x86_64 and arm64, per page of the memory it runs in (the
 * crash area, not the crashed machine's RAM: the capture kernel sees
 * only the area). With 4 KiB pages that is 1/64 of the area, with arm64's
 * 16 KiB pages 1/256, with 64 KiB pages 1/1024.
 */
#define KC_EST_MEMMAP_BYTES_PER_PAGE UINT64_C(64)

/*
 * arm64 capture kernels built with 64 KiB pages: kdump-utils adds 100 MiB
 * to its aarch64 crashkernel= defaults for them (kdump-lib.sh: "the diff
 * of MemFree between 4K and 64K measured on a high end aarch64 machine is
 * 82M"). It stands for what 64 KiB pages cost that this model does not
 * see (for one, the initrd's files are counted in 4 KiB pages, cpio.h)
 * until an arm64 capture is measured here. kdump-utils also adds for an
 * SMMU with 64 KiB pages (384 MiB) and for mlx5 NICs (150 MiB, 200 MiB
 * with 64 KiB pages): those depend on the machine's devices and are left
 * to "extra". x86_64 has 4 KiB pages only; nothing is added for arm64's
 * 16 KiB pages, which kdump-utils does not single out either.
 */
#define KC_EST_ARM64_64K_PAGE UINT64_C(65536)
#define KC_EST_ARM64_64K_MIB UINT64_C(100)

/*
 * Each file, directory and link unpacked into the capture kernel's tmpfs
 * costs an inode and a dentry beyond its page-rounded data.
 */
#define KC_EST_TMPFS_INODE_BYTES UINT64_C(1024)

/*
 * A capture kernel without root= unpacks its initramfs into a tmpfs,
 * which may hold at most half of the kernel's memory: the unpacked initrd
 * is then counted twice (kc_est_out.tmpfs_cap). Measured (docs/
 * benchmarks.md): with a 64 MiB larger initramfs the capture needed
 * 288 MiB without root= but 192 MiB with it, and one 16 MiB step below
 * the need the capture kernel logged "Initramfs unpacking failed".
 * initramfs_options=size=N% moves that limit to N% (the term becomes the
 * unpacked initrd times (100 - N) / N), size=BYTES to a fixed limit
 * (no term: it is not a share of the memory), when the capture kernel
 * takes that option (kc_est_in.tmpfs_pct, tmpfs_bytes).
 */
#define KC_EST_TMPFS_PCT_DEFAULT UINT64_C(50)

/*
 * Debian's kdump-tools capture boots the real root file system's systemd
 * (systemd.unit=kdump-tools-dump.service), with or without its
 * initramfs-tools initrd: systemd, journald, udev, the dump service's
 * shell and makedumpfile from the root, on top of what the initrd
 * needed (kc_est_in.boots_root). Measured (docs/capture-cells.md, Debian's
 * 6.1 kernel capturing through kdump-tools in 208 MiB): the capture's peak
 * use was 98.3 MiB. The model's other terms for that phase (the kernel's
 * 52.2 MiB from _text to _end, KC_EST_BASE_MIB, one CPU, the bitmaps and
 * the memmap of it all) come to 66.9 MiB, and the 15 modules the capture
 * had loaded from its initrd to 3.5 MiB (kc_est_out.modules, a term of
 * its own); the other 27.9 MiB, rounded up, is this term. The initramfs
 * is freed at switch_root, before this user space starts: of the
 * initramfs phase (packed, unpacked, tmpfs) and the root's phase (this
 * term and the dump bitmaps) only the larger counts
 * (kc_est_out.switch_root is the smaller, subtracted). With the 112 MiB
 * the capture needed there, the estimate is then 128 MiB.
 */
#define KC_EST_ROOT_USERSPACE_MIB UINT64_C(28)

/*
 * A systemd initramfs (dracut's systemd module, as kdumpctl builds it:
 * its /init is systemd, kc_initrd.init_systemd) runs systemd, journald
 * and udev before the dump, where KC_EST_BASE_MIB stands for a shell
 * /init and busybox. This user space starts once the initramfs is
 * unpacked: the packed initrd is free then, and so is the room the tmpfs
 * limit asked for, so the two phases are not added up; the capture needs
 * the larger (kc_est_out.unpack_overlap is the smaller, subtracted).
 * Measured (docs/capture-cells.md, kdumpctl-style capture with Debian's
 * 6.1 kernel, initramfs_options=size=90% so that the limit does not
 * decide): it ran out of memory in 128 MiB and captured in 144 MiB at
 * 16 GiB, and at 2 GiB in three runs, but captured in 128 MiB in a
 * fourth run at 2 GiB, so the need sits on that step. The model's other
 * terms of that phase (the running kernel's 52.2 MiB, the unpacked
 * 32.1 MiB, the 17 modules' 3.0 MiB, KC_EST_BASE_MIB, one CPU, the
 * bitmaps and their memmap) come to 104 MiB, so that step falls where
 * this term is about 24 MiB. 28 MiB is what the same systemd, journald
 * and udev took from the root in the kdump-tools cell
 * (KC_EST_ROOT_USERSPACE_MIB); the estimate is then 160 MiB in both
 * cells, within the goal for a need of 128 or 144 MiB.
 */
#define KC_EST_INITRAMFS_SYSTEMD_MIB UINT64_C(28)

/* Added on top of the sum for what the model misses; configurable. */
#define KC_EST_MARGIN_PCT_DEFAULT UINT64_C(20)
#define KC_EST_MARGIN_PCT_MAX UINT64_C(400)

/*
 * Never recommend less than this: the smallest area that captured with a
 * tinyconfig kernel was 40 MiB (32 MiB failed); 48 is the next granule.
 */
#define KC_EST_FLOOR_MIB UINT64_C(48)

/*
 * The page size when the input gives none: x86_64 has only 4 KiB pages.
 * The helper reads the running kernel's with sysconf(_SC_PAGESIZE).
 */
#define KC_EST_PAGE UINT64_C(4096)

struct kc_est_in {
	enum kc_arch arch;	/* whose terms: the helper's build arch */
	uint64_t page_size;	/* the crashed (running) kernel's; 0: 4 KiB */
	uint64_t capture_page_size; /* the capture kernel's; 0: page_size */
	uint64_t kernel_mem;	/* what the running kernel keeps */
	uint64_t kernel_boot;	/* what it needs to boot (init_size) */
	uint64_t initrd_packed;	/* the initrd file, held during unpack */
	uint64_t initrd_data;	/* unpacked, page-rounded file data */
	uint64_t initrd_entries;
	uint64_t ram;		/* first kernel's RAM, bytes */
	uint64_t cpus;		/* CPUs the capture kernel brings up */
	uint64_t margin_pct;
	uint64_t extra_mib;
	uint64_t capacity;	/* bytes; 0 = unknown (no clamping) */
	bool rootfs_tmpfs;	/* the initramfs unpacks into a tmpfs */
	uint64_t tmpfs_pct;	/* its limit, % of memory; 0: the default */
	uint64_t tmpfs_bytes;	/* or a fixed limit (0: none) */
	bool initrd_systemd;	/* the initramfs's /init is systemd */
	uint64_t initrd_modules; /* its modules, decompressed (kc_initrd) */
	bool boots_root;	/* the capture boots the root's user space */
	uint64_t luks_mem;	/* argon2 memory to unlock the dump target */
};

/* Every term in bytes, then the result in MiB. */
struct kc_est_out {
	uint64_t kernel;
	uint64_t initrd_packed;
	uint64_t initrd_unpacked;
	uint64_t tmpfs_cap;	/* room for tmpfs's half-of-memory limit */
	uint64_t bitmaps;
	uint64_t cpus;
	uint64_t base;
	uint64_t memmap;
	uint64_t arch_extra;	/* what the architecture adds (arm64 64K) */
	uint64_t initramfs_userspace; /* a systemd initramfs's user space */
	uint64_t modules;	/* the initrd's modules, loaded */
	uint64_t unpack_overlap; /* not resident with it: subtracted */
	uint64_t root_userspace; /* the root's systemd (kdump-tools) */
	uint64_t luks;		/* argon2 memory of the dump target's LUKS */
	uint64_t switch_root;	/* not resident together: subtracted */
	uint64_t decompress;	/* a booting bzImage needs more than that */
	uint64_t margin;
	uint64_t extra;
	uint64_t need_mib;	/* sum without margin, rounded to 16 MiB */
	uint64_t recommended_mib; /* with margin and extra, rounded */
	uint64_t size_mib;	/* recommended, clamped to the capacity */
	uint64_t capacity_mib;	/* usable capacity (16 MiB multiple) */
	uint64_t page_size;	/* the capture kernel's, as used */
	int clamped;		/* size_mib < recommended_mib */
};

/*
 * Returns 0, -ERANGE on arithmetic overflow or page sizes below 4 KiB
 * (absurd inputs), or -ENOSPC when even need_mib exceeds the capacity
 * (out is filled in any case).
 */
int kc_estimate(const struct kc_est_in *in, struct kc_est_out *out);

/*
 * From a need and a recommendation (need with margin and extra) in
 * bytes to sizes in MiB, as for the model and for a capture's measured
 * need alike: both rounded up to 16 MiB, the need never below
 * KC_EST_FLOOR_MIB and the recommendation never below the need, then
 * clamped to capacity (bytes, 0 = unknown). Sets need_mib,
 * recommended_mib, size_mib, capacity_mib and clamped of out. Returns 0,
 * -ERANGE, or -ENOSPC when even need_mib exceeds the capacity.
 */
int kc_est_fit(uint64_t need, uint64_t total, uint64_t capacity,
	       struct kc_est_out *out);

/* The bytes arch adds for a capture kernel with capture_page pages. */
uint64_t kc_est_arch_bytes(enum kc_arch arch, uint64_t capture_page);

#endif
