/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Overflow-checked integer and size parsing. Every number the helper takes
 * from an option, the configuration file, sysfs or procfs goes through
 * these: strtoul() accepts signs, leading blanks and silently wraps, none
 * of which is acceptable for a value that becomes a memory size.
 */
#ifndef KC_PARSE_H
#define KC_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decimal digits only, whole string. -EINVAL if malformed, -ERANGE. */
int kc_parse_u64(const char *s, uint64_t *out);
/* Like kc_parse_u64 but accepts trailing blanks and newlines (sysfs). */
int kc_parse_u64_line(const char *s, uint64_t *out);
/* Parse at most len hex digits (no prefix); all must be hex digits. */
int kc_parse_hex_n(const char *s, size_t len, uint64_t *out);
/*
 * A size with an optional K, M, G or T suffix (binary units, case
 * insensitive, an optional trailing "iB" or "B"). A bare number is
 * multiplied by unit. Result in bytes.
 */
int kc_parse_size(const char *s, uint64_t unit, uint64_t *bytes);
/*
 * A size given in MiB (bare number) or with a suffix; result in MiB,
 * which must be a whole number of MiB.
 */
int kc_parse_mib(const char *s, uint64_t *mib);
/* yes/no/true/false/1/0/on/off */
int kc_parse_bool(const char *s, bool *out);
/* A bounded unsigned value for options and configuration keys. */
int kc_parse_uint_range(const char *s, uint64_t min, uint64_t max,
			uint64_t *out);

#endif
