// SPDX-License-Identifier: GPL-2.0-only
/* /proc/iomem, /proc/meminfo and CPU list parsing. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "procfs.h"

static const char iomem_two[] =
"00000000-00000fff : Reserved\n"
"00001000-0009fbff : System RAM\n"
"000a0000-000bffff : PCI Bus 0000:00\n"
"00100000-bffdffff : System RAM\n"
"  01000000-01e00816 : Kernel code\n"
"  10000000-1fffffff : Crash kernel\n"
"fec00000-fec003ff : IOAPIC 0\n"
"100000000-23fffffff : System RAM\n"
"  220000000-23fffffff : Crash kernel\n";

static void iomem_ok(void **st)
{
	struct kc_iomem io;
	unsigned int bad = 0;

	(void)st;
	assert_int_equal(kc_parse_iomem(iomem_two, &io, &bad), 0);
	assert_int_equal(io.ncrash, 2);
	assert_int_equal(kc_range_size(&io.crash[0]), 256 << 20);
	assert_int_equal(kc_range_size(&io.crash[1]), 512 << 20);
	assert_int_equal(io.system_ram,
			 0x9ec00ULL + 0xbfee0000ULL + 0x140000000ULL);
}

/*
 * Linux 6.1 reads the main range in kexec_crash_size, 6.5 and later the
 * main range plus the low companion: the main size is the same on both.
 */
static void iomem_main_size(void **st)
{
	struct kc_iomem io;
	unsigned int bad = 0;

	(void)st;
	assert_int_equal(kc_parse_iomem(iomem_two, &io, &bad), 0);
	assert_int_equal(kc_iomem_main_size(&io, 768ULL << 20), 512ULL << 20);
	assert_int_equal(kc_iomem_main_size(&io, 512ULL << 20), 512ULL << 20);
	/* One range: the value read is the main size. */
	assert_int_equal(kc_parse_iomem("00100000-bffdffff : System RAM\n"
					"  10000000-1fffffff : Crash kernel\n",
					&io, &bad), 0);
	assert_int_equal(kc_iomem_main_size(&io, 256ULL << 20), 256ULL << 20);
	/* Zeroed addresses (unprivileged): no way to tell, keep the value. */
	assert_int_equal(kc_parse_iomem("00000000-00000000 : System RAM\n"
					"  00000000-00000000 : Crash kernel\n"
					"  00000000-00000000 : Crash kernel\n",
					&io, &bad), 0);
	assert_int_equal(kc_iomem_main_size(&io, 64ULL << 20), 64ULL << 20);
}

static void iomem_none(void **st)
{
	struct kc_iomem io;
	unsigned int bad;

	(void)st;
	assert_int_equal(kc_parse_iomem("", &io, &bad), 0);
	assert_int_equal(io.ncrash, 0);
	/* Unprivileged readers see zeros; still parses. */
	assert_int_equal(kc_parse_iomem("00000000-00000000 : System RAM\n"
					"  00000000-00000000 : Crash kernel\n",
					&io, &bad), 0);
	assert_int_equal(io.ncrash, 1);
	/* No trailing newline. */
	assert_int_equal(kc_parse_iomem("00000000-0000ffff : System RAM",
					&io, &bad), 0);
	assert_int_equal(io.system_ram, 0x10000);
}

static void iomem_bad(void **st)
{
	static const char *const bad_inputs[] = {
		"garbage\n",
		"00000000-00000fff Reserved\n",
		"00000000- : Reserved\n",
		"-00000fff : Reserved\n",
		"00001000-00000fff : System RAM\n",	/* end < start */
		"0000000g-00000fff : Reserved\n",
		"00000000-1ffffffffffffffff : System RAM\n", /* > 64 bit */
		"00000000-0000",				/* truncated */
	};
	struct kc_iomem io;
	unsigned int bad;
	size_t i;

	(void)st;
	for (i = 0; i < sizeof(bad_inputs) / sizeof(bad_inputs[0]); i++) {
		bad = 0;
		assert_true(kc_parse_iomem(bad_inputs[i], &io, &bad) < 0);
		assert_int_equal(bad, 1);
	}
	bad = 0;
	assert_true(kc_parse_iomem("00000000-00000fff : Reserved\nzz\n", &io,
				   &bad) < 0);
	assert_int_equal(bad, 2);
}

