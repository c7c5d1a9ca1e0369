// SPDX-License-Identifier: GPL-2.0-only
/*
 * /proc/meminfo text through kc_parse_meminfo(), and the CPU list of
 * /sys/devices/system/cpu/possible through kc_parse_cpulist().
 */
#include "fuzz.h"
#include "procfs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fz_text(data, size);
	struct kc_meminfo mi;
	unsigned int bad = 0;
	uint64_t n;

	kc_parse_meminfo(text, &mi, &bad);
	kc_parse_cpulist(text, &n);
	free(text);
	return 0;
}
