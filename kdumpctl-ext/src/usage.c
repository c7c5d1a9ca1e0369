// SPDX-License-Identifier: GPL-2.0-only
#include "usage.h"

#include <ctype.h>
#include <string.h>

#include "util.h"

#define B(o) KC_OPT_BIT(KC_OPT_##o)
/* Every command takes these. */
#define COMMON (B(CONFIG) | B(ROOT) | B(JSON) | B(QUIET) | B(HELP) | \
		B(VERSION))
/* What decides the plan and its estimate. */
#define PLAN (B(KERNEL) | B(INITRD) | B(CMDLINE) | B(APPEND) | B(BACKEND) | \
	      B(MARGIN) | B(EXTRA) | B(LUKS_DEVICE) | B(NO_RECORDS))

const struct kc_optdef kc_optdefs[KC_OPT_COUNT] = {
	[KC_OPT_SIZE] = { "size", 0, "MiB|auto", "size", NULL,
		"area size (multiple of 16 MiB; K/M/G suffixes)" },
	[KC_OPT_KERNEL] = { "kernel", 0, "FILE", "kernel", NULL,
		"crash kernel image" },
	[KC_OPT_INITRD] = { "initrd", 0, "FILE|none", "initrd", NULL,
		"crash initrd" },
	[KC_OPT_CMDLINE] = { "cmdline", 0, "STR", "cmdline", NULL,
		"capture command line, used verbatim" },
	[KC_OPT_APPEND] = { "append", 0, "STR", "append", NULL,
		"add to the derived capture command line" },
	[KC_OPT_BACKEND] = { "backend", 0, "NAME", "backend", NULL,
		"auto, direct, kdumpctl or kdump-config" },
	[KC_OPT_FILE_LOAD] = { "file-load", 0, NULL, "file_load", "yes",
		"load with kexec_file_load (kexec -s)" },
	[KC_OPT_NO_FILE_LOAD] = { "no-file-load", 0, NULL, "file_load", "no",
		"load with kexec_load" },
	[KC_OPT_RETRIES] = { "retries", 0, "N", "retries", NULL,
		"allocation retries after the first attempt" },
	[KC_OPT_MARGIN] = { "margin", 0, "PCT", "margin", NULL,
		"estimate margin in percent" },
	[KC_OPT_EXTRA] = { "extra", 0, "MiB", "extra", NULL,
		"add this much to the estimate" },
	[KC_OPT_LUKS_DEVICE] = { "luks-device", 0, "DEV", "luks_device", NULL,
		"the encrypted dump target's LUKS device (argon2 memory)" },
	[KC_OPT_NO_RECORDS] = { "no-records", 0, NULL, "use_records", "no",
		"size from the model, not from the last capture's record" },
	[KC_OPT_LOCK_TIMEOUT] = { "lock-timeout", 0, "S", "lock_timeout", NULL,
		"wait this long for another kexeccma" },
	[KC_OPT_CONFIG] = { "config", 0, "FILE", NULL, NULL,
		"configuration file (default /etc/kexeccma.conf)" },
	[KC_OPT_ROOT] = { "root", 0, "DIR", NULL, NULL,
		"resolve system paths below DIR (tests; also KEXECCMA_ROOT)" },
	[KC_OPT_JSON] = { "json", 0, NULL, NULL, NULL,
		"one JSON object on stdout, also on failure" },
	[KC_OPT_QUIET] = { "quiet", 'q', NULL, NULL, NULL,
		"no progress messages" },
	[KC_OPT_HELP] = { "help", 'h', NULL, NULL, NULL,
		"this text" },
	[KC_OPT_VERSION] = { "version", 'V', NULL, NULL, NULL,
		"print the version" },
};

static int run_release(struct kc_opts *o)
{
	/* stop without the front end, for ExecStopPost. */
	o->conf.backend = KC_BACKEND_DIRECT;
	o->backend_given = true;
	return kc_cmd_stop(o);
}

