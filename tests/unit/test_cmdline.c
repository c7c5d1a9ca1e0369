// SPDX-License-Identifier: GPL-2.0-only
/* The capture kernel's command line. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cmdline.h"

static char out[KC_CMDLINE_SIZE + 64];

static bool has_token(const char *s, const char *tok)
{
	size_t n = strlen(tok);
	const char *p = s;

	while ((p = strstr(p, tok)) != NULL) {
		if ((p == s || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
		p++;
	}
	return false;
}

static void drops_and_adds(void **st)
{
	(void)st;
	assert_int_equal(kc_capture_cmdline_arch(KC_ARCH_X86_64,
		"BOOT_IMAGE=/vmlinuz-6.1 initrd=/initrd.img root=UUID=abc ro "
		"crashkernel=1G-:256M,cma cma=64M hugepages=100 hugepagesz=1G "
		"default_hugepagesz=1G nr_cpus=8 maxcpus=4 quiet "
		"resume=/dev/sda2 rd.kexeccma=1 rd.earlykdump console=ttyS0,115200 "
		"panic=0 rd.lvm.lv=vg/root",
		NULL, out, sizeof(out)), 0);
	assert_string_equal(out,
		"root=UUID=abc ro console=ttyS0,115200 rd.lvm.lv=vg/root "
		"irqpoll nr_cpus=1 reset_devices cma=0 hugetlb_cma=0 "
		"cgroup_disable=memory mce=off numa=off "
		"transparent_hugepage=never acpi_no_memhotplug "
		"udev.children-max=2 panic=10 novmcoredd");
}

/* arm64: kdumpctl's aarch64 additions, the PL011 console kept. */
static void arm64_drops_and_adds(void **st)
{
	(void)st;
	assert_int_equal(kc_capture_cmdline_arch(KC_ARCH_ARM64,
		"BOOT_IMAGE=/boot/vmlinuz-6.12.118+deb12-arm64 "
		"root=UUID=abc ro crashkernel=256M,high cma=64M "
		"swiotlb=65536 nr_cpus=8 quiet console=ttyAMA0,115200 "
		"earlycon=pl011,0x9000000 panic=0",
		NULL, out, sizeof(out)), 0);
	assert_string_equal(out,
		"root=UUID=abc ro console=ttyAMA0,115200 "
		"earlycon=pl011,0x9000000 "
		"irqpoll nr_cpus=1 reset_devices cma=0 hugetlb_cma=0 "
		"cgroup_disable=memory udev.children-max=2 panic=10 "
		"swiotlb=noforce novmcoredd");
	/* None of the x86-only options of either list. */
	assert_false(has_token(out, "mce=off"));
	assert_false(has_token(out, "acpi_no_memhotplug"));
	assert_false(has_token(out, "nokaslr"));
	/* The x86_64 list has no arm64-only one. */
	assert_int_equal(kc_capture_cmdline_arch(KC_ARCH_X86_64,
		"console=ttyS0", NULL, out, sizeof(out)), 0);
	assert_false(has_token(out, "swiotlb=noforce"));
	assert_false(has_token(out, "nokaslr"));
	/* --append still replaces what is added. */
	assert_int_equal(kc_capture_cmdline_arch(KC_ARCH_ARM64,
		"console=ttyAMA0", "nr_cpus=2 swiotlb=4096", out,
		sizeof(out)), 0);
	assert_true(has_token(out, "nr_cpus=2"));
	assert_true(has_token(out, "swiotlb=4096"));
	assert_false(has_token(out, "swiotlb=noforce"));
	assert_true(has_token(out, "console=ttyAMA0"));
}

/* The helper uses its build arch's list; an unknown arch is refused. */
static void native_arch(void **st)
{
	static char want[sizeof(out)];

	(void)st;
	assert_int_equal(kc_capture_cmdline_arch(KC_ARCH_NATIVE,
		"root=/dev/vda console=ttyAMA0", NULL, want, sizeof(want)), 0);
	assert_int_equal(kc_capture_cmdline("root=/dev/vda console=ttyAMA0",
					    NULL, out, sizeof(out)), 0);
	assert_string_equal(out, want);
	assert_int_equal(kc_capture_cmdline_arch(KC_ARCH_COUNT, "ro", NULL,
						 out, sizeof(out)), -EINVAL);
	assert_string_equal(out, "");
}

