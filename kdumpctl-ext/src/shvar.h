/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Plain shell assignments in the front ends' configuration fragments,
 * /etc/default/kdump-tools and /etc/sysconfig/kdump. Both are sourced by
 * a shell; the helper never runs one to evaluate them. Only a line that
 * is NAME=value (blanks before it and after the value allowed, one pair
 * of matching quotes around the value removed) is understood, and the
 * last assignment wins, as in sh.
 */
#ifndef KC_SHVAR_H
#define KC_SHVAR_H

#include <stddef.h>

/*
 * The value of var in the file abs (below the root prefix). Returns 1
 * when it is set, 0 when not or when the file cannot be read, and
 * -ENAMETOOLONG when the value does not fit len.
 */
int kc_shell_var(const char *abs, const char *var, char *out, size_t len);

#endif
