/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared bits of the libFuzzer harnesses: the parsers take NUL-terminated
 * text, the fuzzer hands over bytes.
 */
#ifndef KC_FUZZ_H
#define KC_FUZZ_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A NUL-terminated copy of the input; embedded NULs end the text early. */
static inline char *fz_text(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* An invariant the parser promised; a violation is a finding. */
#define fz_assert(cond)							\
	do {								\
		if (!(cond))						\
			__builtin_trap();				\
	} while (0)

#endif
