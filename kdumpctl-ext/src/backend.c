// SPDX-License-Identifier: GPL-2.0-only
#include "backend.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run.h"
#include "shvar.h"
#include "util.h"

#define KDUMP_TOOLS_DEFAULTS "/etc/default/kdump-tools"

static bool have_prog(const char *name)
{
	char p[KC_PATH_MAX];

	return kc_find_prog(name, p, sizeof(p)) == 0;
}

enum kc_backend kc_backend_detect(void)
{
	if (have_prog("kdumpctl"))
		return KC_BACKEND_KDUMPCTL;
	if (have_prog("kdump-config"))
		return KC_BACKEND_KDUMP_CONFIG;
	return KC_BACKEND_DIRECT;
}

/* First existing file among rooted candidates, formatted with kver. */
static int first_existing(const char *const *cands, size_t n,
			  const char *kver, char *out, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char abs[KC_PATH_MAX];

		snprintf(abs, sizeof(abs), cands[i], kver);
		if (kc_path(out, len, abs))
			return -ENAMETOOLONG;
		if (access(out, R_OK) == 0)
			return 0;
	}
	out[0] = '\0';
	return -ENOENT;
}

/* KDUMP_KERNEL=, KDUMP_INITRD=... from /etc/default/kdump-tools. */
static int kdump_tools_var(const char *var, char *out, size_t len)
{
	return kc_shell_var(KDUMP_TOOLS_DEFAULTS, var, out, len);
}

int kc_frontend_kver(enum kc_backend b, char *kver, size_t len)
{
	char v[256];
	size_t i;
	int r;

	if (b != KC_BACKEND_KDUMPCTL &&
	    !(b == KC_BACKEND_DIRECT && have_prog("kdumpctl")))
		return 0;
	r = kc_shell_var(KC_KDUMPCTL_SYSCONFIG, "KDUMP_KERNELVER", v,
			 sizeof(v));
	if (r == 1 && !v[0])
		r = 0;	/* kdumpctl: empty means the running release */
	if (r <= 0)
		return r;
	/* It becomes part of a path: /boot/vmlinuz-<it>. */
	for (i = 0; v[i]; i++)
		if (v[i] == '/' || (unsigned char)v[i] < 0x20 || v[i] == 0x7f)
			return -EINVAL;
	if (strlen(v) >= len)
		return -ENAMETOOLONG;
	memcpy(kver, v, strlen(v) + 1);
	return 1;
}

int kc_default_kernel(enum kc_backend b, const char *kver, char *out,
		      size_t len)
{
	static const char *const kt[] = {
		"/var/lib/kdump/vmlinuz", "/boot/vmlinuz-%s", "/vmlinuz",
	};
	static const char *const std[] = {
		"/boot/vmlinuz-%s", "/vmlinuz",
	};
	char v[KC_PATH_MAX];

	if (b == KC_BACKEND_KDUMP_CONFIG &&
	    kdump_tools_var("KDUMP_KERNEL", v, sizeof(v)) == 1 && v[0] == '/')
		return kc_path(out, len, v);
	if (b == KC_BACKEND_KDUMP_CONFIG)
		return first_existing(kt, 3, kver, out, len);
	return first_existing(std, 2, kver, out, len);
}

