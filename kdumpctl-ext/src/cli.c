// SPDX-License-Identifier: GPL-2.0-only
/*
 * The command line, parsed as util-linux tools parse theirs: options may
 * come before or after the command; an unknown option, a missing argument
 * and an option that means nothing for the command each get their own
 * line naming the option as typed, then "Try 'kexeccma COMMAND --help'".
 * Then the configuration, the signals and the command.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "conf.h"
#include "output.h"
#include "usage.h"
#include "util.h"

#ifndef KC_VERSION
#error "KC_VERSION must come from the VERSION file (see Makefile)"
#endif

#define KC_MAX_SETTINGS 32

/* One option as given, in order. */
struct given {
	enum kc_opt id;
	bool as_short;		/* typed as -q rather than --quiet */
	const char *val;
};

struct cli {
	struct given opt[KC_MAX_SETTINGS];
	size_t n;
	unsigned int seen;	/* KC_OPT_BIT()s */
	const char *cmd_name;
	const char *help_topic;	/* kexeccma help TOPIC */
	const struct kc_cmddef *cmd;
	bool json;
	const char *err;	/* the first bad option's message... */
	char err_arg[80];	/* ...and the option, reported once the
				 * command (for the "Try" line) is known */
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

/* A usage error: one line, the "Try" line, and the JSON object. */
static int usage_error(const struct cli *c, const char *fmt, const char *arg)
{
	kc_err(fmt, arg);
	kc_try_help(c->cmd);
	return kc_json_failure(c->json, KC_EXIT_USAGE);
}

/* How an option was typed, for messages: "-q" or "--quiet". */
static const char *opt_name(const struct given *g, char *buf, size_t len)
{
	const struct kc_optdef *d = &kc_optdefs[g->id];

	if (g->as_short)
		snprintf(buf, len, "-%c", d->short_name);
	else
		snprintf(buf, len, "--%s", d->name);
	return buf;
}

/* getopt_long's table, made from kc_optdefs: val is 256 + the id. */
static void make_longopts(struct option *lo, char *shorts, size_t slen)
{
	size_t i, s = 0;

	shorts[s++] = ':';	/* ':' for a missing argument, '?' unknown */
	for (i = 0; i < KC_OPT_COUNT; i++) {
		const struct kc_optdef *d = &kc_optdefs[i];

		lo[i].name = d->name;
		lo[i].has_arg = d->arg ? required_argument : no_argument;
		lo[i].flag = NULL;
		lo[i].val = 256 + (int)i;
		if (d->short_name && s + 1 < slen)
			shorts[s++] = d->short_name;
	}
	memset(&lo[KC_OPT_COUNT], 0, sizeof(lo[KC_OPT_COUNT]));
	shorts[s] = '\0';
}

static int short_to_id(int ch)
{
	size_t i;

	for (i = 0; i < KC_OPT_COUNT; i++)
		if (kc_optdefs[i].short_name == ch)
			return (int)i;
	return -1;
}

/* getopt_long's '?' and ':', kept to be reported with the command. */
static void bad_option(struct cli *c, int ch, const char *arg)
{
	int id = optopt >= 256 ? optopt - 256 : short_to_id(optopt);

	if (c->err)
		return;
	if (id >= 0 && (ch == ':' || optopt >= 256)) {
		struct given g = { (enum kc_opt)id, optopt < 256, NULL };

		c->err = ch == ':' ? "option '%s' requires an argument" :
			 "option '%s' does not take an argument";
		opt_name(&g, c->err_arg, sizeof(c->err_arg));
	} else if (optopt) {
		c->err = "invalid option -- '%s'";
		snprintf(c->err_arg, sizeof(c->err_arg), "%c", optopt);
	} else {
		/* An unknown long option: as typed, without "=value". */
		c->err = "unrecognized option '%s'";
		snprintf(c->err_arg, sizeof(c->err_arg), "%.*s",
			 (int)strcspn(arg, "="), arg);
	}
}

/* Options and words; the command is the first word. */
static int parse_args(struct cli *c, int argc, char *argv[])
{
	struct option lo[KC_OPT_COUNT + 1];
	char shorts[16];

	make_longopts(lo, shorts, sizeof(shorts));
	opterr = 0;
	optind = 0;	/* glibc: full reinitialisation for repeated calls */
	for (;;) {
		int li = -1;
		int ch = getopt_long(argc, argv, shorts, lo, &li);

		if (ch == -1)
			break;
		if (ch == '?' || ch == ':') {
			bad_option(c, ch, argv[optind - 1]);
			continue;
		}
		if (c->n == KC_MAX_SETTINGS) {
			if (!c->err)
				c->err = "more than 32 options%s";
			continue;
		}
		c->opt[c->n].id = ch >= 256 ? (enum kc_opt)(ch - 256) :
				  (enum kc_opt)short_to_id(ch);
		c->opt[c->n].as_short = li < 0;
		c->opt[c->n].val = optarg;
		c->seen |= KC_OPT_BIT(c->opt[c->n].id);
		c->json |= c->opt[c->n].id == KC_OPT_JSON;
		c->n++;
	}
	if (optind < argc)
		c->cmd_name = argv[optind++];
	if (c->cmd_name && !strcmp(c->cmd_name, "help") && optind < argc)
		c->help_topic = argv[optind++];
	/* For the "Try" line; an unknown command is reported later. */
	c->cmd = c->cmd_name ? kc_cmd_find(c->cmd_name) : NULL;
	if (c->err)
		return usage_error(c, c->err, c->err_arg);
	if (optind < argc)
		return usage_error(c, "unexpected argument '%s'", argv[optind]);
	return KC_EXIT_OK;
}

/* The command, and only options that mean something for it. */
static int check_command(struct cli *c)
{
	char name[40], msg[120];
	size_t i;

	if (!c->cmd_name) {
		if (c->seen & (KC_OPT_BIT(KC_OPT_HELP) |
			       KC_OPT_BIT(KC_OPT_VERSION)))
			return KC_EXIT_OK;
		return usage_error(c, "no command given%s", "");
	}
	c->cmd = kc_cmd_find(c->cmd_name);
	if (!c->cmd)
		return usage_error(c, "unknown command '%s'", c->cmd_name);
	if (c->help_topic && !kc_cmd_find(c->help_topic))
		return usage_error(c, "unknown command '%s'", c->help_topic);
	for (i = 0; i < c->n; i++) {
		if (c->cmd->opts & KC_OPT_BIT(c->opt[i].id))
			continue;
		snprintf(msg, sizeof(msg), "option '%s' does not apply to %s",
			 opt_name(&c->opt[i], name, sizeof(name)),
			 c->cmd->name);
		return usage_error(c, "%s", msg);
	}
	return KC_EXIT_OK;
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
static int set_root(const struct cli *c, const char *root)
{
	if (root && root[0]) {
		int ret = kc_check_trusted_dir(root);

		if (ret) {
			kc_err("refusing root prefix %s: %s; it must be a directory owned by root and writable by nobody else",
			       root, ret == -EPERM ?
			       "it or a directory above it is owned or writable by a non-root user" :
			       strerror(-ret));
			return kc_json_failure(c->json, KC_EXIT_USAGE);
		}
	}
	if (kc_set_root(root)) {
		kc_err("root prefix too long: %.60s...", root);
		return kc_json_failure(c->json, KC_EXIT_USAGE);
	}
	return KC_EXIT_OK;
}

/* One option into the configuration; errors name it as typed. */
static int apply(const struct cli *c, const struct given *g,
		 struct kc_opts *o)
{
	const struct kc_optdef *d = &kc_optdefs[g->id];
	const char *val = d->value ? d->value : g->val;
	char why[512], name[40];
	size_t klen = strlen(d->key);
	int ret;

	if (g->id == KC_OPT_KERNEL || g->id == KC_OPT_INITRD ||
	    g->id == KC_OPT_LUKS_DEVICE) {
		char pbuf[KC_PATH_MAX];

		ret = kc_conf_set(&o->conf, d->key,
				  abs_path(val, pbuf, sizeof(pbuf)), why,
				  sizeof(why));
	} else {
		ret = kc_conf_set(&o->conf, d->key, val, why, sizeof(why));
	}
	if (!ret)
		return KC_EXIT_OK;
	opt_name(g, name, sizeof(name));
	/* The reason starts with the key: say the option instead. */
	if (!strncmp(why, d->key, klen))
		kc_err("%s%s", name, why + klen);
	else
		kc_err("option '%s': %s", name, why);
	kc_try_help(c->cmd);
	return kc_json_failure(c->json, KC_EXIT_USAGE);
}

/* The configuration file, then the options over it. */
static int configure(const struct cli *c, struct kc_opts *o)
{
	const char *config = NULL;
	size_t i;
	int ret;

	for (i = 0; i < c->n; i++)
		if (c->opt[i].id == KC_OPT_CONFIG)
			config = c->opt[i].val;
	kc_conf_defaults(&o->conf);
	if (config) {
		ret = kc_conf_load(config, true, &o->conf);
	} else {
		char cfgpath[KC_PATH_MAX];

		ret = kc_path(cfgpath, sizeof(cfgpath), KC_CONF_PATH) ? -1 :
		      kc_conf_load(cfgpath, false, &o->conf);
	}
	if (ret)
		return kc_json_failure(c->json, KC_EXIT_CONFIG);
	for (i = 0; i < c->n; i++) {
		const struct given *g = &c->opt[i];

		if (!kc_optdefs[g->id].key)
			continue;
		o->backend_given |= g->id == KC_OPT_BACKEND;
		ret = apply(c, g, o);
		if (ret)
			return ret;
	}
	return KC_EXIT_OK;
}

/* --help, help [COMMAND] and --version: print and succeed. */
static bool informational(const struct cli *c)
{
	if (c->cmd_name && !strcmp(c->cmd_name, "help")) {
		kc_usage(stdout, c->help_topic ? kc_cmd_find(c->help_topic) :
			 NULL);
		return true;
	}
	if (c->seen & KC_OPT_BIT(KC_OPT_HELP)) {
		kc_usage(stdout, c->cmd);
		return true;
	}
	if (c->seen & KC_OPT_BIT(KC_OPT_VERSION)) {
		printf("kexeccma %s\n", KC_VERSION);
		return true;
	}
	return false;
}

/* The root prefix, the right to change state, the configuration. */
static int prepare(const struct cli *c, struct kc_opts *o)
{
	const char *root = secure_getenv("KEXECCMA_ROOT");
	size_t i;
	int ret;

	for (i = 0; i < c->n; i++)
		if (c->opt[i].id == KC_OPT_ROOT)
			root = c->opt[i].val;
	ret = set_root(c, root);
	if (ret)
		return ret;
	/* A root prefix is a test's own tree: no root needed there. */
	if (c->cmd->changes && geteuid() != 0 && !kc_root()[0]) {
		kc_err("kexeccma %s must be run as root", c->cmd->name);
		return kc_json_failure(c->json, KC_EXIT_FAIL);
	}
	memset(o, 0, sizeof(*o));
	o->json = c->json;
	return configure(c, o);
}

int kc_main(int argc, char *argv[])
{
	struct kc_opts o;
	struct cli c;
	int ret;

	memset(&c, 0, sizeof(c));
	kc_interrupted = 0;
	kc_set_mute(false);
	kc_set_quiet(false);
	ret = parse_args(&c, argc, argv);
	if (!ret)
		ret = check_command(&c);
	if (ret || informational(&c))
		return ret;
	if (!c.cmd || !c.cmd->run)	/* check_command() saw to it */
		return KC_EXIT_USAGE;
	kc_set_quiet(c.seen & KC_OPT_BIT(KC_OPT_QUIET));
	ret = prepare(&c, &o);
	if (ret)
		return ret;
	catch_signals();
	return c.cmd->run(&o);
}
