// SPDX-License-Identifier: GPL-2.0-only
/*
 * Size and number strings (options, the configuration file, sysfs
 * reads) through every kc_parse_*() function.
 */
#include <stdbool.h>

#include "fuzz.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fz_text(data, size);
	uint64_t v, mib;
	bool b;

	kc_parse_u64(s, &v);
	kc_parse_u64_line(s, &v);
	kc_parse_hex_n(s, size, &v);
	if (kc_parse_size(s, 1, &v) == 0 && kc_parse_mib(s, &mib) == 0)
		/* A bare number is MiB for one and bytes for the other. */
		fz_assert(mib <= v || v < (UINT64_C(1) << 20));
	kc_parse_size(s, UINT64_C(1) << 20, &v);
	kc_parse_bool(s, &b);
	if (kc_parse_uint_range(s, 3, 400, &v) == 0)
		fz_assert(v >= 3 && v <= 400);
	free(s);
	return 0;
}