int kc_default_initrd(enum kc_backend b, const char *kver, char *out,
		      size_t len, bool *none, bool *provisional)
{
	/* kdumpctl builds its own initrd; where depends on /boot. */
	static const char *const fedora[] = {
		"/boot/initramfs-%skdump.img",
		"/var/lib/kdump/initramfs-%skdump.img",
	};
	static const char *const debian[] = {
		"/var/lib/kdump/initrd.img-%s", "/var/lib/kdump/initrd.img",
	};
	static const char *const std[] = {
		"/boot/initrd.img-%s", "/boot/initramfs-%s.img", "/initrd.img",
	};
	*none = false;
	*provisional = false;
	if (b == KC_BACKEND_KDUMP_CONFIG) {
		char v[KC_PATH_MAX];
		int r = kdump_tools_var("KDUMP_INITRD", v, sizeof(v));

		if (r == 1 && v[0] == '\0') {
			/* KDUMP_INITRD= (empty): kdump-config loads none. */
			*none = true;
			out[0] = '\0';
			return 0;
		}
		if (r == 1 && v[0] == '/') {
			int ret = kc_path(out, len, v);

			if (ret || access(out, R_OK) == 0)
				return ret;
			/*
			 * kdump-config load builds a missing initrd (its
			 * kernel hook) before it loads: size from the
			 * system's until then.
			 */
			*provisional = true;
			return first_existing(std, 3, kver, out, len);
		}
	}
	if (b == KC_BACKEND_KDUMPCTL || (b == KC_BACKEND_DIRECT &&
					 have_prog("kdumpctl"))) {
		if (!first_existing(fedora, 2, kver, out, len))
			return 0;
		*provisional = b == KC_BACKEND_KDUMPCTL;
	}
	if (b == KC_BACKEND_KDUMP_CONFIG || (b == KC_BACKEND_DIRECT &&
					     have_prog("kdump-config"))) {
		if (!first_existing(debian, 2, kver, out, len))
			return 0;
		*provisional = b == KC_BACKEND_KDUMP_CONFIG;
	}
	return first_existing(std, 3, kver, out, len);
}

/* A blank-separated token starting with prefix (e.g. "cma="). */
static bool has_token(const char *s, const char *tok, bool prefix)
{
	size_t n = strlen(tok);
	const char *p = s;

	while ((p = strstr(p, tok)) != NULL) {
		if ((p == s || p[-1] == ' ' || p[-1] == '"') &&
		    (prefix || p[n] == '\0' || p[n] == ' ' || p[n] == '"'))
			return true;
		p++;
	}
	return false;
}

/*
 * KDUMP_CMDLINE_APPEND as kdump-config sees it: it sources the defaults
 * file over its environment, so a value there wins; otherwise it sees
 * the one the service unit set. Returns 1 with out set, 0 when neither
 * has one (out is ""), or -ENAMETOOLONG when the file's value does not
 * fit (out then holds the environment's value, if any).
 */
static int kdump_tools_append(char *out, size_t len)
{
	const char *env;
	int r = kdump_tools_var("KDUMP_CMDLINE_APPEND", out, len);

	if (r == 1)
		return 1;
	env = secure_getenv("KDUMP_CMDLINE_APPEND");
	snprintf(out, len, "%s", env ? env : "");
	return env && r == 0 ? 1 : r;
}

bool kc_kdump_tools_passes_cma(const char *proc_cmdline)
{
	char v[KC_PATH_MAX];

	if (!proc_cmdline || !has_token(proc_cmdline, "cma=", true))
		return false;
	kdump_tools_append(v, sizeof(v));
	return !has_token(v, "cma=0", false);
}

int kc_frontend_append(enum kc_backend b, char *out, size_t len)
{
	int r = 0;

	out[0] = '\0';
	if (b == KC_BACKEND_KDUMPCTL)
		r = kc_shell_var(KC_KDUMPCTL_SYSCONFIG,
				 "KDUMP_COMMANDLINE_APPEND", out, len);
	else if (b == KC_BACKEND_KDUMP_CONFIG)
		r = kdump_tools_append(out, len);
	if (r < 0)
		out[0] = '\0';
	return r < 0 ? r : 0;
}

bool kc_file_load_auto(void)
{
	bool locked = false;
	char *t;

	/* "none [integrity] confidentiality" */
	if (kc_read_rooted("/sys/kernel/security/lockdown", 4096, &t, NULL))
		return false;
	locked = strstr(t, "[integrity]") || strstr(t, "[confidentiality]");
	free(t);
	return locked;
}

/* kc_find_prog with one line saying what is wrong and what to do. */
static int find_loader(const char *name, const char *remedy, char *p,
		       size_t len)
{
	int ret = kc_find_prog(name, p, len);

	if (ret == -EPERM)
		kc_err("refusing %s: it or a directory above it is owned or writable by a non-root user; fix the owner and mode (chown root, chmod go-w)",
		       p);
	else if (ret)
		kc_err("%s not found in /usr/sbin, /usr/bin, /sbin or /bin (%s); %s",
		       name, strerror(-ret), remedy);
	return ret;
}

static int find_kexec(char *p, size_t len)
{
	return find_loader("kexec", "install kexec-tools", p, len);
}

