/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the last successful start loaded, in /run/kexeccma.state (0600,
 * never followed through a symlink, replaced atomically). It makes a
 * repeated start with nothing changed a no-op and tells stop which front
 * end to use. The kernel's own files stay the truth for what is loaded
 * and allocated: a missing or stale state file only costs a reload.
 */
#ifndef KC_STATE_H
#define KC_STATE_H

#include <stdbool.h>
#include <stdint.h>

#include "cmdline.h"
#include "util.h"

#define KC_STATE_DIR "/run"
#define KC_STATE_NAME "kexeccma.state"
#define KC_STATE_PATH KC_STATE_DIR "/" KC_STATE_NAME
#define KC_FILE_ID_LEN 96

/*
 * The same text, kept where it survives a crash: the capture copies the
 * backend and the files' identities from it into its record beside the
 * dump (record.h), which tells later starts whether the capture measured
 * what they would arm. No secrets in it: 0644, directory 0755. The
 * next arm replaces it; stop removes it, so that a capture of kdump armed
 * without kexeccma (a classic reservation) is not taken for one of ours.
 */
#define KC_ARMED_PARENT "/var/lib"
#define KC_ARMED_DIR_NAME "kexeccma"
#define KC_ARMED_DIR KC_ARMED_PARENT "/" KC_ARMED_DIR_NAME
#define KC_ARMED_NAME "armed"
#define KC_ARMED_PATH KC_ARMED_DIR "/" KC_ARMED_NAME

struct kc_state {
	char backend[32];
	uint64_t size_mib;
	char kernel[KC_PATH_MAX];
	char kernel_id[KC_FILE_ID_LEN];
	char initrd[KC_PATH_MAX];
	char initrd_id[KC_FILE_ID_LEN];
	char cmdline[KC_CMDLINE_SIZE];
	bool file_load;
	uint64_t cma_free_before;	/* bytes, before allocating */
};

/* "size:mtime" of a file, or "none" for an empty path. */
int kc_file_id(const char *path, char *id, size_t len);
/* Parse state text; -EINVAL on anything unexpected. */
int kc_state_parse(const char *text, struct kc_state *s);
/* 0, -ENOENT when there is none, -errno otherwise. */
int kc_state_read(struct kc_state *s);
int kc_state_write(const struct kc_state *s);
/* Write s to KC_ARMED_PATH, creating its directory; 0 or -errno. */
int kc_armed_write(const struct kc_state *s);
/* Nothing is armed: remove the state file and the arm file. */
int kc_state_remove(void);
/* Same request: same size, files (by identity), command line, mode. */
bool kc_state_same(const struct kc_state *a, const struct kc_state *b);

#endif
