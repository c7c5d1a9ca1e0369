// SPDX-License-Identifier: GPL-2.0-only
#include "lock.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

/* How often a waiting invocation retries the lock. */
#define KC_LOCK_POLL_MS 100

int kc_lock(uint64_t timeout_s)
{
	uint64_t waited_ms = 0;
	struct stat st;
	int fd, ret;

	fd = kc_open_nofollow(KC_LOCK_PATH, O_RDWR | O_CREAT | O_NOCTTY, 0600);
	if (fd < 0)
		return fd;
	/* A FIFO or device there is someone else's file, not our lock. */
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) ||
	    (st.st_uid != 0 && st.st_uid != geteuid())) {
		close(fd);
		return -EPERM;
	}
	for (;;) {
		struct timespec ts = { 0, KC_LOCK_POLL_MS * 1000000L };

		if (!flock(fd, LOCK_EX | LOCK_NB))
			return fd;
		if (errno != EWOULDBLOCK && errno != EINTR) {
			ret = -errno;
			close(fd);
			return ret;
		}
		/* A stop request while waiting ends the wait. */
		if (kc_interrupted) {
			close(fd);
			return -EINTR;
		}
		if (waited_ms >= timeout_s * 1000) {
			close(fd);
			return -EWOULDBLOCK;
		}
		nanosleep(&ts, NULL);
		waited_ms += KC_LOCK_POLL_MS;
	}
}

int kc_lock_or_report(uint64_t timeout_s, int *fd)
{
	*fd = kc_lock(timeout_s);
	if (*fd >= 0)
		return KC_EXIT_OK;
	if (*fd == -EINTR)
		return kc_err_interrupted("waiting for " KC_LOCK_PATH,
					  "nothing was changed");
	if (*fd == -EWOULDBLOCK) {
		kc_err("another kexeccma holds %s (waited %" PRIu64 " s); try again when it is done",
		       KC_LOCK_PATH, timeout_s);
		return KC_EXIT_LOCKED;
	}
	kc_err("cannot lock %s: %s; is /run a writable tmpfs and the lock a regular root-owned file?",
	       KC_LOCK_PATH, strerror(-*fd));
	return KC_EXIT_FAIL;
}

void kc_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}
