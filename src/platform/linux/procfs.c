/* SPDX-License-Identifier: MIT */
/* procfs.c - the socket-owner cache: its processes, inodes and samples. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/array.h"
#include "platform/linux/procfs_int.h"

#define PTR(v) ((void *)(uintptr_t)(v))
#define VAL(p) ((uint64_t)(uintptr_t)(p))

int Nlg_procfs_new(struct Nlg_procfs **out, const char *procfs_root)
{
	if (!procfs_root)
		return -EINVAL;
	struct Nlg_procfs *pf = calloc(1, sizeof(*pf));
	if (!pf)
		return -ENOMEM;
	pf->rootfd = open(procfs_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (pf->rootfd < 0) {
		int err = -errno;
		free(pf);
		return err;
	}
	Nlg_u64map_init(&pf->procs);
	Nlg_u64map_init(&pf->inodes);
	Nlg_u64map_init(&pf->new_uids);
	Nlg_u64map_init(&pf->bad_uids);
	*out = pf;
	return 0;
}

static void proc_free(struct Nlg_pproc *p)
{
	Nlg_u64map_done(&p->fds);
	free(p->info.cmdline);
	free(p->info.exe);
	free(p->info.cgroup);
	free(p);
}

void Nlg_procfs_free(struct Nlg_procfs *pf)
{
	if (!pf)
		return;
	size_t pos = 0;
	uint64_t key, val;
	while (Nlg_u64map_next(&pf->inodes, &pos, &key, &val))
		free(PTR(val));
	pos = 0;
	while (Nlg_u64map_next(&pf->procs, &pos, &key, &val))
		proc_free(PTR(val));
	while (pf->gone) {
		struct Nlg_pproc *next = pf->gone->next_gone;
		proc_free(pf->gone);
		pf->gone = next;
	}
	Nlg_u64map_done(&pf->procs);
	Nlg_u64map_done(&pf->inodes);
	Nlg_u64map_done(&pf->new_uids);
	Nlg_u64map_done(&pf->bad_uids);
	free(pf->pend);
	free(pf->list);
	close(pf->rootfd);
	free(pf);
}

/* Records one live inode of this sync.
 * Return: 0 on success or -ENOMEM. */
static int take_inode(struct Nlg_procfs *pf, uint64_t inode, uint64_t uid)
{
	struct Nlg_pinode *ino;
	uint64_t *slot = Nlg_u64map_get(&pf->inodes, inode);
	if (slot) {
		ino = PTR(*slot);
		if (ino->last_seen == pf->sync)
			return 0; /* listed twice */
	} else {
		ino = calloc(1, sizeof(*ino));
		if (!ino)
			return -ENOMEM;
		if (Nlg_u64map_put(&pf->inodes, inode, VAL(ino)) < 0) {
			free(ino);
			return -ENOMEM;
		}
	}
	ino->last_seen = pf->sync;
	ino->uid = uid;
	if (ino->owner) {
		int err = 0;
		if (!ino->owner->info.gone && Nlg_procfs_refresh(pf, ino->owner, &err) == ino->owner)
			return 0;
		if (err < 0)
			return err;
		if (ino->owner_exit_seen)
			return 0;
		/* Its owner exited, the socket lives on: who else holds it? */
		ino->owner_exit_seen = true;
		ino->searched = false;
	}
	if (Nlg_array_reserve(&pf->pend, &pf->pend_cap, pf->npend + 1, sizeof(*pf->pend), 256) < 0)
		return -ENOMEM;
	pf->pend[pf->npend++] = ino;
	ino->pending = true;
	if (ino->searched)
		return 0;
	if (uid == NLG_PROCFS_ANY_UID)
		pf->any_uid = true;
	return Nlg_u64map_put(&pf->new_uids, uid, 1);
}

/* Keeps an inode seen in this sync or the one before. */
static bool keep_inode(uint64_t key, uint64_t *val, void *ctx)
{
	(void)key;
	struct Nlg_procfs *pf = ctx;
	struct Nlg_pinode *ino = PTR(*val);
	if (ino->last_seen + 1 >= pf->sync) {
		pf->kept += ino->last_seen != pf->sync;
		return true;
	}
	if (ino->owner)
		ino->owner->nowned--;
	free(ino);
	return false;
}

static bool keep_proc(uint64_t key, uint64_t *val, void *ctx)
{
	(void)key;
	(void)ctx;
	struct Nlg_pproc *p = PTR(*val);
	if (!p->info.gone || p->nowned)
		return true;
	proc_free(p);
	return false;
}

/* Forgets inodes missing for a second sync, then the exited processes
 * that no kept inode names. */
static void expire(struct Nlg_procfs *pf)
{
	pf->kept = 0;
	Nlg_u64map_filter(&pf->inodes, keep_inode, pf);
	Nlg_u64map_filter(&pf->procs, keep_proc, pf);
	for (struct Nlg_pproc **pp = &pf->gone; *pp;) {
		struct Nlg_pproc *p = *pp;
		if (p->nowned) {
			pp = &p->next_gone;
			continue;
		}
		*pp = p->next_gone;
		proc_free(p);
	}
}

