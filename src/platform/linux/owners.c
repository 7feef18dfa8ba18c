/* SPDX-License-Identifier: MIT */
/*
 * owners.c - who owns a socket on Linux: /proc for live sockets (by
 * inode), the cgroup for sockets that closed before any sample saw them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/array.h"
#include "core/raw.h"
#include "platform/linux/containers.h"
#include "platform/linux/linux.h"

static void describe(const struct Nlg_proc_info *pi, struct Nlg_proc_desc *out)
{
	memset(out, 0, sizeof(*out));
	out->pid = pi->pid;
	out->ppid = pi->ppid;
	out->start_ticks = pi->start_ticks;
	out->uid = pi->uid;
	memcpy(out->comm, pi->comm, sizeof(out->comm));
	out->comm[sizeof(out->comm) - 1] = '\0';
	out->cmdline = pi->cmdline;
	out->exe = pi->exe;
	out->cgroup = pi->cgroup;
}

static bool by_inode(void *ctx, uint64_t inode, struct Nlg_proc_desc *out,
		     enum nlg_owner_why *why)
{
	struct Nlg_platform *p = ctx;
	enum nlg_owner_why w = NLG_OWNER_NOT_FOUND;
	const struct Nlg_proc_info *pi = Nlg_procfs_owner(p->procfs, inode, &w);
	if (!pi) {
		*why = w;
		return false;
	}
	describe(pi, out);
	return true;
}

static bool by_pid(void *ctx, int pid, struct Nlg_proc_desc *out)
{
	struct Nlg_platform *p = ctx;
	const struct Nlg_proc_info *pi = Nlg_procfs_proc(p->procfs, pid);
	if (!pi || pi->gone)
		return false;
	describe(pi, out);
	return true;
}

/* The process that made a socket, if it still runs: a process that started
 * after the socket was made has a recycled pid. */
static bool by_creator(void *ctx, uint32_t tgid, uint64_t created_ns, const char *comm,
		       struct Nlg_proc_desc *out)
{
	struct Nlg_platform *p = ctx;
	(void)comm; /* a thread's name, not always the process's */
	const struct Nlg_proc_info *pi = Nlg_procfs_proc(p->procfs, (int)tgid);
	if (!pi || pi->gone)
		return false;
	long hz = sysconf(_SC_CLK_TCK);
	uint64_t tick_ns = hz > 0 ? 1000000000ull / (uint64_t)hz : 10000000ull;
	if (created_ns && pi->start_ticks * tick_ns > created_ns + tick_ns)
		return false;
	describe(pi, out);
	return true;
}

static bool alive(void *ctx, int pid, uint64_t start_ticks)
{
	struct Nlg_platform *p = ctx;
	return Nlg_procfs_alive(p->procfs, pid, start_ticks);
}

/* The runtimes' files live under the root that holds the procfs root
 * ("/" for "/proc"; a test's fake root otherwise). */
static bool container_name(void *ctx, const char *runtime, const char *id, char *name,
			   size_t size)
{
	struct Nlg_platform *p = ctx;
	char root[4096];
	snprintf(root, sizeof(root), "%s", p->procfs_root ? p->procfs_root : "/proc");
	size_t n = strlen(root);
	if (n >= 5 && !strcmp(root + n - 5, "/proc"))
		root[n - 5] = '\0';
	return Nlg_container_name(root[0] ? root : "/", runtime, id, name, size);
}

static bool by_cgroup(void *ctx, uint64_t cgroup_id, uint32_t uid, struct Nlg_proc_desc *out,
		      const char **cgroup_path, enum nlg_owner_why *why)
{
	struct Nlg_platform *p = ctx;
	int pid;

	*why = NLG_OWNER_CLOSED_UNSEEN;
	*cgroup_path = Nlg_cgroups_path(p->cgroups, cgroup_id);
	if (!*cgroup_path || !strcmp(*cgroup_path, "/"))
		return false;
	/* Attributed to a process only when the cgroup has one member. */
	int n = Nlg_cgroups_members(p->cgroups, cgroup_id, &pid);
	if (n != 1) {
		if (n > 1)
			*why = NLG_OWNER_AMBIGUOUS;
		return false;
	}
	const struct Nlg_proc_info *pi = Nlg_procfs_proc(p->procfs, pid);
	if (!pi || pi->gone || pi->uid != uid)
		return false;
	describe(pi, out);
	return true;
}

static int reserve(struct Nlg_platform *p, size_t n)
{
	if (Nlg_array_reserve(&p->inodes, &p->inodes_cap, n, sizeof(*p->inodes), 1024) < 0 ||
	    Nlg_array_reserve(&p->uids, &p->uids_cap, n, sizeof(*p->uids), 1024) < 0)
		return -ENOMEM;
	return 0;
}

static int open_state(struct Nlg_platform *p, struct Nlg_errbuf *eb)
{
	int err = 0;
	if (!p->procfs && (err = Nlg_procfs_new(&p->procfs, p->procfs_root)) < 0)
		return Nlg_fail(eb, err, "cannot read processes from %s", p->procfs_root);
	if (!p->cgroups && (err = Nlg_cgroups_new(&p->cgroups, p->procfs_root)) < 0)
		return Nlg_fail(eb, err, "out of memory");
	return 0;
}

int Nlg_platform_owners(struct Nlg_platform *p, const struct Nlg_raw_socks *socks,
			struct Nlg_owner_ops *ops, struct Nlg_errbuf *eb)
{
	int err = open_state(p, eb);
	if (err < 0)
		return err;
	if (reserve(p, socks->n) < 0)
		return Nlg_fail(eb, -ENOMEM, "out of memory");
	size_t n = 0;
	for (size_t i = 0; i < socks->n; i++) {
		if (socks->v[i].closed || !socks->v[i].inode)
			continue;
		p->inodes[n] = socks->v[i].inode;
		p->uids[n++] = socks->v[i].uid;
	}
	err = Nlg_procfs_sync(p->procfs, p->inodes, p->uids, n);
	if (err < 0)
		return Nlg_fail(eb, err, "cannot read processes from %s: %s", p->procfs_root,
				strerror(-err));
	Nlg_cgroups_next(p->cgroups);
	*ops = (struct Nlg_owner_ops){
		.by_inode = by_inode, .by_cgroup = by_cgroup, .by_creator = by_creator,
		.by_pid = by_pid, .alive = alive, .container_name = container_name, .ctx = p,
	};
	return 0;
}

void Nlg_owners_done(struct Nlg_platform *p)
{
	Nlg_procfs_free(p->procfs);
	Nlg_cgroups_free(p->cgroups);
	free(p->inodes);
	free(p->uids);
	p->procfs = NULL;
	p->cgroups = NULL;
	p->inodes = NULL;
	p->uids = NULL;
}
