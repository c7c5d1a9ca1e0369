/* SPDX-License-Identifier: GPL-2.0-only */
/* Real cryptsetup luksDump output for the tests (luksdump.c). */
#ifndef LUKSDUMP_H
#define LUKSDUMP_H

/* Keyslots: argon2id 262144 KiB, pbkdf2, argon2i 32768 KiB. */
extern const char fr_luks2_dump[];
/* One pbkdf2 keyslot; LUKS1 has no Memory: lines. */
extern const char fr_luks1_dump[];

#endif