static void append_overrides(void **st)
{
	(void)st;
	assert_int_equal(kc_capture_cmdline("root=/dev/vda console=tty0",
					    "nr_cpus=2 console=ttyS0 foo",
					    out, sizeof(out)), 0);
	assert_true(has_token(out, "nr_cpus=2"));
	assert_false(has_token(out, "nr_cpus=1"));
	assert_true(has_token(out, "console=ttyS0"));
	assert_false(has_token(out, "console=tty0"));
	assert_true(has_token(out, "foo"));
	assert_true(has_token(out, "root=/dev/vda"));
}

static void quotes(void **st)
{
	(void)st;
	assert_int_equal(kc_capture_cmdline(
		"root=/dev/vda \"dyndbg=file foo.c +p\" \"cma=64M\" x=\"a b\"",
		NULL, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "\"dyndbg=file foo.c +p\""));
	assert_non_null(strstr(out, "x=\"a b\""));
	assert_null(strstr(out, "cma=64M"));
	assert_int_equal(kc_capture_cmdline("root=/dev/vda \"unbalanced",
					    NULL, out, sizeof(out)), -EINVAL);
	assert_string_equal(out, "");
	assert_int_equal(kc_capture_cmdline("root=/dev/vda", "a=\"b",
					    out, sizeof(out)), -EINVAL);
}

static void control_chars(void **st)
{
	(void)st;
	assert_int_equal(kc_capture_cmdline("root=/dev/vda\x01", NULL, out,
					    sizeof(out)), -EINVAL);
	/* Blanks of every kind separate tokens (a trailing newline too). */
	assert_int_equal(kc_capture_cmdline("\troot=/dev/vda\n  ro\n", NULL,
					    out, sizeof(out)), 0);
	assert_true(has_token(out, "ro"));
}

static void too_long(void **st)
{
	static char big[8192];

	(void)st;
	memset(big, 'a', sizeof(big) - 1);
	assert_int_equal(kc_capture_cmdline(big, NULL, out, sizeof(out)),
			 -E2BIG);
	/* Fits alone, not with the options added (130 bytes on arm64). */
	memset(big, 0, sizeof(big));
	memset(big, 'a', 2000);
	assert_int_equal(kc_capture_cmdline(big, NULL, out, sizeof(out)),
			 -E2BIG);
	/* Fits the x86 limit exactly when shorter. */
	memset(big, 0, sizeof(big));
	memset(big, 'a', 1500);
	assert_int_equal(kc_capture_cmdline(big, NULL, out, sizeof(out)), 0);
	assert_true(strlen(out) < KC_CMDLINE_SIZE);
	/* Too many tokens. */
	memset(big, 0, sizeof(big));
	for (size_t i = 0; i < 1200; i++)
		strcat(big, "a ");
	assert_int_equal(kc_capture_cmdline(big, NULL, out, sizeof(out)),
			 -E2BIG);
	/* A tiny output buffer. */
	assert_int_equal(kc_capture_cmdline("root=/dev/vda", NULL, out, 4),
			 -E2BIG);
	assert_int_equal(kc_capture_cmdline("", NULL, out, 0), -E2BIG);
}

static void empty(void **st)
{
	(void)st;
	assert_int_equal(kc_capture_cmdline("", "", out, sizeof(out)), 0);
	assert_true(has_token(out, "irqpoll"));
	assert_int_equal(kc_capture_cmdline(NULL, NULL, out, sizeof(out)), 0);
}

static void cpus(void **st)
{
	(void)st;
	assert_int_equal(kc_cmdline_cpus("root=/dev/vda", 8), 8);
	assert_int_equal(kc_cmdline_cpus("nr_cpus=1", 8), 1);
	assert_int_equal(kc_cmdline_cpus("nr_cpus=4 nr_cpus=2", 8), 2);
	assert_int_equal(kc_cmdline_cpus("nr_cpus=2 nr_cpus=4", 8), 4);
	assert_int_equal(kc_cmdline_cpus("nr_cpus=16", 8), 8);
	assert_int_equal(kc_cmdline_cpus("maxcpus=0", 8), 1);
	assert_int_equal(kc_cmdline_cpus("nr_cpus=0", 8), 8);
	assert_int_equal(kc_cmdline_cpus("nr_cpus=x", 8), 8);
	assert_int_equal(kc_cmdline_cpus("nr_cpus=99999999999999999999999", 8),
			 8);
	assert_int_equal(kc_cmdline_cpus("nr_cpus= maxcpus=3", 8), 3);
	assert_int_equal(kc_cmdline_cpus("\"unbalanced", 8), 8);
	assert_int_equal(kc_cmdline_cpus("", 0), 1);
}