static const char *frontend_name(enum kc_backend b)
{
	return b == KC_BACKEND_KDUMPCTL ? "kdumpctl" : "kdump-config";
}

int kc_loader_check(enum kc_backend b)
{
	char prog[KC_PATH_MAX];

	if (b == KC_BACKEND_DIRECT)
		return find_kexec(prog, sizeof(prog));
	return find_loader(frontend_name(b),
			   "install it or use --backend direct", prog,
			   sizeof(prog));
}

static int report(const char *what, int status)
{
	if (status == 0)
		return 0;
	if (status < 0)
		kc_err("cannot run %s: %s", what, strerror(-status));
	else if (status >= KC_RUN_SIGNALED)
		kc_err("%s was killed by signal %d", what,
		       status - KC_RUN_SIGNALED);
	else
		kc_err("%s failed with exit status %d (its messages are above)",
		       what, status);
	return status < 0 ? status : -EIO;
}

/* "--opt=value" in a new buffer, or NULL when out of memory. */
static char *join(const char *opt, const char *val)
{
	size_t len = strlen(opt) + strlen(val) + 1;
	char *s = malloc(len);

	if (s)
		snprintf(s, len, "%s%s", opt, val);
	return s;
}

int kc_load_direct(const char *kernel, const char *initrd,
		   const char *cmdline, bool file_load)
{
	char prog[KC_PATH_MAX], *cl, *ird = NULL;
	const char *argv[8];
	int n = 0, ret;

	ret = find_kexec(prog, sizeof(prog));
	if (ret)
		return ret;
	cl = join("--command-line=", cmdline);
	if (!cl)
		return -ENOMEM;
	argv[n++] = prog;
	argv[n++] = "-p";
	if (file_load)
		argv[n++] = "-s";
	argv[n++] = cl;
	if (initrd && initrd[0]) {
		ird = join("--initrd=", initrd);
		if (!ird) {
			free(cl);
			return -ENOMEM;
		}
		argv[n++] = ird;
	}
	argv[n++] = kernel;
	argv[n] = NULL;
	ret = report("kexec -p", kc_run(prog, argv));
	free(cl);
	free(ird);
	return ret;
}

int kc_unload_direct(bool file_load)
{
	const char *argv[5];
	char prog[KC_PATH_MAX];
	int n = 0, ret;

	ret = find_kexec(prog, sizeof(prog));
	if (ret)
		return ret;
	argv[n++] = prog;
	argv[n++] = "-p";
	if (file_load)
		argv[n++] = "-s";
	argv[n++] = "-u";
	argv[n] = NULL;
	return report("kexec -p -u", kc_run(prog, argv));
}

/*
 * What the caller's environment tells the front end: kdump-config takes
 * KDUMP_CMDLINE_APPEND from the environment unless its defaults file
 * sets it, and the kdump-tools drop-in sets it there (cma=0). Nothing
 * else of the environment reaches a program run as root.
 */
static const char *const *frontend_env(enum kc_backend b)
{
	static char append[KC_PATH_MAX + 32];
	static const char *env[2];
	const char *v = secure_getenv("KDUMP_CMDLINE_APPEND");

	env[0] = NULL;
	if (b == KC_BACKEND_KDUMP_CONFIG && v &&
	    (size_t)snprintf(append, sizeof(append), "KDUMP_CMDLINE_APPEND=%s",
			     v) < sizeof(append) && !strchr(v, '\n'))
		env[0] = append;
	env[1] = NULL;
	return env;
}

int kc_frontend(enum kc_backend b, bool load)
{
	const char *name, *verb, *argv[3];
	char prog[KC_PATH_MAX], what[64];
	int ret;

	name = frontend_name(b);
	if (b == KC_BACKEND_KDUMPCTL)
		verb = load ? "start" : "stop";
	else
		verb = load ? "load" : "unload";
	ret = find_loader(name, "install it or use --backend direct", prog,
			  sizeof(prog));
	if (ret)
		return ret;
	argv[0] = prog;
	argv[1] = verb;
	argv[2] = NULL;
	snprintf(what, sizeof(what), "%s %s", name, verb);
	return report(what, kc_run_env(prog, argv, frontend_env(b)));
}
