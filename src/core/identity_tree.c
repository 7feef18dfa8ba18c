/* SPDX-License-Identifier: MIT */
/* identity_tree.c - the app of a process outside any deciding cgroup: the
 * program (or script) of its top ancestor that is not a launcher. */
#include <stdio.h>
#include <string.h>

#include "core/identity.h"

#define MAX_ARGS 32

bool Nlg_ident_is_launcher(const char *comm)
{
	static const char *const launchers[] = {
		"sh", "bash", "dash", "zsh", "fish", "ksh", "tcsh", "csh", "busybox",
		"login", "sshd", "su", "sudo", "doas", "runuser", "setsid", "nohup",
		"env", "timeout", "xargs", "tmux: server", "tmux", "screen", "SCREEN",
		"systemd", "init", "tini", "dumb-init", "ip", "nsenter", "unshare",
		"gnome-shell", "gnome-session-b", "plasmashell", "kwin_x11", "kwin_wayland",
		"xfce4-session", "lxsession", "gnome-terminal-", "konsole", "xterm",
		"alacritty", "kitty", "foot", "wezterm-gui", "make", "meson", "ninja",
		"watch", "parallel", "flock", "nice", "ionice", "chrt", "taskset", "stdbuf",
	};
	for (size_t i = 0; i < sizeof(launchers) / sizeof(launchers[0]); i++)
		if (strcmp(comm, launchers[i]) == 0)
			return true;
	return false;
}

enum interp { NOT_INTERP, PYTHON, NODE, JAVA, SCRIPTING, SHELL };

static const char *base(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static bool prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static enum interp interpreter(const char *exe)
{
	const char *b = base(exe);
	if (prefix(b, "python") || prefix(b, "pypy"))
		return PYTHON;
	if (!strcmp(b, "node") || !strcmp(b, "nodejs"))
		return NODE;
	if (!strcmp(b, "java"))
		return JAVA;
	if (!strcmp(b, "perl") || prefix(b, "ruby") || prefix(b, "php") || prefix(b, "lua"))
		return SCRIPTING;
	if (!strcmp(b, "sh") || !strcmp(b, "bash") || !strcmp(b, "dash") || !strcmp(b, "zsh") ||
	    !strcmp(b, "ksh") || !strcmp(b, "busybox"))
		return SHELL;
	return NOT_INTERP;
}

/* Options of an interpreter that take the next argument as their value. */
static bool takes_value(enum interp in, const char *opt)
{
	static const char *const py[] = { "-W", "-X", "--check-hash-based-pycs", NULL };
	static const char *const node[] = { "-r", "--require", "--import", "--loader", NULL };
	static const char *const java[] = { "-cp", "-classpath", "--class-path", "-p",
					    "--module-path", "--add-modules", NULL };
	const char *const *t = in == PYTHON ? py : in == NODE ? node : in == JAVA ? java : NULL;
	for (; t && *t; t++)
		if (!strcmp(opt, *t))
			return true;
	return false;
}

/* Options after which there is no script: code given inline. */
static bool inline_code(const char *opt)
{
	return !strcmp(opt, "-c") || !strcmp(opt, "-e") || !strcmp(opt, "-E") ||
	       !strcmp(opt, "--eval") || !strcmp(opt, "-p") || !strcmp(opt, "--print");
}

/* Splits a copy of the command line at spaces. Return: the count. */
static size_t split(char *buf, char **argv)
{
	size_t n = 0;
	for (char *tok = strtok(buf, " "); tok && n < MAX_ARGS; tok = strtok(NULL, " "))
		argv[n++] = tok;
	return n;
}

/* Keys an interpreter by what it runs. Return: true when it runs a file,
 * a module or a class that names the program. */
static bool script_key(enum interp in, const char *cmdline, struct Nlg_ident *out)
{
	char buf[1024], *argv[MAX_ARGS];
	snprintf(buf, sizeof(buf), "%s", cmdline ? cmdline : "");
	size_t n = split(buf, argv);
	for (size_t i = 1; i < n; i++) {
		const char *a = argv[i];
		bool has_next = i + 1 < n;
		if (in == JAVA && !strcmp(a, "-jar") && has_next) {
			snprintf(out->key, sizeof(out->key), "script:%s", argv[i + 1]);
			snprintf(out->name, sizeof(out->name), "%s", base(argv[i + 1]));
			return true;
		}
		if ((in == PYTHON && !strcmp(a, "-m")) || (in == JAVA && (!strcmp(a, "-m") ||
							 !strcmp(a, "--module")))) {
			if (!has_next)
				return false;
			snprintf(out->key, sizeof(out->key), "module:%s", argv[i + 1]);
			snprintf(out->name, sizeof(out->name), "%s", argv[i + 1]);
			return true;
		}
		if (inline_code(a) || !strcmp(a, "--"))
			return false;
		if (a[0] == '-') {
			i += takes_value(in, a);
			continue;
		}
		/* The first argument that is no option: the script (or, for
		 * java, the main class). */
		snprintf(out->key, sizeof(out->key), "%s:%s", in == JAVA ? "class" : "script", a);
		snprintf(out->name, sizeof(out->name), "%s", base(a));
		return true;
	}
	return false;
}

/* The name a program is shown by: the leader's name, or its executable's
 * when the kernel cut the name at 15 characters. */
static void program_name(const struct Nlg_ident_proc *p, const char *exe, struct Nlg_ident *out)
{
	const char *comm = p->comm && p->comm[0] ? p->comm : "?";
	const char *b = exe[0] ? base(exe) : "";
	size_t k = strlen(comm);
	if (k == 15 && strlen(b) > k && !strncmp(b, comm, k))
		comm = b;
	snprintf(out->name, sizeof(out->name), "%s", comm);
}

void Nlg_ident_tree(const struct Nlg_ident_proc *chain, size_t n, struct Nlg_ident *out)
{
	memset(out, 0, sizeof(*out));
	out->kind = NLG_APP_PROCESS_TREE;
	if (n == 0)
		return;
	/* Helpers fold into the program that started them, not into the
	 * shell that started it. */
	size_t top = 0;
	for (size_t i = 1; i < n; i++) {
		const struct Nlg_ident_proc *parent = &chain[i];
		if (parent->pid <= 1 || !parent->comm || Nlg_ident_is_launcher(parent->comm))
			break;
		top = i;
	}
	const struct Nlg_ident_proc *p = &chain[top];
	/* A program replaced on disk while running reads "(deleted)": still
	 * the same program. */
	char exe[NLG_IDENT_KEY_MAX];
	snprintf(exe, sizeof(exe), "%s", p->exe ? p->exe : "");
	size_t len = strlen(exe);
	if (len > 10 && !strcmp(exe + len - 10, " (deleted)"))
		exe[len - 10] = '\0';
	enum interp in = exe[0] ? interpreter(exe) : NOT_INTERP;
	if (in != NOT_INTERP && script_key(in, p->cmdline, out))
		return;
	program_name(p, exe, out);
	/* Without a readable executable (another user's process, no root),
	 * the name is all there is. */
	if (exe[0])
		snprintf(out->key, sizeof(out->key), "exe:%.*s", (int)sizeof(out->key) - 5, exe);
	else
		snprintf(out->key, sizeof(out->key), "comm:%s", out->name);
}

bool Nlg_identify(const struct Nlg_ident_in *in, struct Nlg_ident *out)
{
	if (Nlg_ident_cgroup(in->cgroup, out))
		return true;
	if (!in->nchain)
		return false;
	Nlg_ident_tree(in->chain, in->nchain, out);
	return true;
}
