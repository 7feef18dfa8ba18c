/* SPDX-License-Identifier: MIT */
/*
 * procfs_pid.c - the owner cache's processes by pid: added, refreshed
 * against /proc/<pid>/stat, marked gone.
 *
 * Both the cache (procfs.c) and its search of /proc (procfs_scan.c) use
 * these; kept apart so that neither calls back into the other.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "platform/linux/procfs_int.h"

#define PTR(v) ((void *)(uintptr_t)(v))
#define VAL(p) ((uint64_t)(uintptr_t)(p))

void Nlg_procfs_mark_gone(struct Nlg_pproc *p)
{
	p->info.gone = true;
	p->fds_read = false;
	Nlg_u64map_done(&p->fds);
}

struct Nlg_pproc *Nlg_procfs_add(struct Nlg_procfs *pf, int pid, const struct Nlg_proc_stat *ps,
				 uint32_t dir_uid)
{
	struct Nlg_pproc *p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->info.pid = pid;
	p->info.ppid = ps->ppid;
	p->info.start_ticks = ps->start_ticks;
	p->info.uid = dir_uid;
	memcpy(p->info.comm, ps->comm, sizeof(p->info.comm));
	p->dir_uid = dir_uid;
	p->checked = pf->sync;
	Nlg_u64map_init(&p->fds);

	uint64_t *slot = Nlg_u64map_get(&pf->procs, (uint64_t)pid);
	if (slot) {
		/* The old process of that pid lives on while inodes name it. */
		struct Nlg_pproc *old = PTR(*slot);
		Nlg_procfs_mark_gone(old);
		old->next_gone = pf->gone;
		pf->gone = old;
		*slot = VAL(p);
	} else if (Nlg_u64map_put(&pf->procs, (uint64_t)pid, VAL(p)) < 0) {
		free(p);
		return NULL;
	}
	return p;
}

struct Nlg_pproc *Nlg_procfs_refresh(struct Nlg_procfs *pf, struct Nlg_pproc *p, int *err)
{
	*err = 0;
	if (p->info.gone)
		return NULL;
	if (p->checked == pf->sync)
		return p;
	struct Nlg_proc_stat ps;
	uint32_t dir_uid = p->dir_uid;
	int r = Nlg_procfs_read_stat(pf, p->info.pid, &ps, &dir_uid);
	if (r < 0) {
		/* Exited (ENOENT, ESRCH), or a stat we cannot parse: either
		 * way nothing more can be learnt of it. */
		Nlg_procfs_mark_gone(p);
		return NULL;
	}
	if (ps.start_ticks != p->info.start_ticks) {
		struct Nlg_pproc *np = Nlg_procfs_add(pf, p->info.pid, &ps, dir_uid);
		if (!np)
			*err = -ENOMEM;
		else
			Nlg_procfs_mark_gone(p);
		return np;
	}
	p->checked = pf->sync;
	p->dir_uid = dir_uid;
	p->info.ppid = ps.ppid;
	if (strcmp(p->info.comm, ps.comm)) {
		/* A new name means an exec: the rest is stale too. */
		memcpy(p->info.comm, ps.comm, sizeof(p->info.comm));
		if (p->details && (*err = Nlg_procfs_read_details(pf, p)) < 0)
			p->details = false;
	}
	return p;
}

struct Nlg_pproc *Nlg_procfs_read_new(struct Nlg_procfs *pf, int pid, int *err)
{
	struct Nlg_proc_stat ps;
	uint32_t dir_uid;
	*err = 0;
	if (Nlg_procfs_read_stat(pf, pid, &ps, &dir_uid) < 0)
		return NULL;
	struct Nlg_pproc *p = Nlg_procfs_add(pf, pid, &ps, dir_uid);
	if (!p)
		*err = -ENOMEM;
	return p;
}
