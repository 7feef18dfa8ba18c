/* SPDX-License-Identifier: MIT */
/* procfs_scan.c - the search for the holders of new socket inodes. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/array.h"
#include "platform/linux/procfs_int.h"

#define PTR(v) ((void *)(uintptr_t)(v))

enum pass {
	PASS_NEW_FDS = 1,   /* processes of the new sockets' uids, fds not read before */
	PASS_ALL_FDS,       /* the same processes, fds that held no live socket */
	PASS_OTHERS,        /* every other process, fds not read before */
};

/* Return: the value of a name made only of decimal digits, or -1. */
static int parse_num(const char *s)
{
	long v = 0;
	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (INT_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*s - '0');
	}
	return (int)v;
}

/* Return: 0 on success or -ENOMEM. */
static int list_push(struct Nlg_procfs *pf, struct Nlg_pproc *p)
{
	if (Nlg_array_reserve(&pf->list, &pf->list_cap, pf->nlist + 1, sizeof(*pf->list), 512) < 0)
		return -ENOMEM;
	pf->list[pf->nlist++] = p;
	return 0;
}

/* Return: the cached process listed under pid, a new one read now, or
 * NULL (with *err = -ENOMEM when out of memory, else it exited). */
static struct Nlg_pproc *listed(struct Nlg_procfs *pf, int pid, int *err)
{
	const uint64_t *slot = Nlg_u64map_get(&pf->procs, (uint64_t)pid);
	struct Nlg_pproc *p = slot ? PTR(*slot) : NULL;
	*err = 0;
	if (p && !p->info.gone)
		return p;
	return Nlg_procfs_read_new(pf, pid, err);
}

/* Reads the /proc listing into pf->list; cached processes missing from it
 * have exited.
 * Return: 0 on success or a negative error code. */
