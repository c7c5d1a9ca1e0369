// SPDX-License-Identifier: GPL-2.0-only
#include "cmdline.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "util.h"

/*
 * Options of the running kernel that must not reach the capture kernel.
 * The capture kernel runs in the small crash area, so anything that
 * reserves memory (crashkernel=, cma=, hugepages, swiotlb sizes, large log
 * buffers) would fail or eat the area; it must not resume from a
 * hibernation image or arm kdump again from its initramfs; the boot
 * loader's own tokens (BOOT_IMAGE=, initrd=) describe the first kernel.
 */
static const char *const drop_keys[] = {
	"BOOT_IMAGE", "initrd", "crashkernel", "cma", "hugetlb_cma",
	"hugepages", "hugepagesz", "default_hugepagesz", "kernelcore",
	"movablecore", "nr_cpus", "maxcpus", "possible_cpus", "slub_debug",
	"log_buf_len", "swiotlb", "quiet", "resume", "resume_offset",
	"rd.kexeccma", "rd.earlykdump", "kmemleak", "page_owner",
};

/*
 * Added for an x86_64 capture kernel. nr_cpus=1: one CPU needs the
 * least memory and avoids waking CPUs that were halted mid-crash.
 * reset_devices and irqpoll: drivers reset hardware left running by the
 * crashed kernel and survive interrupts routed to the dead CPUs. cma=0 and
 * hugetlb_cma=0: no CMA area inside the crash area. cgroup_disable=memory,
 * numa=off, transparent_hugepage=never, mce=off, acpi_no_memhotplug: save
 * memory and skip machinery that a dump does not need. udev.children-max=2
 * bounds udev's memory in the capture initrd. panic=10: a capture that
 * fails reboots instead of hanging. novmcoredd: no device dump buffers.
 */
static const char *const add_x86_64[] = {
	"irqpoll", "nr_cpus=1", "reset_devices", "cma=0", "hugetlb_cma=0",
	"cgroup_disable=memory", "mce=off", "numa=off",
	"transparent_hugepage=never", "acpi_no_memhotplug",
	"udev.children-max=2", "panic=10", "novmcoredd",
};

/*
 * Added for an arm64 capture kernel: what kdumpctl's aarch64
 * KDUMP_COMMANDLINE_APPEND adds (kdump-utils gen-kdump-sysconfig.sh), the
 * options above without the x86-only mce=off and acpi_no_memhotplug, and
 * without numa=off and transparent_hugepage=never, which that list
 * leaves out too. swiotlb=noforce: no swiotlb bounce buffer (64 MiB by
 * default), which arm64 sets up when memory reaches above its DMA limit.
 * The console is the running kernel's (console=ttyAMA0 for a PL011
 * stays as it is); nothing arm64-specific is added for it.
 */
static const char *const add_arm64[] = {
	"irqpoll", "nr_cpus=1", "reset_devices", "cma=0", "hugetlb_cma=0",
	"cgroup_disable=memory", "udev.children-max=2", "panic=10",
	"swiotlb=noforce", "novmcoredd",
};

/* The lists above, indexed by enum kc_arch. */
static const struct {
	const char *const *tokens;
	size_t n;
} add_lists[KC_ARCH_COUNT] = {
	[KC_ARCH_X86_64] = { add_x86_64, KC_ARRAY_SIZE(add_x86_64) },
	[KC_ARCH_ARM64] = { add_arm64, KC_ARRAY_SIZE(add_arm64) },
};

#define KC_MAX_ADD 16
_Static_assert(KC_ARRAY_SIZE(add_x86_64) <= KC_MAX_ADD &&
	       KC_ARRAY_SIZE(add_arm64) <= KC_MAX_ADD,
	       "KC_MAX_ADD holds every list");

#define KC_MAX_TOKENS 512

struct tok {
	const char *p;
	size_t len;
	size_t klen;		/* length of the key (before '=') */
};

