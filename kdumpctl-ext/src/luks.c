// SPDX-License-Identifier: GPL-2.0-only
#include "luks.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "run.h"
#include "text.h"
#include "util.h"

/* A LUKS2 header's JSON area is at most 4 MiB; its dump is smaller. */
#define KC_LUKS_DUMP_MAX (4U << 20)

/* "Memory:     262144" after the indent; 0 when the line is another. */
static int memory_line(const char *line, uint64_t *kib)
{
	static const char key[] = "Memory:";

	line += strspn(line, " \t");
	if (strncmp(line, key, sizeof(key) - 1) != 0)
		return 0;
	line += sizeof(key) - 1;
	line += strspn(line, " \t");
	if (kc_parse_u64_line(line, kib) || *kib > KC_LUKS_MEMORY_MAX_KIB)
		return -EINVAL;
	return 1;
}

int kc_luks_parse_dump(const char *text, uint64_t *kib,
		       unsigned int *bad_line)
{
	static const char head[] = "LUKS header information";
	unsigned int lineno = 0;
	bool keyslots = false;
	const char *p = text;
	char line[256];

	*kib = 0;
	*bad_line = 0;
	if (strncmp(text, head, sizeof(head) - 1) != 0)
		return -EINVAL;
	/*
	 * Long lines (salts, digests) are never a Memory: line: kc_next_line()
	 * leaves them empty.
	 */
	while (kc_next_line(&p, line, sizeof(line)) != 0) {
		uint64_t v;
		int r;

		lineno++;
		/* Sections start in the first column: "Keyslots:", "Tokens:". */
		if (line[0] && line[0] != ' ' && line[0] != '\t') {
			keyslots = !strcmp(line, "Keyslots:");
			continue;
		}
		if (!keyslots)
			continue;
		r = memory_line(line, &v);
		if (r < 0) {
			*bad_line = lineno;
			return -EINVAL;
		}
		if (r && v > *kib)
			*kib = v;
	}
	return 0;
}

static int run_failed(const char *device, int status)
{
	if (status >= KC_RUN_SIGNALED)
		kc_err("cryptsetup luksDump %s was killed by signal %d; the unlocking of the dump target cannot be sized",
		       device, status - KC_RUN_SIGNALED);
	else
		kc_err("cryptsetup luksDump %s failed with exit status %d (its messages are above); set luks_device to the dump target's LUKS block device, or unset it",
		       device, status);
	return -EIO;
}

int kc_luks_memory(const char *device, uint64_t *bytes)
{
	char prog[KC_PATH_MAX], *text = NULL;
	const char *argv[4];
	unsigned int bad;
	uint64_t kib;
	int ret, status = 0;

	ret = kc_find_prog("cryptsetup", prog, sizeof(prog));
	if (ret == -EPERM) {
		kc_err("refusing %s: it or a directory above it is owned or writable by a non-root user; fix the owner and mode (chown root, chmod go-w)",
		       prog);
		return ret;
	}
	if (ret) {
		kc_err("cryptsetup not found in /usr/sbin, /usr/bin, /sbin or /bin (%s); install it to size the unlocking of luks_device %s, or unset luks_device",
		       strerror(-ret), device);
		return ret;
	}
	argv[0] = prog;
	argv[1] = "luksDump";
	argv[2] = device;
	argv[3] = NULL;
	ret = kc_run_capture(prog, argv, KC_LUKS_DUMP_MAX, &text, NULL,
			     &status);
	if (ret) {
		kc_err("cannot run cryptsetup luksDump %s: %s", device,
		       ret == -EFBIG ? "it printed more than 4 MiB" :
		       strerror(-ret));
		return ret;
	}
	if (status) {
		free(text);
		return run_failed(device, status);
	}
	ret = kc_luks_parse_dump(text, &kib, &bad);
	free(text);
	if (ret) {
		if (bad)
			kc_err("cryptsetup luksDump %s: line %u has a keyslot Memory: that is not a number of KiB up to %llu",
			       device, bad,
			       (unsigned long long)KC_LUKS_MEMORY_MAX_KIB);
		else
			kc_err("cryptsetup luksDump %s printed no \"LUKS header information\"; is this cryptsetup?",
			       device);
		return ret;
	}
	*bytes = kib * 1024;	/* at most 4 GiB: no overflow */
	return 0;
}
