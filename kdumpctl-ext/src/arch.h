/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The architectures whose capture kernels the helper knows, and the one
 * it is built for. What differs between them (the estimate's terms, the
 * options added to the capture command line) is data or code indexed by
 * enum kc_arch rather than #ifdefs in place, so the unit tests built for
 * one architecture check the other's values too.
 */
#ifndef KC_ARCH_H
#define KC_ARCH_H

enum kc_arch {
	KC_ARCH_X86_64,		/* 0: what a zeroed input means */
	KC_ARCH_ARM64,
	KC_ARCH_COUNT,
};

#if defined(__aarch64__)
#define KC_ARCH_NATIVE KC_ARCH_ARM64
#elif defined(__x86_64__)
#define KC_ARCH_NATIVE KC_ARCH_X86_64
#else
#error "kexeccma knows the capture kernels of x86_64 and aarch64 only"
#endif

static inline const char *kc_arch_name(enum kc_arch arch)
{
	return arch == KC_ARCH_ARM64 ? "arm64" : "x86_64";
}

#endif
