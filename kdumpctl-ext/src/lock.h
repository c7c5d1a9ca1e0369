/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One kexeccma at a time: an flock() on /run/kexeccma.lock. The file and
 * every directory on its way are opened with O_NOFOLLOW and it is created
 * 0600, so that a symlink planted there cannot make root create or
 * truncate another file.
 */
#ifndef KC_LOCK_H
#define KC_LOCK_H

#include <stdint.h>

#define KC_LOCK_PATH "/run/kexeccma.lock"

/*
 * Wait up to timeout_s seconds for the lock. Returns the lock's file
 * descriptor (held until closed), -EWOULDBLOCK on timeout, -EINTR when a
 * signal asked kexeccma to stop, or -errno.
 */
int kc_lock(uint64_t timeout_s);
/*
 * kc_lock() for a command: 0 with *fd held, or the exit code after one
 * error line (KC_EXIT_LOCKED, KC_EXIT_INTERRUPTED, KC_EXIT_FAIL).
 */
int kc_lock_or_report(uint64_t timeout_s, int *fd);
void kc_unlock(int fd);

#endif
