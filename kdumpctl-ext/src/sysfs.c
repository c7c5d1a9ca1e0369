// SPDX-License-Identifier: GPL-2.0-only
#include "sysfs.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parse.h"
#include "procfs.h"
#include "util.h"

static const struct kc_kernel_ops real_ops = {
	.write_crash_size = kc_sysfs_write_crash_size,
};

const struct kc_kernel_ops *kc_kops = &real_ops;

int kc_sysfs_write_crash_size(uint64_t mib)
{
	char val[32];

	snprintf(val, sizeof(val), "%" PRIu64 "\n", mib);
	return kc_write_rooted(KC_SYS_CRASH_SIZE, val);
}

static int read_sysfs(const char *abs, char **t)
{
	struct timespec ts = { 0, KC_READ_BUSY_WAIT_MS * 1000000L };
	int i, ret = 0;

	for (i = 0; i < KC_READ_BUSY_TRIES; i++) {
		if (kc_kops->read_sysfs)
			ret = kc_kops->read_sysfs(abs, t);
		else
			ret = kc_read_rooted(abs, 256, t, NULL);
		if (ret != -EBUSY || kc_interrupted)
			break;
		nanosleep(&ts, NULL);
	}
	return ret;
}

/* -ENOENT passes through so callers can tell "absent" from "broken". */
static int read_u64(const char *abs, uint64_t *v, bool quiet_enoent)
{
	char *t;
	int ret = read_sysfs(abs, &t);

	if (ret) {
		if (!(quiet_enoent && ret == -ENOENT))
			kc_err("cannot read %s: %s", abs, strerror(-ret));
		return ret;
	}
	ret = kc_parse_u64_line(t, v);
	if (ret) {
		/* Show the bad value, trimmed to one short line. */
		t[strcspn(t, "\n")] = '\0';
		if (strlen(t) > 40)
			t[40] = '\0';
		kc_err("%s holds \"%s\", not a number (%s); is sysfs mounted?",
		       abs, t, strerror(-ret));
	}
	free(t);
	return ret;
}

int kc_read_loaded(bool *loaded)
{
	uint64_t v;
	int ret = read_u64(KC_SYS_CRASH_LOADED, &v, false);

	if (ret)
		return ret;
	if (v > 1) {
		kc_err("%s holds %" PRIu64 ", expected 0 or 1",
		       KC_SYS_CRASH_LOADED, v);
		return -EINVAL;
	}
	*loaded = v == 1;
	return 0;
}

/*
 * kexec_crash_size counts the low companion too from Linux 6.5 on; the
 * main range in /proc/iomem tells the two apart. When iomem cannot be
 * read or parsed (unprivileged readers see zeroed addresses), the value
 * read stands.
 */
static uint64_t main_size(uint64_t crash_size)
{
	struct kc_iomem io;
	unsigned int bad;
	uint64_t size = crash_size;
	char *t;

	if (!crash_size || kc_read_rooted("/proc/iomem", KC_IOMEM_MAX, &t,
					    NULL))
		return crash_size;
	if (!kc_parse_iomem(t, &io, &bad))
		size = kc_iomem_main_size(&io, crash_size);
	free(t);
	return size;
}

static int read_allocated(uint64_t *bytes, bool quiet_enoent)
{
	int ret = read_u64(KC_SYS_CRASH_SIZE, bytes, quiet_enoent);

	if (!ret)
		*bytes = main_size(*bytes);
	return ret;
}

int kc_read_allocated(uint64_t *bytes)
{
	return read_allocated(bytes, false);
}

static bool has_crashkernel(const char *cmdline)
{
	const char *p = cmdline;

	while (p && (p = strstr(p, "crashkernel=")) != NULL) {
		if (p == cmdline || p[-1] == ' ')
			return true;
		p++;
	}
	return false;
}

int kc_read_sysstate(struct kc_sysstate *st, const char *proc_cmdline)
{
	int ret;

	memset(st, 0, sizeof(*st));
	ret = read_u64(KC_SYS_CMA_SIZE, &st->capacity, true);
	if (ret && ret != -ENOENT)
		return ret;
	if (ret == -ENOENT)
		st->capacity = 0;
	ret = read_allocated(&st->allocated, true);
	if (ret == -ENOENT) {
		/* A kernel without kexec: nothing to manage. */
		st->mode = KC_MODE_NONE;
		return 0;
	}
	if (ret)
		return ret;
	ret = kc_read_loaded(&st->loaded);
	if (ret)
		return ret;
	if (st->capacity)
		st->mode = KC_MODE_CMA;
	else if (st->allocated || has_crashkernel(proc_cmdline))
		st->mode = KC_MODE_CLASSIC;
	else
		st->mode = KC_MODE_NONE;
	return 0;
}

const char *kc_mode_name(enum kc_mode m)
{
	switch (m) {
	case KC_MODE_CMA:
		return "cma";
	case KC_MODE_CLASSIC:
		return "classic";
	default:
		return "none";
	}
}
