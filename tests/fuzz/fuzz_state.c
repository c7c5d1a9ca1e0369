// SPDX-License-Identifier: GPL-2.0-only
/* /run/kexeccma.state text through kc_state_parse(). */
#include <string.h>

#include "fuzz.h"
#include "state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fz_text(data, size);
	struct kc_state s;

	if (kc_state_parse(text, &s) == 0) {
		fz_assert(memchr(s.backend, '\0', sizeof(s.backend)));
		fz_assert(memchr(s.kernel, '\0', sizeof(s.kernel)));
		fz_assert(memchr(s.cmdline, '\0', sizeof(s.cmdline)));
	}
	free(text);
	return 0;
}