static void iomem_too_many_ranges(void **st)
{
	char buf[1024] = "";
	struct kc_iomem io;
	unsigned int bad, i;

	(void)st;
	for (i = 0; i < 5; i++)
		strcat(buf, "  10000000-1fffffff : Crash kernel\n");
	assert_int_equal(kc_parse_iomem(buf, &io, &bad), -E2BIG);
	assert_int_equal(bad, 5);
}

static void iomem_ram_overflow(void **st)
{
	struct kc_iomem io;
	unsigned int bad;

	(void)st;
	assert_int_equal(kc_parse_iomem(
		"0-fffffffffffffffe : System RAM\n"
		"0-fffffffffffffffe : System RAM\n", &io, &bad), -ERANGE);
	assert_int_equal(bad, 2);
}

static void meminfo_ok(void **st)
{
	struct kc_meminfo mi;
	unsigned int bad;

	(void)st;
	assert_int_equal(kc_parse_meminfo(
		"MemTotal:       16318496 kB\nMemFree:  100 kB\n"
		"CmaTotal:         524288 kB\nCmaFree:          458752 kB\n"
		"HugePages_Total:       0\n", &mi, &bad), 0);
	assert_int_equal(mi.mem_total, 16318496ULL << 10);
	assert_true(mi.has_cma);
	assert_int_equal(mi.cma_total, 512ULL << 20);
	assert_int_equal(mi.cma_free, 448ULL << 20);
	assert_int_equal(kc_parse_meminfo("MemTotal: 1 kB\n", &mi, &bad), 0);
	assert_false(mi.has_cma);
}

static void meminfo_bad(void **st)
{
	struct kc_meminfo mi;
	unsigned int bad;

	(void)st;
	assert_int_equal(kc_parse_meminfo("MemFree: 1 kB\n", &mi, &bad),
			 -ENODATA);
	assert_int_equal(kc_parse_meminfo("MemTotal: x kB\n", &mi, &bad),
			 -EINVAL);
	assert_int_equal(kc_parse_meminfo("MemTotal: 12\n", &mi, &bad),
			 -EINVAL);
	assert_int_equal(kc_parse_meminfo("MemTotal: 1 kB\nCmaFree:\n", &mi,
					  &bad), -EINVAL);
	assert_int_equal(bad, 2);
	assert_int_equal(kc_parse_meminfo("MemTotal: 1 kB\nno colon\n", &mi,
					  &bad), -EINVAL);
	assert_int_equal(kc_parse_meminfo(
		"MemTotal: 18446744073709551615 kB\n", &mi, &bad), -ERANGE);
	assert_int_equal(kc_parse_meminfo(
		"MemTotal: 99999999999999999999999999999999999 kB\n", &mi,
		&bad), -ERANGE);
	assert_int_equal(kc_parse_meminfo("", &mi, &bad), -ENODATA);
}

static void cpulist(void **st)
{
	uint64_t n;

	(void)st;
	assert_int_equal(kc_parse_cpulist("0\n", &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(kc_parse_cpulist("0-3,8,10-11\n", &n), 0);
	assert_int_equal(n, 7);
	assert_int_equal(kc_parse_cpulist("", &n), -EINVAL);
	assert_int_equal(kc_parse_cpulist("3-1", &n), -EINVAL);
	assert_int_equal(kc_parse_cpulist("a", &n), -EINVAL);
	assert_int_equal(kc_parse_cpulist("0,,1", &n), -EINVAL);
	assert_int_equal(kc_parse_cpulist("0-", &n), -EINVAL);
	assert_int_equal(kc_parse_cpulist("0-18446744073709551615", &n),
			 -ERANGE);
	assert_true(kc_parse_cpulist("0-99999999999999999999999999", &n) < 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(iomem_ok),
		cmocka_unit_test(iomem_main_size),
		cmocka_unit_test(iomem_none),
		cmocka_unit_test(iomem_bad),
		cmocka_unit_test(iomem_too_many_ranges),
		cmocka_unit_test(iomem_ram_overflow),
		cmocka_unit_test(meminfo_ok),
		cmocka_unit_test(meminfo_bad),
		cmocka_unit_test(cpulist),
	};

	return cmocka_run_group_tests_name("procfs", tests, NULL, NULL);
}