/* Split on blanks outside double quotes, as the kernel does. */
static int tokenize(const char *s, struct tok *t, size_t max, size_t *n)
{
	*n = 0;
	for (;;) {
		bool q = false;
		const char *start;

		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
		if (!*s)
			return 0;
		if (*n >= max)
			return -E2BIG;
		start = s;
		t[*n].klen = (size_t)-1;
		for (; *s; s++) {
			if ((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n')
				return -EINVAL;
			if (*s == '"')
				q = !q;
			else if (!q && (*s == ' ' || *s == '\t' || *s == '\n'))
				break;
			else if (*s == '=' && t[*n].klen == (size_t)-1)
				t[*n].klen = (size_t)(s - start);
		}
		if (q)
			return -EINVAL;
		t[*n].p = start;
		t[*n].len = (size_t)(s - start);
		if (t[*n].klen == (size_t)-1)
			t[*n].klen = t[*n].len;
		(*n)++;
	}
}

static bool key_is(const struct tok *t, const char *key)
{
	size_t k = strlen(key);
	const char *p = t->p;
	size_t kl = t->klen;

	/* A quoted key ("foo=bar") still names foo. */
	if (kl && *p == '"') {
		p++;
		kl--;
	}
	return kl == k && !memcmp(p, key, k);
}

static bool same_key(const struct tok *a, const struct tok *b)
{
	return a->klen == b->klen && !memcmp(a->p, b->p, a->klen);
}

/* A token whose key appears in list is replaced by that list's token. */
static bool overridden(const struct tok *t, const struct tok *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (same_key(t, &list[i]))
			return true;
	return false;
}

static bool dropped(const struct tok *t)
{
	size_t i;

	for (i = 0; i < KC_ARRAY_SIZE(drop_keys); i++)
		if (key_is(t, drop_keys[i]))
			return true;
	return false;
}

static int emit(char *out, size_t outlen, size_t *pos, const struct tok *t)
{
	size_t need = t->len + (*pos ? 1 : 0);

	if (*pos + need + 1 > outlen)
		return -E2BIG;
	if (*pos)
		out[(*pos)++] = ' ';
	memcpy(out + *pos, t->p, t->len);
	*pos += t->len;
	out[*pos] = '\0';
	return 0;
}

int kc_capture_cmdline_arch(enum kc_arch arch, const char *proc_cmdline,
			    const char *append, char *out, size_t outlen)
{
	struct tok *sys, *user, add[KC_MAX_ADD];
	size_t nadd, nsys, nuser, i, pos = 0;
	int ret;

	if (outlen == 0)
		return -E2BIG;
	out[0] = '\0';
	if ((unsigned int)arch >= KC_ARCH_COUNT)
		return -EINVAL;
	nadd = add_lists[arch].n;
	sys = calloc(KC_MAX_TOKENS, sizeof(*sys));
	user = calloc(KC_MAX_TOKENS, sizeof(*user));
	if (!sys || !user) {
		ret = -ENOMEM;
		goto out;
	}
	ret = tokenize(proc_cmdline ? proc_cmdline : "", sys, KC_MAX_TOKENS,
		       &nsys);
	if (ret)
		goto out;
	ret = tokenize(append ? append : "", user, KC_MAX_TOKENS, &nuser);
	if (ret)
		goto out;
	for (i = 0; i < nadd; i++) {
		size_t n;

		ret = tokenize(add_lists[arch].tokens[i], &add[i], 1, &n);
		if (ret)
			goto out;
	}
	for (i = 0; i < nsys && !ret; i++) {
		if (dropped(&sys[i]) || overridden(&sys[i], user, nuser) ||
		    overridden(&sys[i], add, nadd))
			continue;
		ret = emit(out, outlen, &pos, &sys[i]);
	}
	for (i = 0; i < nadd && !ret; i++)
		if (!overridden(&add[i], user, nuser))
			ret = emit(out, outlen, &pos, &add[i]);
	for (i = 0; i < nuser && !ret; i++)
		ret = emit(out, outlen, &pos, &user[i]);
	if (!ret && pos + 1 > KC_CMDLINE_SIZE)
		ret = -E2BIG;
out:
	free(sys);
	free(user);
	if (ret && outlen)
		out[0] = '\0';
	return ret;
}

int kc_capture_cmdline(const char *proc_cmdline, const char *append,
		       char *out, size_t outlen)
{
	return kc_capture_cmdline_arch(KC_ARCH_NATIVE, proc_cmdline, append,
				       out, outlen);
}

/* The number after "key="; UINT64_MAX (no limit) if there is none. */
static uint64_t value_of(const struct tok *t)
{
	char buf[24];
	size_t vlen = t->len - t->klen - 1;
	uint64_t v;

	if (t->klen >= t->len || vlen == 0 || vlen >= sizeof(buf))
		return UINT64_MAX;
	memcpy(buf, t->p + t->klen + 1, vlen);
	buf[vlen] = '\0';
	if (kc_parse_u64(buf, &v))
		return UINT64_MAX;
	return v;
}

uint64_t kc_cmdline_cpus(const char *cmdline, uint64_t possible)
{
	struct tok *t = calloc(KC_MAX_TOKENS, sizeof(*t));
	uint64_t nr = UINT64_MAX, max = UINT64_MAX, cpus = possible;
	size_t n, i;

	if (!t)
		return possible ? possible : 1;
	if (tokenize(cmdline, t, KC_MAX_TOKENS, &n))
		n = 0;
	/* The kernel keeps the last occurrence of each option. */
	for (i = 0; i < n; i++) {
		/* The kernel ignores nr_cpus=0. */
		if (key_is(&t[i], "nr_cpus") && value_of(&t[i]))
			nr = value_of(&t[i]);
		else if (key_is(&t[i], "maxcpus"))
			max = value_of(&t[i]);
	}
	free(t);
	if (nr < cpus)
		cpus = nr;
	if (max < cpus)
		cpus = max;
	/* maxcpus=0 still brings up the boot CPU. */
	return cpus ? cpus : 1;
}

/*
 * init/do_mounts.c makes rootfs a tmpfs when no root= is given and
 * rootfstype= is absent or mentions tmpfs. A tmpfs holds at most half of
 * the kernel's memory, which caps the initramfs a capture kernel can
 * unpack; a ramfs has no such cap. Unparsable input counts as tmpfs, the
 * larger estimate.
 */
bool kc_cmdline_rootfs_tmpfs(const char *cmdline)
{
	struct tok *t = calloc(KC_MAX_TOKENS, sizeof(*t));
	const struct tok *root = NULL, *fstype = NULL;
	bool tmpfs = true;
	size_t n, i;

	if (!t)
		return true;
	if (tokenize(cmdline, t, KC_MAX_TOKENS, &n))
		n = 0;
	for (i = 0; i < n; i++) {
		if (key_is(&t[i], "root"))
			root = &t[i];
		else if (key_is(&t[i], "rootfstype"))
			fstype = &t[i];
	}
	if (root && root->len > root->klen + 1)
		tmpfs = false;
	if (fstype && fstype->klen < fstype->len &&
	    !memmem(fstype->p + fstype->klen + 1,
		    fstype->len - fstype->klen - 1, "tmpfs", 5))
		tmpfs = false;
	free(t);
	return tmpfs;
}

/*
 * One size= option of a tmpfs option string (comma-separated): N% or
 * N with an optional k, m or g suffix (mm/shmem.c, as memparse()).
 */
static int tmpfs_size(const char *v, size_t len, uint64_t *pct,
		      uint64_t *bytes)
{
	char s[32];

	if (len == 0 || len >= sizeof(s))
		return -EINVAL;
	memcpy(s, v, len);
	s[len] = '\0';
	if (s[len - 1] == '%') {
		s[len - 1] = '\0';
		*bytes = 0;
		return kc_parse_uint_range(s, 1, 100, pct) ? -EINVAL : 0;
	}
	*pct = 0;
	return kc_parse_size(s, 1, bytes) || *bytes == 0 ? -EINVAL : 0;
}

int kc_cmdline_initramfs_size(const char *cmdline, uint64_t *pct,
			      uint64_t *bytes)
{
	struct tok *t = calloc(KC_MAX_TOKENS, sizeof(*t));
	const struct tok *opt = NULL;
	const char *v, *end;
	int ret = -ENOENT;
	size_t n, i;

	if (!t)
		return -ENOMEM;
	if (tokenize(cmdline, t, KC_MAX_TOKENS, &n))
		n = 0;
	/* The kernel's __setup() keeps the last one. */
	for (i = 0; i < n; i++)
		if (key_is(&t[i], "initramfs_options") && t[i].klen < t[i].len)
			opt = &t[i];
	if (!opt)
		goto out;
	v = opt->p + opt->klen + 1;
	end = opt->p + opt->len;
	if (*v == '"')
		v++;
	if (end > v && end[-1] == '"')
		end--;
	while (v < end) {
		const char *comma = memchr(v, ',', (size_t)(end - v));
		const char *stop = comma ? comma : end;

		if (stop - v > 5 && !memcmp(v, "size=", 5))
			ret = tmpfs_size(v + 5, (size_t)(stop - v - 5), pct,
					 bytes);
		v = comma ? comma + 1 : end;
	}
out:
	free(t);
	return ret;
}
