// SPDX-License-Identifier: GPL-2.0-only
/* Command line parsing and dispatch. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "conf.h"
#include "util.h"

#ifndef KC_VERSION
#error "KC_VERSION must come from the VERSION file (see Makefile)"
#endif

#define KC_MAX_SETTINGS 32

static const char usage_text[] =
"Usage: kexeccma [OPTIONS] COMMAND\n"
"Size, allocate and arm a crash kernel in a crash CMA area.\n"
"\n"
"Commands:\n"
"  estimate   print the recommended crash area size and its breakdown\n"
"  start      allocate the area and load the crash kernel (rolls back on failure)\n"
"  stop       unload the crash kernel and free the area (idempotent)\n"
"  status     show mode, capacity, allocation, crash ranges, CMA, estimate\n"
"  allocate   only allocate the area, for a kdump service's ExecStartPre\n"
"  release    unload with kexec and free the area, for ExecStopPost\n"
"\n"
"Options:\n"
"  --size MiB|auto       area size (multiple of 16 MiB; K/M/G suffixes)\n"
"  --kernel FILE         crash kernel image\n"
"  --initrd FILE|none    crash initrd\n"
"  --cmdline STR         capture command line, used verbatim\n"
"  --append STR          add to the derived capture command line\n"
"  --backend NAME        auto, direct, kdumpctl or kdump-config\n"
"  --file-load           load with kexec_file_load (kexec -s)\n"
"  --no-file-load        load with kexec_load\n"
"  --retries N           allocation retries after the first attempt\n"
"  --margin PCT          estimate margin in percent\n"
"  --extra MiB           add this much to the estimate\n"
"  --lock-timeout S      wait this long for another kexeccma\n"
"  --config FILE         configuration file (default /etc/kexeccma.conf)\n"
"  --root DIR            resolve /sys, /proc, /run, /etc, /boot and programs\n"
"                        below DIR (tests; also KEXECCMA_ROOT)\n"
"  --json                machine-readable output on stdout\n"
"  -q, --quiet           no progress messages\n"
"  -h, --help            this text\n"
"  -V, --version         print the version\n";

enum {
	OPT_SIZE = 256, OPT_KERNEL, OPT_INITRD, OPT_CMDLINE, OPT_APPEND,
	OPT_BACKEND, OPT_FILE_LOAD, OPT_NO_FILE_LOAD, OPT_RETRIES, OPT_MARGIN,
	OPT_EXTRA, OPT_LOCK_TIMEOUT, OPT_CONFIG, OPT_ROOT, OPT_JSON,
};

static const struct option longopts[] = {
	{ "size", required_argument, NULL, OPT_SIZE },
	{ "kernel", required_argument, NULL, OPT_KERNEL },
	{ "initrd", required_argument, NULL, OPT_INITRD },
	{ "cmdline", required_argument, NULL, OPT_CMDLINE },
	{ "append", required_argument, NULL, OPT_APPEND },
	{ "backend", required_argument, NULL, OPT_BACKEND },
	{ "file-load", no_argument, NULL, OPT_FILE_LOAD },
	{ "no-file-load", no_argument, NULL, OPT_NO_FILE_LOAD },
	{ "retries", required_argument, NULL, OPT_RETRIES },
	{ "margin", required_argument, NULL, OPT_MARGIN },
	{ "extra", required_argument, NULL, OPT_EXTRA },
	{ "lock-timeout", required_argument, NULL, OPT_LOCK_TIMEOUT },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "root", required_argument, NULL, OPT_ROOT },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* "Exit codes: 0 ok, 1 failure, ..." from kc_exit_docs, wrapped. */
