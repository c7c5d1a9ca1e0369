/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Parsers for /proc/iomem, /proc/meminfo and CPU lists. The parsers take
 * text so that tests and fuzzers feed them directly; the readers resolve
 * the files against the root prefix.
 */
#ifndef KC_PROCFS_H
#define KC_PROCFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* procfs files are small; this bound only stops a runaway read. */
#define KC_IOMEM_MAX (4U << 20)
/* Two ranges exist at most (high and low); more is treated as garbage. */
#define KC_MAX_CRASH_RANGES 4

struct kc_range {
	uint64_t start;
	uint64_t end;		/* inclusive, as /proc/iomem prints it */
	unsigned int depth;	/* nesting level (leading blanks) */
};

struct kc_iomem {
	struct kc_range crash[KC_MAX_CRASH_RANGES];
	unsigned int ncrash;
	uint64_t system_ram;	/* bytes of top-level "System RAM" */
};

struct kc_meminfo {
	uint64_t mem_total;	/* bytes */
	uint64_t cma_total;	/* bytes */
	uint64_t cma_free;	/* bytes */
	bool has_cma;
};

/* Returns 0 or -EINVAL/-ERANGE; *bad_line gets the 1-based line number. */
int kc_parse_iomem(const char *text, struct kc_iomem *io,
		   unsigned int *bad_line);
int kc_parse_meminfo(const char *text, struct kc_meminfo *mi,
		     unsigned int *bad_line);
/* "0-3,8,10-11\n" -> number of CPUs. */
int kc_parse_cpulist(const char *text, uint64_t *count);

static inline uint64_t kc_range_size(const struct kc_range *r)
{
	return r->end - r->start + 1;
}

/*
 * The main crash area's size, given what kexec_crash_size reads. Linux
 * 6.1 reads the main range only; from 6.5 on the read is the main range
 * plus its low companion below 4G (crashk_res + crashk_low_res). When
 * the shallowest "Crash kernel" ranges are two and add up to the value
 * read, the main one is the highest; otherwise the value read is it.
 */
uint64_t kc_iomem_main_size(const struct kc_iomem *io, uint64_t crash_size);

/* Readers; they print one error line themselves and return -errno. */
int kc_read_iomem(struct kc_iomem *io);
int kc_read_meminfo(struct kc_meminfo *mi);
/* /proc/cmdline without its trailing newline; caller frees. */
int kc_read_cmdline(char **cmdline);
/* CPUs the system could bring up (/sys/devices/system/cpu/possible). */
int kc_read_possible_cpus(uint64_t *count);
/* The running kernel release (/proc/sys/kernel/osrelease). */
int kc_read_osrelease(char *buf, size_t len);

#endif
