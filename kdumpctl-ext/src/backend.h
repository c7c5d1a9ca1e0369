/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Who loads the crash kernel: kexec itself ("direct"), Fedora's kdumpctl
 * or Debian's kdump-config, and which kernel and initrd each would load.
 */
#ifndef KC_BACKEND_H
#define KC_BACKEND_H

#include <stdbool.h>
#include <stddef.h>

#include "conf.h"

/* A front end installed below the root wins; else direct. */
enum kc_backend kc_backend_detect(void);

/*
 * The release whose kernel and initrd kdumpctl loads: KDUMP_KERNELVER
 * from /etc/sysconfig/kdump, for backend kdumpctl and for direct when
 * kdumpctl is installed (kc_default_initrd() then takes its initrd).
 * Returns 1 with kver replaced when it is set, 0 when kver stays (unset,
 * empty, another backend), -EINVAL when the value has a '/' or a control
 * character, -ENAMETOOLONG when it does not fit len.
 */
#define KC_KDUMPCTL_SYSCONFIG "/etc/sysconfig/kdump"
int kc_frontend_kver(enum kc_backend b, char *kver, size_t len);

/*
 * Default kernel and initrd for backend b and kernel release kver: the
 * files the front end would load, else the running kernel's. Paths come
 * back with the root prefix applied. *provisional is set when the front
 * end's own initrd does not exist yet and the system initrd stands in.
 * initrd is "" (and *none true) when the front end loads no initrd.
 */
int kc_default_kernel(enum kc_backend b, const char *kver, char *out,
		      size_t len);
int kc_default_initrd(enum kc_backend b, const char *kver, char *out,
		      size_t len, bool *none, bool *provisional);

/*
 * kdump-config passes the first kernel's cma= through to the capture
 * kernel, which would then try to carve a CMA area out of the crash
 * area. True when proc_cmdline has cma= and KDUMP_CMDLINE_APPEND in
 * /etc/default/kdump-tools does not set cma=0.
 */
bool kc_kdump_tools_passes_cma(const char *proc_cmdline);

/*
 * What front end b adds to the capture kernel's command line: kdumpctl's
 * KDUMP_COMMANDLINE_APPEND (/etc/sysconfig/kdump), kdump-config's
 * KDUMP_CMDLINE_APPEND (/etc/default/kdump-tools, else the service's
 * environment); "" for direct, whose command line the helper builds.
 * Returns 0, or -errno when the file cannot be read (out is then "").
 */
int kc_frontend_append(enum kc_backend b, char *out, size_t len);

/* kexec_file_load when the kernel is locked down, else kexec_load. */
bool kc_file_load_auto(void);

/* Load with kexec -p; returns 0 or prints one line and returns < 0. */
int kc_load_direct(const char *kernel, const char *initrd,
		   const char *cmdline, bool file_load);
int kc_unload_direct(bool file_load);
/*
 * The program that will load for b is installed and trusted: checked
 * before anything is allocated, so that a start that cannot load changes
 * nothing. Returns 0 or prints one line and returns < 0.
 */
int kc_loader_check(enum kc_backend b);
/* Run the front end's start/load or stop/unload. */
int kc_frontend(enum kc_backend b, bool load);

#endif
