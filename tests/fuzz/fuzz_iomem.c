// SPDX-License-Identifier: GPL-2.0-only
/* /proc/iomem text through kc_parse_iomem(). */
#include "fuzz.h"
#include "procfs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fz_text(data, size);
	struct kc_iomem io;
	unsigned int bad = 0, i;

	if (kc_parse_iomem(text, &io, &bad) == 0) {
		fz_assert(io.ncrash <= KC_MAX_CRASH_RANGES);
		for (i = 0; i < io.ncrash; i++)
			fz_assert(io.crash[i].start <= io.crash[i].end);
	}
	free(text);
	return 0;
}
