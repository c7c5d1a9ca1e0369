// SPDX-License-Identifier: GPL-2.0-only
/*
 * /proc/cmdline and a user's --append through kc_capture_cmdline(),
 * kc_cmdline_cpus() and kc_cmdline_initramfs_size(). The input is the command line, then optionally a
 * NUL byte and the append string.
 */
#include <string.h>

#include "cmdline.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fz_text(data, size), out[KC_CMDLINE_SIZE];
	size_t first = strlen(text);
	const char *append = first < size ? text + first + 1 : "";
	uint64_t cpus, pct, bytes;

	memset(out, 'x', sizeof(out));
	if (kc_capture_cmdline(text, append, out, sizeof(out)) == 0)
		fz_assert(memchr(out, '\0', sizeof(out)));
	/* A small buffer must fail with E2BIG, never overflow. */
	kc_capture_cmdline(text, append, out, 16);
	cpus = kc_cmdline_cpus(text, 64);
	fz_assert(cpus >= 1 && cpus <= 64);
	if (kc_cmdline_initramfs_size(text, &pct, &bytes) == 0)
		fz_assert((pct >= 1 && pct <= 100 && !bytes) ||
			  (!pct && bytes));
	free(text);
	return 0;
}
