/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The memory the capture needs to unlock an encrypted dump target. A
 * LUKS2 keyslot with argon2i or argon2id is memory-hard: unlocking it
 * takes the memory its header states ("Memory:" in KiB in cryptsetup
 * luksDump) inside the capture kernel, whichever keyslot the capture's
 * key opens, so the largest one counts. pbkdf2 keyslots and LUKS1 need
 * no such memory.
 */
#ifndef KC_LUKS_H
#define KC_LUKS_H

#include <stdint.h>

/*
 * cryptsetup refuses argon2 memory costs above 4 GiB ("maximum is
 * 4194304 kilobytes", cryptsetup 2.6): a larger value is no keyslot.
 */
#define KC_LUKS_MEMORY_MAX_KIB UINT64_C(4194304)

/*
 * The largest keyslot "Memory:" of cryptsetup luksDump text, in KiB (0
 * when no keyslot has one, as with LUKS1 or pbkdf2 only). Returns 0, or
 * -EINVAL with the 1-based line number in *bad_line (0 when the text is
 * no luksDump output at all).
 */
int kc_luks_parse_dump(const char *text, uint64_t *kib,
		       unsigned int *bad_line);

/*
 * Run "cryptsetup luksDump device" (found like kexec, execve with an
 * argument vector) and give the largest keyslot memory in bytes.
 * Returns 0, or prints one error line and returns -errno.
 */
int kc_luks_memory(const char *device, uint64_t *bytes);

#endif