static void print_exit_codes(FILE *f)
{
	size_t col = 0;
	int i;

	fputs("\nExit codes:", f);
	col = strlen("Exit codes:");
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

struct setting {
	const char *key;
	const char *val;
};

static void on_signal(int sig)
{
	kc_interrupted = sig;
}

static void catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* Relative paths from the command line become absolute for the state. */
static const char *abs_path(const char *p, char *buf, size_t len)
{
	char cwd[KC_PATH_MAX];
	int n;

	if (p[0] == '/' || !strcmp(p, "none") || !p[0])
		return p;
	if (!getcwd(cwd, sizeof(cwd)))
		return p;
	n = snprintf(buf, len, "%s/%s", cwd, p);
	return n < 0 || (size_t)n >= len ? p : buf;
}

/*
 * The root prefix (--root, KEXECCMA_ROOT) is for tests; whoever could
 * write to it would choose what root reads, writes and runs.
 */
static int set_root(const char *root)
{
	if (root && root[0]) {
		int ret = kc_check_trusted_dir(root);

		if (ret) {
			kc_err("refusing root prefix %s: %s; it must be a directory owned by root and writable by nobody else",
			       root, ret == -EPERM ?
			       "it or a directory above it is owned or writable by a non-root user" :
			       strerror(-ret));
			return KC_EXIT_USAGE;
		}
	}
	if (kc_set_root(root)) {
		kc_err("root prefix too long: %.60s...", root);
		return KC_EXIT_USAGE;
	}
	return KC_EXIT_OK;
}

int kc_main(int argc, char *argv[])
{
	static char kbuf[KC_PATH_MAX], ibuf[KC_PATH_MAX];
	struct setting set[KC_MAX_SETTINGS];
	const char *config = NULL, *root = secure_getenv("KEXECCMA_ROOT");
	const char *cmd = NULL;
	struct kc_opts o;
	char why[512];
	size_t nset = 0, i;
	bool quiet = false;
	int c, ret;

	memset(&o, 0, sizeof(o));
	kc_interrupted = 0;
	opterr = 0;
	optind = 0;	/* glibc: full reinitialisation for repeated calls */
	while ((c = getopt_long(argc, argv, "qhV", longopts, NULL)) != -1) {
		const char *key = NULL, *val = optarg;

		switch (c) {
		case OPT_SIZE:
			key = "size";
			break;
		case OPT_KERNEL:
			key = "kernel";
			val = abs_path(optarg, kbuf, sizeof(kbuf));
			break;
		case OPT_INITRD:
			key = "initrd";
			val = abs_path(optarg, ibuf, sizeof(ibuf));
			break;
		case OPT_CMDLINE:
			key = "cmdline";
			break;
		case OPT_APPEND:
			key = "append";
			break;
		case OPT_BACKEND:
			key = "backend";
			o.backend_given = true;
			break;
		case OPT_FILE_LOAD:
			key = "file_load";
			val = "yes";
			break;
		case OPT_NO_FILE_LOAD:
			key = "file_load";
			val = "no";
			break;
		case OPT_RETRIES:
			key = "retries";
			break;
		case OPT_MARGIN:
			key = "margin";
			break;
		case OPT_EXTRA:
			key = "extra";
			break;
		case OPT_LOCK_TIMEOUT:
			key = "lock_timeout";
			break;
		case OPT_CONFIG:
			config = optarg;
			break;
		case OPT_ROOT:
			root = optarg;
			break;
		case OPT_JSON:
			o.json = true;
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			print_exit_codes(stdout);
			return KC_EXIT_OK;
		case 'V':
			printf("kexeccma %s\n", KC_VERSION);
			return KC_EXIT_OK;
		default:
			kc_err("unknown option or missing argument: %s; see kexeccma --help",
			       argv[optind - 1] ? argv[optind - 1] : "?");
			return KC_EXIT_USAGE;
		}
		if (key) {
			if (nset == KC_MAX_SETTINGS) {
				kc_err("too many options");
				return KC_EXIT_USAGE;
			}
			set[nset].key = key;
			set[nset++].val = val;
		}
	}
	if (optind < argc)
		cmd = argv[optind++];
	if (!cmd || optind < argc) {
		kc_err(cmd ? "unexpected argument \"%s\"; see kexeccma --help" :
		       "no command given%s; see kexeccma --help",
		       cmd ? argv[optind] : "");
		return KC_EXIT_USAGE;
	}
	kc_set_quiet(quiet);
	kc_set_mute(false);
	ret = set_root(root);
	if (ret)
		return ret;
	kc_conf_defaults(&o.conf);
	if (config) {
		ret = kc_conf_load(config, true, &o.conf);
	} else {
		char cfgpath[KC_PATH_MAX];

		ret = kc_path(cfgpath, sizeof(cfgpath), KC_CONF_PATH);
		if (!ret)
			ret = kc_conf_load(cfgpath, false, &o.conf);
	}
	if (ret)
		return KC_EXIT_CONFIG;
	for (i = 0; i < nset; i++) {
		if (kc_conf_set(&o.conf, set[i].key, set[i].val, why,
				sizeof(why))) {
			kc_err("option --%s: %s", set[i].key, why);
			return KC_EXIT_USAGE;
		}
	}
	catch_signals();
	if (!strcmp(cmd, "estimate"))
		return kc_cmd_estimate(&o);
	if (!strcmp(cmd, "start"))
		return kc_cmd_start(&o);
	if (!strcmp(cmd, "stop"))
		return kc_cmd_stop(&o);
	if (!strcmp(cmd, "status"))
		return kc_cmd_status(&o);
	if (!strcmp(cmd, "allocate"))
		return kc_cmd_allocate(&o);
	if (!strcmp(cmd, "release")) {
		o.conf.backend = KC_BACKEND_DIRECT;
		o.backend_given = true;
		return kc_cmd_stop(&o);
	}
	kc_err("unknown command \"%s\"; commands: estimate, start, stop, status, allocate, release",
	       cmd);
	return KC_EXIT_USAGE;
}
