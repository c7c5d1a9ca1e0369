/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Lines and blanks of the helper's own key=value files: the configuration
 * file, the state file and capture records.
 */
#ifndef KC_TEXT_H
#define KC_TEXT_H

#include <stddef.h>

/*
 * Copy the line at *text (up to, not including, its newline) into buf of
 * len bytes and move *text past it. Returns 1 for a line, 0 at the end
 * of the text, -E2BIG for a line of len bytes or more (buf is then "").
 */
int kc_next_line(const char **text, char *buf, size_t len);
/* s without leading blanks and tabs, cut before trailing ones and a CR. */
char *kc_trim(char *s);

#endif
