// SPDX-License-Identifier: GPL-2.0-only
/* /etc/kexeccma.conf text through kc_conf_parse(). */
#include <string.h>

#include "conf.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fz_text(data, size);
	struct kc_conf c;

	kc_conf_defaults(&c);
	if (kc_conf_parse(text, "fuzz.conf", &c) == 0) {
		/* Whatever was accepted stays within its documented bounds. */
		fz_assert(c.retries <= KC_RETRIES_MAX);
		fz_assert(c.lock_timeout <= KC_LOCK_TIMEOUT_MAX);
		fz_assert(c.extra_mib <= KC_EXTRA_MIB_MAX);
		fz_assert(c.size_auto || c.size_mib <= KC_SIZE_MIB_MAX);
		fz_assert(memchr(c.kernel, '\0', sizeof(c.kernel)));
		fz_assert(memchr(c.initrd, '\0', sizeof(c.initrd)));
		fz_assert(memchr(c.cmdline, '\0', sizeof(c.cmdline)));
		fz_assert(memchr(c.append, '\0', sizeof(c.append)));
	}
	free(text);
	return 0;
}