static const struct kc_cmddef cmddefs[] = {
	{ "estimate", "print the recommended crash area size and its breakdown",
	  COMMON | PLAN, false, kc_cmd_estimate },
	{ "start", "allocate the area and load the crash kernel (undone on failure)",
	  COMMON | PLAN | B(SIZE) | B(FILE_LOAD) | B(NO_FILE_LOAD) |
	  B(RETRIES) | B(LOCK_TIMEOUT), true, kc_cmd_start },
	{ "stop", "unload the crash kernel and free the area (idempotent)",
	  COMMON | B(BACKEND) | B(LOCK_TIMEOUT), true, kc_cmd_stop },
	{ "status", "show mode, capacity, allocation, crash ranges, CMA, estimate",
	  COMMON | PLAN, false, kc_cmd_status },
	{ "allocate", "only allocate the area, for a kdump service's ExecStartPre",
	  COMMON | PLAN | B(SIZE) | B(RETRIES) | B(LOCK_TIMEOUT), true,
	  kc_cmd_allocate },
	{ "release", "unload with kexec and free the area, for ExecStopPost",
	  COMMON | B(LOCK_TIMEOUT), true, run_release },
	{ "help", "show the usage of kexeccma or of a command",
	  COMMON, false, NULL },
};

const struct kc_cmddef *kc_cmd_find(const char *name)
{
	size_t i;

	for (i = 0; i < KC_ARRAY_SIZE(cmddefs); i++)
		if (!strcmp(cmddefs[i].name, name))
			return &cmddefs[i];
	return NULL;
}

static void print_opt(FILE *f, const struct kc_optdef *d)
{
	char spec[48];
	int n;

	if (d->short_name)
		n = snprintf(spec, sizeof(spec), "-%c, --%s", d->short_name,
			     d->name);
	else
		n = snprintf(spec, sizeof(spec), "--%s", d->name);
	if (d->arg && n > 0 && (size_t)n < sizeof(spec))
		snprintf(spec + n, sizeof(spec) - (size_t)n, " %s", d->arg);
	fprintf(f, "  %-22s%s\n", spec, d->help);
}

static void print_opts(FILE *f, unsigned int mask)
{
	size_t i;

	for (i = 0; i < KC_OPT_COUNT; i++)
		if (mask & KC_OPT_BIT(i))
			print_opt(f, &kc_optdefs[i]);
}

/* "Exit codes: 0 ok, 1 failure, ..." from kc_exit_docs, wrapped. */
static void print_exit_codes(FILE *f)
{
	size_t col = strlen("Exit codes:");
	int i;

	fputs("\nExit codes:", f);
	for (i = 0; i <= KC_EXIT_MAX; i++) {
		char item[96];
		int n = snprintf(item, sizeof(item), "%d %s%s", i,
				 kc_exit_docs[i].brief,
				 i < KC_EXIT_MAX ? "," : ".");

		if (n < 0)
			continue;
		if (col + 1 + (size_t)n > 76) {
			fputc('\n', f);
			col = 0;
		} else {
			fputc(' ', f);
			col++;
		}
		fputs(item, f);
		col += (size_t)n;
	}
	fputs(" See kexeccma(8).\n", f);
}

void kc_usage(FILE *f, const struct kc_cmddef *cmd)
{
	size_t i;

	if (cmd && cmd->run) {
		fprintf(f, "Usage: kexeccma %s [OPTIONS]\n%c%s.\n\nOptions:\n",
			cmd->name, toupper((unsigned char)cmd->summary[0]),
			cmd->summary + 1);
		print_opts(f, cmd->opts);
		return;
	}
	fputs("Usage: kexeccma [OPTIONS] COMMAND [OPTIONS]\n"
	      "Size, allocate and arm a crash kernel in a crash CMA area.\n"
	      "\nCommands:\n", f);
	for (i = 0; i < KC_ARRAY_SIZE(cmddefs); i++)
		fprintf(f, "  %-10s %s\n", cmddefs[i].name, cmddefs[i].summary);
	fputs("\nOptions of every command:\n", f);
	print_opts(f, COMMON);
	fputs("\nRun 'kexeccma help COMMAND' or 'kexeccma COMMAND --help' for the options of a command.\n",
	      f);
	print_exit_codes(f);
}

void kc_try_help(const struct kc_cmddef *cmd)
{
	fprintf(stderr, "Try 'kexeccma %s%s--help' for more information.\n",
		cmd && cmd->run ? cmd->name : "", cmd && cmd->run ? " " : "");
}
