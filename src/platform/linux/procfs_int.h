/* SPDX-License-Identifier: MIT */
/* procfs_int.h - the socket-owner cache's state, shared by its files. */
#ifndef NLG_LINUX_PROCFS_INT_H
#define NLG_LINUX_PROCFS_INT_H

#include "core/u64map.h"
#include "platform/linux/procfs.h"

/* uids[] not given: the socket may be anyone's. */
#define NLG_PROCFS_ANY_UID UINT64_MAX

struct Nlg_pproc {
	struct Nlg_proc_info info;
	struct Nlg_u64map fds;      /* fd -> reading (procfs_scan.c) */
	struct Nlg_pproc *next_gone; /* on the list of replaced processes */
	uint64_t checked;           /* sync whose stat read confirmed it alive */
	uint64_t listed;            /* sync whose /proc listing showed it */
	uint64_t fds_listed;        /* sync that last listed its fd directory */
	uint64_t all_read;          /* sync that read every fd link it has */
	size_t nowned;              /* inodes naming it as owner */
	uint32_t dir_uid;           /* owner of /proc/<pid> */
	bool details;               /* uid, cmdline, exe, cgroup read */
	bool fds_read;              /* fds holds a reading */
};

struct Nlg_pinode {
	struct Nlg_pproc *owner;    /* NULL while unplaced */
	struct Nlg_pproc *cand;     /* the best holder the current pass found */
	uint64_t last_seen;         /* last sync whose list had it */
	uint64_t uid;               /* NLG_PROCFS_ANY_UID when not given */
	enum nlg_owner_why why;     /* when unplaced */
	bool pending;               /* in pf->pend: a holder found now places it */
	bool searched;              /* searched for since its owner last changed */
	bool owner_exit_seen;       /* searched again after its owner exited */
};

struct Nlg_procfs {
	int rootfd;
	uint64_t sync;              /* number of the current sync */
	uint64_t digest;            /* of the last sync's list (digest()) */
	bool have_digest;           /* ... when it was taken whole */
	size_t kept;                /* inodes the last sync kept though missing */
	struct Nlg_u64map procs;    /* pid -> struct Nlg_pproc * (the latest with that pid) */
	struct Nlg_u64map inodes;   /* inode -> struct Nlg_pinode * */
	struct Nlg_pproc *gone;     /* replaced by a new process of the same pid */

	/* Scratch of one search, kept for reuse. */
	struct Nlg_pinode **pend;   /* unplaced live inodes */
	size_t npend, pend_cap;
	struct Nlg_pproc **list;    /* the processes of the /proc listing */
	size_t nlist, list_cap;
	struct Nlg_u64map new_uids; /* uids of inodes searched for the first time */
	struct Nlg_u64map bad_uids; /* uids of processes whose fds were unreadable */
	bool any_uid;               /* a new inode came without a uid */

	struct Nlg_procfs_stats stats;
};

/* procfs_proc.c: reading one process. */

/* Reads /proc/<pid>/stat; *dir_uid gets the file's owner when not NULL.
 * Return: 0 on success or a negative error code (-ENOENT or -ESRCH when
 * the process has exited, -EPROTO for text that does not parse). */
int Nlg_procfs_read_stat(struct Nlg_procfs *pf, int pid, struct Nlg_proc_stat *ps,
			 uint32_t *dir_uid);

/* Fills uid, cmdline, exe and cgroup of p->info, replacing earlier values;
 * fields that cannot be read keep their documented defaults.
 * Return: 0 on success or -ENOMEM. */
int Nlg_procfs_read_details(struct Nlg_procfs *pf, struct Nlg_pproc *p);

/* procfs_pid.c: the process cache by pid. */

/* Return: a new process from its stat reading, inserted under its pid (a
 * gone process of that pid moves to the replaced list), or NULL when out
 * of memory. */
struct Nlg_pproc *Nlg_procfs_add(struct Nlg_procfs *pf, int pid, const struct Nlg_proc_stat *ps,
				 uint32_t dir_uid);

/* Reads /proc/<pid>/stat and adds the process (Nlg_procfs_add).
 * Return: it, or NULL when it exited or after a failure (-ENOMEM in *err). */
struct Nlg_pproc *Nlg_procfs_read_new(struct Nlg_procfs *pf, int pid, int *err);

/* Marks p exited and drops its fd reading. */
void Nlg_procfs_mark_gone(struct Nlg_pproc *p);

/* Confirms that p still runs, reading its stat once per sync; a recycled
 * pid makes p gone and caches the new process.
 * Return: the live process now at p's pid (p itself, or its successor),
 * or NULL when p exited or after a failure (-ENOMEM in *err). */
struct Nlg_pproc *Nlg_procfs_refresh(struct Nlg_procfs *pf, struct Nlg_pproc *p, int *err);

/* procfs_scan.c: the search for new inodes. */

/* Places the pending inodes (pf->pend) by reading fd directories.
 * Return: 0 on success or -ENOMEM. */
int Nlg_procfs_search(struct Nlg_procfs *pf);

#endif
