/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel's crash area interface in /sys/kernel and the memory
 * compaction knobs in /proc/sys/vm.
 */
#ifndef KC_SYSFS_H
#define KC_SYSFS_H

#include <stdbool.h>
#include <stdint.h>

#define KC_SYS_CMA_SIZE "/sys/kernel/kexec_crash_cma_size"
#define KC_SYS_CRASH_SIZE "/sys/kernel/kexec_crash_size"
#define KC_SYS_CRASH_LOADED "/sys/kernel/kexec_crash_loaded"

/* The kernel grants the crash area in these steps (CRASH_ALIGN). */
#define KC_GRANULE_MIB UINT64_C(16)

/*
 * A kexec load, unload or resize by another task holds the kexec lock,
 * and reads of kexec_crash_size fail with EBUSY meanwhile (a resize
 * migrating a large area holds it for seconds): retry this often, this
 * many milliseconds apart.
 */
#define KC_READ_BUSY_TRIES 100
#define KC_READ_BUSY_WAIT_MS 100

enum kc_mode { KC_MODE_NONE, KC_MODE_CLASSIC, KC_MODE_CMA };

struct kc_sysstate {
	enum kc_mode mode;
	uint64_t capacity;	/* bytes of crash CMA capacity */
	uint64_t allocated;	/* bytes of the main crash range */
	bool loaded;
};

/* Returns 0, or -errno after printing one error line. */
int kc_read_sysstate(struct kc_sysstate *st, const char *proc_cmdline);
int kc_read_loaded(bool *loaded);
/* Bytes of the main crash range (without the low companion). */
int kc_read_allocated(uint64_t *bytes);
const char *kc_mode_name(enum kc_mode m);

/*
 * Writes to kexec_crash_size go through this table so that unit tests can
 * put a fake kernel behind it: a regular file cannot turn "64" into a
 * byte count and a /proc/iomem range the way the kernel does.
 */
struct kc_kernel_ops {
	/* Write "mib\n"; return 0 or the -errno the kernel returned. */
	int (*write_crash_size)(uint64_t mib);
	/*
	 * Read a file in /sys/kernel (kc_read_rooted() when NULL): reading
	 * kexec_crash_size fails with EBUSY while another task holds the
	 * kexec lock, which a fake kernel must be able to do too.
	 */
	int (*read_sysfs)(const char *abs, char **buf);
};

extern const struct kc_kernel_ops *kc_kops;
int kc_sysfs_write_crash_size(uint64_t mib);

#endif