static int list_procs(struct Nlg_procfs *pf)
{
	int dfd = openat(pf->rootfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return -errno;
	DIR *d = fdopendir(dfd);
	if (!d) {
		int err = -errno;
		close(dfd);
		return err;
	}
	pf->nlist = 0;
	int err = 0;
	struct dirent *de;
	while (!err && (de = readdir(d))) {
		int pid = parse_num(de->d_name);
		if (pid <= 0)
			continue;
		pf->stats.procs_listed++;
		struct Nlg_pproc *p = listed(pf, pid, &err);
		if (p) {
			p->listed = pf->sync;
			err = list_push(pf, p);
		}
	}
	closedir(d);
	if (err)
		return err;
	size_t pos = 0;
	uint64_t pid, val;
	while (Nlg_u64map_next(&pf->procs, &pos, &pid, &val)) {
		struct Nlg_pproc *p = PTR(val);
		if (!p->info.gone && p->listed != pf->sync)
			Nlg_procfs_mark_gone(p);
	}
	return 0;
}

static bool first_pass_uid(const struct Nlg_procfs *pf, uint32_t uid)
{
	return pf->any_uid || Nlg_u64map_get(&pf->new_uids, uid);
}

/* Records that some fds of p could not be read: sockets of its uid that
 * stay unplaced may be among them. */
static void unreadable(struct Nlg_procfs *pf, const struct Nlg_pproc *p)
{
	pf->stats.unreadable++;
	/* Out of memory here only weakens NLG_OWNER_UNREADABLE to NOT_FOUND. */
	(void)Nlg_u64map_put(&pf->bad_uids, p->dir_uid, 1);
}

/* Notes p as a holder of inode when the inode is waiting for an owner.
 * Return: true if inode is a socket of this sync. */
static bool note_holder(struct Nlg_procfs *pf, uint64_t inode, struct Nlg_pproc *p)
{
	const uint64_t *slot = Nlg_u64map_get(&pf->inodes, inode);
	if (!slot)
		return false;
	struct Nlg_pinode *ino = PTR(*slot);
	if (ino->last_seen != pf->sync)
		return false;
	if (!ino->pending)
		return true;
	if (!ino->cand || p->info.start_ticks < ino->cand->info.start_ticks ||
	    (p->info.start_ticks == ino->cand->info.start_ticks && p->info.pid < ino->cand->info.pid))
		ino->cand = p;
	return true;
}

/* An fd reading is the socket inode (0 for any other file), with this bit
 * once the socket has been in a sample's list. When such a socket leaves
 * the list its fd number is read again, as it is likely reused; a socket
 * that never was in the list (unix, netlink) is trusted like a file. */
#define FD_WAS_LIVE (1ull << 63)

/* Reads the link of one fd into *val (an fd reading) and notes p as a
 * holder of its socket.
 * Return: 0 on success or the negative error of readlink. */
static int read_fd(struct Nlg_procfs *pf, struct Nlg_pproc *p, int dfd, const char *name,
		   uint64_t *val)
{
	static const char prefix[] = "socket:[";
	char target[64];
	pf->stats.readlinks++;
	ssize_t n = readlinkat(dfd, name, target, sizeof(target) - 1);
	if (n < 0)
		return -errno;
	target[n] = '\0';
	*val = 0;
	if (strncmp(target, prefix, sizeof(prefix) - 1))
		return 0;
	uint64_t v = 0;
	const char *s = target + sizeof(prefix) - 1;
	for (; *s >= '0' && *s <= '9'; s++)
		v = v * 10 + (uint64_t)(*s - '0');
	if (*s != ']' || v >= FD_WAS_LIVE)
		return 0;
	*val = v | (note_holder(pf, v, p) ? FD_WAS_LIVE : 0);
	return 0;
}

/* Return: true with the fd's reading in *val when the earlier reading
 * stands, false when the fd must be read now: never read, or its socket
 * has left the list. Files and never-listed sockets are trusted (and
 * *skipped set): the second pass reads them. */
static bool cached_fd(struct Nlg_procfs *pf, struct Nlg_pproc *p, int fd, uint64_t *val,
		      bool *skipped)
{
	const uint64_t *old = p->fds_read ? Nlg_u64map_get(&p->fds, (uint64_t)fd) : NULL;
	if (!old)
		return false;
	uint64_t inode = *old & ~FD_WAS_LIVE;
	if (inode && note_holder(pf, inode, p)) {
		*val = inode | FD_WAS_LIVE;
		return true;
	}
	if (*old & FD_WAS_LIVE)
		return false;
	*val = *old;
	*skipped = true;
	return true;
}

/* Return: the fd directory of p opened, or -1: it exited (then marked
 * gone) or cannot be read (noted). */
static int open_fd_dir(struct Nlg_procfs *pf, struct Nlg_pproc *p)
{
	char path[32];
	snprintf(path, sizeof(path), "%d/fd", p->info.pid);
	int dfd = openat(pf->rootfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0)
		return dfd;
	if (errno == ENOENT || errno == ESRCH)
		Nlg_procfs_mark_gone(p);
	else
		unreadable(pf, p);
	return -1;
}

/* Lists the fd directory of p, replacing its fd reading, reads the links
 * of fds it cannot trust (see cached_fd) and notes p as a holder of every
 * pending inode found.
 * Return: 0 on success or -ENOMEM; unreadable directories and links and
 * processes that exit are not errors. */
static int scan_fds(struct Nlg_procfs *pf, struct Nlg_pproc *p)
{
	int dfd = open_fd_dir(pf, p);
	if (dfd < 0)
		return 0;
	/* fdopendir stats the directory, and the stat of a process's fd
	 * directory fails (ENOENT) once the process has exited, though the
	 * open succeeded: the kernel counts its open files for the size. */
	DIR *d = fdopendir(dfd);
	if (!d) {
		int err = errno;
		close(dfd);
		if (err == ENOMEM)
			return -ENOMEM;
		if (err == ENOENT || err == ESRCH)
			Nlg_procfs_mark_gone(p);
		else
			unreadable(pf, p);
		return 0;
	}
	pf->stats.fd_dirs++;
	struct Nlg_u64map now;
	Nlg_u64map_init(&now);
	int err = Nlg_u64map_reserve(&now, Nlg_u64map_count(&p->fds));
	bool skipped = false;
	struct dirent *de;
	while (!err && (de = readdir(d))) {
		int fd = parse_num(de->d_name);
		if (fd < 0)
			continue;
		pf->stats.fds_listed++;
		uint64_t val = 0;
		if (!cached_fd(pf, p, fd, &val, &skipped)) {
			int r = read_fd(pf, p, dfd, de->d_name, &val);
			if (r == -ENOENT)
				continue; /* closed meanwhile */
			if (r < 0) {
				unreadable(pf, p);
				continue;
			}
		}
		err = Nlg_u64map_put(&now, (uint64_t)fd, val);
	}
	closedir(d);
	if (err) {
		Nlg_u64map_done(&now);
		return err;
	}
	Nlg_u64map_done(&p->fds);
	p->fds = now;
	p->fds_read = true;
	p->fds_listed = pf->sync;
	if (!skipped)
		p->all_read = pf->sync;
	return 0;
}

/* Reads again the links of the fds that scan_fds trusted in this sync (an
 * fd number may have been closed and reused for a new socket since it was
 * read), without listing the directory again. */
static void reread_fds(struct Nlg_procfs *pf, struct Nlg_pproc *p)
{
	int dfd = open_fd_dir(pf, p);
	if (dfd < 0)
		return;
	size_t pos = 0;
	uint64_t fd, val;
	while (Nlg_u64map_next(&p->fds, &pos, &fd, &val)) {
		if (val & FD_WAS_LIVE)
			continue;
		char name[24];
		snprintf(name, sizeof(name), "%llu", (unsigned long long)fd);
		int r = read_fd(pf, p, dfd, name, &val);
		if (r < 0 && r != -ENOENT)
			unreadable(pf, p);
		/* A value changes in place; the walk stays valid. */
		*Nlg_u64map_get(&p->fds, fd) = r < 0 ? 0 : val;
	}
	close(dfd);
	p->all_read = pf->sync;
}

/* Makes the best holder found by the pass the owner of each inode.
 * Return: 0 on success or -ENOMEM. */
static int place(struct Nlg_procfs *pf, struct Nlg_pinode *ino)
{
	struct Nlg_pproc *p = ino->cand;
	ino->cand = NULL;
	if (ino->owner)
		ino->owner->nowned--;
	ino->owner = p;
	p->nowned++;
	ino->owner_exit_seen = false;
	ino->searched = true;
	ino->why = NLG_OWNER_OK;
	return p->details ? 0 : Nlg_procfs_read_details(pf, p);
}

/* Return: the number of pending inodes never searched for. */
static size_t count_new(const struct Nlg_procfs *pf)
{
	size_t n = 0;
	for (size_t i = 0; i < pf->npend; i++)
		n += !pf->pend[i]->searched;
	return n;
}

/* Return: 0 on success or -ENOMEM. */
static int run_pass(struct Nlg_procfs *pf, enum pass pass)
{
	int err = 0;
	for (size_t i = 0; i < pf->npend; i++)
		pf->pend[i]->cand = NULL;
	for (size_t i = 0; i < pf->nlist && !err; i++) {
		struct Nlg_pproc *p = pf->list[i];
		if (p->info.gone || (pass == PASS_OTHERS) == first_pass_uid(pf, p->dir_uid))
			continue;
		if (pass == PASS_ALL_FDS) {
			/* Only what the first pass listed and trusted. */
			if (p->fds_listed == pf->sync && p->all_read != pf->sync)
				reread_fds(pf, p);
			continue;
		}
		p = Nlg_procfs_refresh(pf, p, &err);
		if (!p)
			continue;
		pf->list[i] = p;
		err = scan_fds(pf, p);
	}
	for (size_t i = 0; i < pf->npend && !err; i++)
		if (pf->pend[i]->cand)
			err = place(pf, pf->pend[i]);
	return err;
}

static bool uid_unreadable(const struct Nlg_procfs *pf, uint64_t uid)
{
	if (uid == NLG_PROCFS_ANY_UID)
		return Nlg_u64map_count(&pf->bad_uids) > 0;
	return Nlg_u64map_get(&pf->bad_uids, uid) != NULL;
}

int Nlg_procfs_search(struct Nlg_procfs *pf)
{
	pf->stats.searches++;
	Nlg_u64map_clear(&pf->bad_uids);
	int err = list_procs(pf);
	for (enum pass pass = PASS_NEW_FDS; !err && pass <= PASS_OTHERS && count_new(pf); pass++)
		err = run_pass(pf, pass);
	if (err)
		return err;
	for (size_t i = 0; i < pf->npend; i++) {
		struct Nlg_pinode *ino = pf->pend[i];
		if (ino->searched)
			continue;
		ino->searched = true;
		/* An exited owner with no successor stays the owner. */
		if (!ino->owner)
			ino->why = uid_unreadable(pf, ino->uid) ? NLG_OWNER_UNREADABLE
								 : NLG_OWNER_NOT_FOUND;
	}
	return 0;
}
