/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test bzImages whose payload is a compressed ELF64 vmlinux laid out as
 * an x86_64 kernel build lays one out: .text, then the NOBITS .bss and
 * .brk (whose page-aligned end is _end), then optionally a PROGBITS
 * .init.scratch 2 MiB above, in the same segment (AMD memory
 * encryption's early scratch area, which lies beyond _end).
 */
#ifndef KC_TEST_MKBZIMAGE_H
#define KC_TEST_MKBZIMAGE_H

#include <stdbool.h>
#include <stdint.h>

#define MK_TEXT UINT64_C(0x1000000)	/* _text's physical address */

struct mk_vmlinux {
	uint64_t text_size;
	uint64_t bss_size;	/* 0: no .bss */
	uint64_t brk_size;	/* 0: no .brk */
	bool scratch;		/* an .init.scratch beyond _end */
	bool not_elf;		/* the payload is zeros, not an ELF */
	uint32_t init_size;	/* the header's; 0: _end - _text + 4 MiB */
	const char *comp;	/* "gzip" or "xz" (size appended, as Kbuild) */
	const char *text;	/* a string in .text (a __setup name), or NULL */
	uint64_t text_at;	/* its offset in .text */
};

/*
 * Write the bzImage to path (ending with 512 bytes of code after the
 * payload, as the decompressor's own follow it). Returns _end - _text.
 */
uint64_t mk_bzimage(const char *path, const struct mk_vmlinux *v);

#endif
