/* SPDX-License-Identifier: MIT */
/*
 * identity.h - what app a process belongs to: one pure function.
 *
 * (cgroup path, process tree, executable, command line) -> (kind, stable
 * key, display name). The key is what stays the same across pids, restarts
 * of the program, of netledger and of the machine: a unit, a container or
 * pod id, an application id, an executable or script path. The pid belongs
 * to the process, never to the app. In order:
 *  1. a container (docker, podman, containerd, cri-o, a Kubernetes pod, lxc)
 *     by its id: key "docker:<id>", "pod:<uid>", ...; shown by its id's
 *     first 12 characters until the platform finds its name on disk;
 *  2. a systemd service by its unit ("unit:nginx.service");
 *  3. an app scope, flatpak or snap by its application id, without the
 *     random instance part ("app:firefox" from app-gnome-firefox-1234.scope);
 *  4. another scope (not a login session or a terminal's) by its unit, and
 *     a cgroup made by hand outside systemd's tree by its path;
 *  5. otherwise the top ancestor that is not a launcher (shell, sudo, ssh,
 *     terminal, session manager...): keyed by its executable ("exe:<path>"),
 *     or by its script when it is an interpreter ("script:<path>" for
 *     python3 run.py, node server.js, java -jar x.jar, perl, ruby, a shell
 *     script run as a program; "module:<name>" for python3 -m name), and
 *     shown by its name.
 */
#ifndef NLG_CORE_IDENTITY_H
#define NLG_CORE_IDENTITY_H

#include <stdbool.h>
#include <stddef.h>

#include "netledger.h"

#define NLG_IDENT_KEY_MAX 320
#define NLG_IDENT_NAME_MAX 128

/* One process of a tree, as the identity rules read it. */
struct Nlg_ident_proc {
	int pid;
	const char *comm;      /* the thread group leader's name */
	const char *exe;       /* may be NULL or "" (unreadable) */
	const char *cmdline;   /* arguments separated by spaces; may be NULL */
};

struct Nlg_ident_in {
	const char *cgroup;                  /* cgroup v2 path; may be NULL */
	const struct Nlg_ident_proc *chain;  /* the process, its parent, ... */
	size_t nchain;                       /* 0: no process (a cgroup alone) */
};

struct Nlg_ident {
	enum nlg_app_kind kind;
	char key[NLG_IDENT_KEY_MAX];
	char name[NLG_IDENT_NAME_MAX];
	/* A container's runtime ("docker", "libpod", "containerd", "crio",
	 * "pod", "lxc") and full id, for finding its name; "" otherwise. */
	char runtime[16];
	char id[96];
};

/* Return: true with *out filled; false only when there is neither a
 * deciding cgroup nor a process (the caller then has no app). */
bool Nlg_identify(const struct Nlg_ident_in *in, struct Nlg_ident *out);

/* The cgroup rules alone (1 to 4). Return: true when the path decides. */
bool Nlg_ident_cgroup(const char *path, struct Nlg_ident *out);

/* The tree rule alone (5), over chain[0..n). */
void Nlg_ident_tree(const struct Nlg_ident_proc *chain, size_t n, struct Nlg_ident *out);

/* Return: true for processes that only start others: shells, terminal
 * multiplexers, login and session managers, sudo and the like. */
bool Nlg_ident_is_launcher(const char *comm);

#endif
