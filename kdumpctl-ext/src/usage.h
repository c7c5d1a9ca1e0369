/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The command line's vocabulary: every option with its argument, the
 * configuration key it sets and its help line, every command with the
 * options that mean something for it, and the usage texts made from
 * them (kexeccma --help, kexeccma COMMAND --help, kexeccma help COMMAND).
 */
#ifndef KC_USAGE_H
#define KC_USAGE_H

#include <stdbool.h>
#include <stdio.h>

#include "cmd.h"

enum kc_opt {
	KC_OPT_SIZE, KC_OPT_KERNEL, KC_OPT_INITRD, KC_OPT_CMDLINE,
	KC_OPT_APPEND, KC_OPT_BACKEND, KC_OPT_FILE_LOAD, KC_OPT_NO_FILE_LOAD,
	KC_OPT_RETRIES, KC_OPT_MARGIN, KC_OPT_EXTRA, KC_OPT_LUKS_DEVICE,
	KC_OPT_NO_RECORDS, KC_OPT_LOCK_TIMEOUT,
	KC_OPT_CONFIG, KC_OPT_ROOT, KC_OPT_JSON, KC_OPT_QUIET, KC_OPT_HELP,
	KC_OPT_VERSION, KC_OPT_COUNT,
};

#define KC_OPT_BIT(o) (1U << (o))

struct kc_optdef {
	const char *name;	/* long name, without "--" */
	char short_name;	/* 0 for none */
	const char *arg;	/* the argument's name, NULL for none */
	const char *key;	/* configuration key it sets, or NULL */
	const char *value;	/* fixed value for key (flags), or NULL */
	const char *help;
};

extern const struct kc_optdef kc_optdefs[KC_OPT_COUNT];

struct kc_cmddef {
	const char *name;
	const char *summary;	/* one line, for the list of commands */
	unsigned int opts;	/* KC_OPT_BIT()s that mean something */
	bool changes;		/* changes state: must be run as root */
	int (*run)(struct kc_opts *o);
};

/* The command called name, or NULL. */
const struct kc_cmddef *kc_cmd_find(const char *name);
/* The usage of cmd (NULL: of kexeccma) on f. */
void kc_usage(FILE *f, const struct kc_cmddef *cmd);
/* "Try 'kexeccma [COMMAND] --help' for more information." on stderr. */
void kc_try_help(const struct kc_cmddef *cmd);

#endif
