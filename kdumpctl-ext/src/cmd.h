/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The commands, one file each (cmd_estimate.c, cmd_status.c, cmd_start.c
 * for start and allocate, cmd_stop.c for stop and release, which is stop
 * with --backend direct), and kc_main() in cli.c; usage.c knows which
 * options each takes. A command returns its exit code (enum kc_exit).
 */
#ifndef KC_CMD_H
#define KC_CMD_H

#include <stdbool.h>

#include "conf.h"

struct kc_opts {
	struct kc_conf conf;
	bool json;
	bool backend_given;	/* --backend on the command line */
};

int kc_cmd_estimate(struct kc_opts *o);
int kc_cmd_start(struct kc_opts *o);
int kc_cmd_stop(struct kc_opts *o);
int kc_cmd_status(struct kc_opts *o);
/* Only allocate (for a front end's ExecStartPre); no-op if loaded. */
int kc_cmd_allocate(struct kc_opts *o);

/* kexeccma's main(), returning the exit code; main.c calls it. */
int kc_main(int argc, char *argv[]);

#endif
