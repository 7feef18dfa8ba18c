/* SPDX-License-Identifier: MIT */
/*
 * netns.c - the registry of network namespaces. Kernel socket diag is per
 * namespace, so each namespace gets its own dump and destroy subscription,
 * opened once and kept. A rescan costs a readdir of /proc and a map lookup
 * per process: only a pid not seen before is stat()ed for its namespace.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/array.h"
#include "platform/linux/netns.h"

#define RUN_NETNS "/run/netns"

static uint64_t inode_of(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (uint64_t)st.st_ino : 0;
}

static int open_socks(void *arg)
{
	struct Nlg_netns *ns = arg;
	return Nlg_socksrc_open(&ns->socks, NULL);
}

static int open_route(void *arg)
{
	struct Nlg_netns *ns = arg;
	return Nlg_nl_open(&ns->route, NETLINK_ROUTE, 0, NULL);
}

static void free_ns(struct Nlg_netns *ns)
{
	free(ns->cache);
	Nlg_socksrc_close(&ns->socks);
	if (ns->route.sock)
		Nlg_nl_close(&ns->route);
	free(ns);
}

/* Adds the namespace of the file path, entering it to open its sockets.
 * One that cannot be entered stays listed (not retried) with its error.
 * Return: 0 or -ENOMEM. */
static int add(struct Nlg_netns_reg *r, uint64_t inode, int pid, const char *name,
	       const char *path)
{
	struct Nlg_netns *ns = calloc(1, sizeof(*ns));
	if (!ns || Nlg_array_reserve(&r->v, &r->cap, r->n + 1, sizeof(*r->v), 16) < 0 ||
	    Nlg_u64map_put(&r->by_inode, inode, (uint64_t)(uintptr_t)ns) < 0) {
		free(ns);
		return -ENOMEM;
	}
	ns->inode = inode;
	ns->pid = pid;
	ns->self = inode == r->self;
	snprintf(ns->name, sizeof(ns->name), "%s", name);
	int (*open_fn)(void *) = r->links ? open_route : open_socks;
	ns->err = ns->self ? open_fn(ns) : Nlg_netns_run(path, open_fn, ns);
	if (ns->err == 0 && !r->links) {
		ns->cookie = Nlg_netns_cookie_of(mnl_socket_get_fd(ns->socks.diag.sock));
		if (ns->cookie && Nlg_u64map_put(&r->cookies, ns->cookie, inode) < 0) {
			Nlg_u64map_del(&r->by_inode, inode, NULL);
			free_ns(ns);
			return -ENOMEM;
		}
	} else {
		r->refused++;
	}
	r->v[r->n++] = ns;
	return 0;
}

static void init(struct Nlg_netns_reg *r)
{
	memset(r, 0, sizeof(*r));
	r->names_dir = RUN_NETNS;
	Nlg_u64map_init(&r->by_inode);
	Nlg_u64map_init(&r->pids[0]);
	Nlg_u64map_init(&r->pids[1]);
	Nlg_u64map_init(&r->cookies);
}

int Nlg_netns_resolve(const char *procfs_root, const char *spec, struct Nlg_netns_spec *out,
		      struct Nlg_errbuf *eb)
{
	char self[512];
	memset(out, 0, sizeof(*out));
	snprintf(self, sizeof(self), "%s/self/ns/net", procfs_root);
	out->self = inode_of(self);
	if (!spec || !strcmp(spec, "current"))
		return 0;
	if (!strcmp(spec, "all")) {
		out->scope = NLG_NETNS_SCOPE_ALL;
		return 0;
	}
	size_t len = strlen(spec), digits = strspn(spec, "0123456789");
	if (len && digits == len && len < 12) {
		snprintf(out->path, sizeof(out->path), "%s/%s/ns/net", procfs_root, spec);
		if (!(out->inode = inode_of(out->path)))
			return Nlg_fail(eb, -ENOENT, "no process %s to take the network namespace of", spec);
	} else {
		if (!len || len >= NLG_NETNS_NAME_MAX || strchr(spec, '/') || !strcmp(spec, ".") ||
		    !strcmp(spec, ".."))
			return Nlg_fail(eb, -EINVAL, "invalid network namespace name");
		snprintf(out->path, sizeof(out->path), RUN_NETNS "/%s", spec);
		if (!(out->inode = inode_of(out->path)))
			return Nlg_fail(eb, -ENOENT, "no network namespace of that name in " RUN_NETNS);
		snprintf(out->name, sizeof(out->name), "%s", spec);
	}
	out->scope = out->inode == out->self ? NLG_NETNS_SCOPE_CURRENT : NLG_NETNS_SCOPE_ONE;
	return 0;
}

int Nlg_netns_reg_open(struct Nlg_netns_reg *r, const char *procfs_root, const char *spec,
		       struct Nlg_errbuf *eb)
{
	struct Nlg_netns_spec sp;
	init(r);
	if (!(r->procfs_root = strdup(procfs_root)))
		return Nlg_fail(eb, -ENOMEM, "out of memory");
	int err = Nlg_netns_resolve(procfs_root, spec, &sp, eb);
	if (err < 0)
		return err;
	r->scope = sp.scope;
	r->self = sp.self;
	if (r->scope == NLG_NETNS_SCOPE_ONE) {
		if (add(r, sp.inode, 0, sp.name, sp.path) < 0)
			return Nlg_fail(eb, -ENOMEM, "out of memory");
		if ((err = r->v[0]->err) < 0)
			return Nlg_fail(eb, err, "cannot enter the network namespace: %s%s",
					strerror(-err), err == -EPERM ? " (needs root)" : "");
	} else {
		/* Our own namespace is opened directly, whatever its inode. */
		r->self = r->self ? r->self : 1;
		if (add(r, r->self, 0, "", NULL) < 0)
			return Nlg_fail(eb, -ENOMEM, "out of memory");
		if ((err = r->v[0]->err) < 0)
			return Nlg_fail(eb, err, "cannot open sock_diag: %s", strerror(-err));
	}
	r->open = true;
	return 0;
}