/* Return: a digest of a sync's list, in its order: a list that hashes the
 * same as the last one is taken to be it (a chance of 2^-64 otherwise). */
static uint64_t digest(const uint64_t *inodes, const uint32_t *uids, size_t n)
{
	uint64_t h = n;
	for (size_t i = 0; i < n; i++) {
		h ^= inodes[i] + (uids ? (uint64_t)uids[i] << 32 : 0) + 0x9e3779b97f4a7c15ull;
		h = Nlg_u64_mix(h);
	}
	return h;
}

/* Return: true when every process that owns an inode is as the last sync
 * left it: same start, parent, name and owner of its directory. One stat
 * read each, as a sync's refresh; nothing else is read or changed. */
static bool owners_unchanged(struct Nlg_procfs *pf)
{
	size_t pos = 0;
	uint64_t pid, val;
	while (Nlg_u64map_next(&pf->procs, &pos, &pid, &val)) {
		const struct Nlg_pproc *p = PTR(val);
		if (!p->nowned || p->info.gone)
			continue;
		struct Nlg_proc_stat ps;
		uint32_t dir_uid = p->dir_uid;
		if (Nlg_procfs_read_stat(pf, p->info.pid, &ps, &dir_uid) < 0 ||
		    ps.start_ticks != p->info.start_ticks || ps.ppid != p->info.ppid ||
		    strcmp(ps.comm, p->info.comm) || dir_uid != p->dir_uid)
			return false;
	}
	return true;
}

int Nlg_procfs_sync(struct Nlg_procfs *pf, const uint64_t *inodes, const uint32_t *uids, size_t n)
{
	/* The same sockets as last time, held by the same processes (an idle
	 * incremental sample): nothing to place, nothing to forget. */
	uint64_t d = digest(inodes, uids, n);
	pf->stats.syncs++;
	if (pf->have_digest && d == pf->digest && owners_unchanged(pf)) {
		pf->stats.unchanged++;
		return 0;
	}
	pf->have_digest = false;
	pf->sync++;
	pf->npend = 0;
	pf->any_uid = false;
	Nlg_u64map_clear(&pf->new_uids);
	int err = 0;
	for (size_t i = 0; i < n && !err; i++)
		if (inodes[i])
			err = take_inode(pf, inodes[i], uids ? uids[i] : NLG_PROCFS_ANY_UID);
	if (!err && Nlg_u64map_count(&pf->new_uids))
		err = Nlg_procfs_search(pf);
	for (size_t i = 0; i < pf->npend; i++)
		pf->pend[i]->pending = false;
	/* Every inode is pending at the first sync, few after it. */
	Nlg_array_trim(&pf->pend, &pf->pend_cap, pf->npend, sizeof(*pf->pend), 256);
	expire(pf);
	pf->stats.procs = Nlg_u64map_count(&pf->procs);
	for (struct Nlg_pproc *p = pf->gone; p; p = p->next_gone)
		pf->stats.procs++;
	pf->stats.inodes = Nlg_u64map_count(&pf->inodes);
	/* An unplaced inode is searched for once per new uid, not each sync,
	 * so a list whose inodes were all taken is settled, unless inodes
	 * missing from it are still kept (the next sync forgets them). */
	pf->have_digest = !err && pf->kept == 0;
	pf->digest = d;
	return err;
}

const struct Nlg_proc_info *Nlg_procfs_owner(struct Nlg_procfs *pf, uint64_t inode,
					     enum nlg_owner_why *why)
{
	const uint64_t *slot = Nlg_u64map_get(&pf->inodes, inode);
	const struct Nlg_pinode *ino = slot ? PTR(*slot) : NULL;
	if (ino && ino->owner) {
		*why = NLG_OWNER_OK;
		return &ino->owner->info;
	}
	*why = ino && ino->searched ? ino->why : NLG_OWNER_NOT_FOUND;
	return NULL;
}

const struct Nlg_proc_info *Nlg_procfs_proc(struct Nlg_procfs *pf, int pid)
{
	if (pid <= 0)
		return NULL;
	const uint64_t *slot = Nlg_u64map_get(&pf->procs, (uint64_t)pid);
	struct Nlg_pproc *p = slot ? PTR(*slot) : NULL;
	int err;
	if (!p && !(p = Nlg_procfs_read_new(pf, pid, &err)))
		return NULL;
	if (!p->details && !p->info.gone && Nlg_procfs_read_details(pf, p) < 0)
		return NULL;
	return &p->info;
}

bool Nlg_procfs_alive(struct Nlg_procfs *pf, int pid, uint64_t start_ticks)
{
	struct Nlg_proc_stat ps;
	uint32_t dir_uid;
	return Nlg_procfs_read_stat(pf, pid, &ps, &dir_uid) == 0 && ps.start_ticks == start_ticks;
}

const struct Nlg_procfs_stats *Nlg_procfs_stats(const struct Nlg_procfs *pf)
{
	return &pf->stats;
}