static void rootfs_tmpfs(void **st)
{
	(void)st;
	/* No root=: the initramfs goes into a tmpfs. */
	assert_true(kc_cmdline_rootfs_tmpfs("console=ttyS0 nr_cpus=1"));
	assert_true(kc_cmdline_rootfs_tmpfs(""));
	assert_true(kc_cmdline_rootfs_tmpfs("rootfstype=tmpfs"));
	/* An empty root= names no device, as in the kernel. */
	assert_true(kc_cmdline_rootfs_tmpfs("root= quiet"));
	/* root= or a rootfstype= without tmpfs: a ramfs, no cap. */
	assert_false(kc_cmdline_rootfs_tmpfs("root=/dev/vda rw"));
	assert_false(kc_cmdline_rootfs_tmpfs("\"root=UUID=1\" quiet"));
	assert_false(kc_cmdline_rootfs_tmpfs("rootfstype=ramfs"));
	/* Not fooled by look-alike keys. */
	assert_true(kc_cmdline_rootfs_tmpfs("rootwait rootdelay=3"));
}

/* initramfs_options=size= as mm/shmem.c takes it; the last one wins. */
static void initramfs_size(void **st)
{
	static const struct {
		const char *cmdline;
		int ret;
		uint64_t pct, bytes;
	} cases[] = {
		{ "console=ttyS0 nr_cpus=1", -ENOENT, 0, 0 },
		{ "initramfs_options=size=90%", 0, 90, 0 },
		{ "a initramfs_options=mode=0755,size=75% b", 0, 75, 0 },
		{ "initramfs_options=\"size=100%\"", 0, 100, 0 },
		{ "\"initramfs_options=size=60%\"", 0, 60, 0 },
		{ "initramfs_options=size=512M", 0, 0, 512ULL << 20 },
		{ "initramfs_options=size=2g,nr_inodes=0", 0, 0, 2ULL << 30 },
		{ "initramfs_options=size=50% initramfs_options=size=80%", 0,
		  80, 0 },
		{ "initramfs_options=nr_inodes=100", -ENOENT, 0, 0 },
		{ "initramfs_options=", -ENOENT, 0, 0 },
		{ "initramfs_options=size=0%", -EINVAL, 0, 0 },
		{ "initramfs_options=size=101%", -EINVAL, 0, 0 },
		{ "initramfs_options=size=%", -EINVAL, 0, 0 },
		{ "initramfs_options=size=9x", -EINVAL, 0, 0 },
		{ "initramfs_options=size=0", -EINVAL, 0, 0 },
		{ "initramfs_optionsx=size=90%", -ENOENT, 0, 0 },
	};
	uint64_t pct, bytes;
	size_t i;

	(void)st;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		pct = 7;
		bytes = 7;
		assert_int_equal(kc_cmdline_initramfs_size(cases[i].cmdline,
							   &pct, &bytes),
				 cases[i].ret);
		if (cases[i].ret)
			continue;
		assert_int_equal(pct, cases[i].pct);
		assert_int_equal(bytes, cases[i].bytes);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(drops_and_adds),
		cmocka_unit_test(arm64_drops_and_adds),
		cmocka_unit_test(native_arch),
		cmocka_unit_test(append_overrides),
		cmocka_unit_test(quotes),
		cmocka_unit_test(control_chars),
		cmocka_unit_test(too_long),
		cmocka_unit_test(empty),
		cmocka_unit_test(cpus),
		cmocka_unit_test(rootfs_tmpfs),
		cmocka_unit_test(initramfs_size),
	};

	return cmocka_run_group_tests_name("cmdline", tests, NULL, NULL);
}