int Nlg_netns_reg_open_links(struct Nlg_netns_reg *r, const char *procfs_root,
			     struct Nlg_errbuf *eb)
{
	char path[512];
	init(r);
	if (!(r->procfs_root = strdup(procfs_root)))
		return Nlg_fail(eb, -ENOMEM, "out of memory");
	snprintf(path, sizeof(path), "%s/self/ns/net", procfs_root);
	r->self = inode_of(path);
	r->scope = NLG_NETNS_SCOPE_ALL;
	r->links = true;
	r->open = true;
	return 0;
}

void Nlg_netns_reg_close(struct Nlg_netns_reg *r)
{
	for (size_t i = 0; i < r->n; i++)
		free_ns(r->v[i]);
	free(r->v);
	free(r->procfs_root);
	Nlg_u64map_done(&r->by_inode);
	Nlg_u64map_done(&r->pids[0]);
	Nlg_u64map_done(&r->pids[1]);
	Nlg_u64map_done(&r->cookies);
	memset(r, 0, sizeof(*r));
}

struct Nlg_netns *Nlg_netns_find(const struct Nlg_netns_reg *r, uint64_t inode)
{
	const uint64_t *v = Nlg_u64map_get(&r->by_inode, inode);
	return v ? (struct Nlg_netns *)(uintptr_t)*v : NULL;
}

/* Return: 0 or -ENOMEM. */
static int found(struct Nlg_netns_reg *r, uint64_t inode, int pid, const char *name,
		 const char *path)
{
	struct Nlg_netns *ns = Nlg_netns_find(r, inode);
	if (!ns)
		return add(r, inode, pid, name, path);
	ns->unseen = 0;
	if (name[0])
		snprintf(ns->name, sizeof(ns->name), "%s", name);
	return 0;
}

/* Every process's namespace; a pid seen by the last scan is not stat()ed
 * again (its namespace is taken as unchanged). Return: 0 or -ENOMEM. */
static int scan_procs(struct Nlg_netns_reg *r)
{
	char path[512];
	struct dirent *de;
	DIR *d = opendir(r->procfs_root);
	int err = 0;
	if (!d)
		return 0;
	r->cur = !r->cur;
	Nlg_u64map_clear(&r->pids[r->cur]);
	while (!err && (de = readdir(d))) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		int pid = atoi(de->d_name);
		const uint64_t *was = Nlg_u64map_get(&r->pids[!r->cur], (uint64_t)pid);
		snprintf(path, sizeof(path), "%s/%d/ns/net", r->procfs_root, pid);
		uint64_t inode = was ? *was : inode_of(path);
		if (!inode)
			continue;  /* gone meanwhile, or a kernel thread */
		err = Nlg_u64map_put(&r->pids[r->cur], (uint64_t)pid, inode);
		if (!err)
			err = found(r, inode, pid, "", path);
	}
	closedir(d);
	return err;
}

/* Named namespaces (ip netns add), with or without a process. */
static int scan_names(struct Nlg_netns_reg *r)
{
	char path[512];
	struct dirent *de;
	DIR *d = opendir(r->names_dir);
	int err = 0;
	if (!d)
		return 0;
	while (!err && (de = readdir(d))) {
		if (de->d_name[0] == '.' || strlen(de->d_name) >= NLG_NETNS_NAME_MAX)
			continue;
		snprintf(path, sizeof(path), "%s/%s", r->names_dir, de->d_name);
		uint64_t inode = inode_of(path);
		if (inode)
			err = found(r, inode, 0, de->d_name, path);
	}
	closedir(d);
	return err;
}

/* Namespaces not found for longer than the linger are closed: what their
 * sockets counted was read in the scans before. */
static void retire(struct Nlg_netns_reg *r)
{
	size_t k = 0;
	for (size_t i = 0; i < r->n; i++) {
		struct Nlg_netns *ns = r->v[i];
		if (ns->self || ns->unseen <= NLG_NETNS_LINGER) {
			r->v[k++] = ns;
			continue;
		}
		Nlg_u64map_del(&r->by_inode, ns->inode, NULL);
		if (ns->cookie)
			Nlg_u64map_del(&r->cookies, ns->cookie, NULL);
		r->refused -= ns->err != 0;
		r->lost_gone += ns->socks.lost;
		free_ns(ns);
	}
	r->n = k;
}

int Nlg_netns_reg_scan(struct Nlg_netns_reg *r)
{
	if (r->scope != NLG_NETNS_SCOPE_ALL)
		return 0;
	for (size_t i = 0; i < r->n; i++)
		r->v[i]->unseen += !r->v[i]->self;
	int err = scan_procs(r);
	if (!err)
		err = scan_names(r);
	retire(r);
	return err;
}
