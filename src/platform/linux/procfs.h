/* SPDX-License-Identifier: MIT */
/*
 * procfs.h - which process holds each socket, read from /proc and cached.
 *
 * A socket is known by its inode: sock_diag's idiag_inode, the N of the
 * "socket:[N]" link at /proc/<pid>/fd/<fd>. Finding its holder means
 * reading fd links, which is what makes `ss -p` slow, so the cache reads
 * as little as it can:
 *  - a placed socket stays placed while its owner lives; a sample whose
 *    sockets are all known reads one /proc/<pid>/stat per owning process
 *    (to notice exits and recycled pids) and nothing else;
 *  - only sockets never seen before make it read fd directories, and then
 *    only the fds it has not read before, or whose socket has closed;
 *  - processes are read first where the socket's uid says it lives.
 *
 * Owner of a shared socket (inherited across fork, passed over a unix
 * socket): the search runs in passes, each over every process it covers,
 * and stops after the first pass that places every new socket:
 *  1. processes running as the uid of a new socket (the owner of their
 *     /proc/<pid> directory: the effective uid, or root for processes that
 *     are not dumpable), fds not read before;
 *  2. the same processes, the fds that pass 1 trusted from an earlier
 *     reading (files, and sockets never in a sample's list): an fd number
 *     may have been closed and reused for a socket since it was read;
 *  3. every other process, fds not read before.
 * Among the holders found by the pass that places a socket, the owner is
 * the one that started first (lowest start time, then lowest pid): the
 * parent, for an inherited socket. An owner stays the owner while it
 * lives. When it exits while the socket stays open, the socket is searched
 * again once; if no other holder is visible the exited process stays its
 * owner (gone = true).
 *
 * A socket searched for and not placed is not searched for again by
 * itself: it is placed if a later search (for other new sockets) meets it.
 *
 * Grace period: an inode missing from a sample's list is kept, with its
 * owner, through that sample (its destroy event is read after the dump
 * that no longer shows it) and forgotten at the next one. Exited processes
 * are freed once no kept inode names them as owner.
 */
#ifndef NLG_LINUX_PROCFS_H
#define NLG_LINUX_PROCFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netledger.h"

struct Nlg_procfs;

/* A process as /proc shows it. Identity is (pid, start_ticks): a recycled
 * pid is a new process. */
struct Nlg_proc_info {
	int pid, ppid;
	uint64_t start_ticks;       /* field 22 of /proc/<pid>/stat */
	uint32_t uid;               /* real uid, from /proc/<pid>/status */
	char comm[16];
	char *cmdline;              /* NULs turned into spaces; "" for kernel threads */
	char *exe;                  /* the /proc/<pid>/exe link, NULL when unreadable */
	char *cgroup;               /* the cgroup v2 path ("0::<path>"), NULL when none */
	bool gone;                  /* exited; kept while it owns a kept inode */
};

/* How much of /proc the cache has read, since it was created, and what it
 * holds now. For tests and diagnostics. */
struct Nlg_procfs_stats {
	uint64_t syncs;
	uint64_t unchanged;      /* of them, with the last one's list and owners */
	uint64_t searches;       /* syncs that read fd directories */
	uint64_t procs_listed;   /* /proc directory entries read */
	uint64_t stat_reads;     /* /proc/<pid>/stat files read */
	uint64_t detail_reads;   /* processes whose status, cmdline, exe, cgroup were read */
	uint64_t fd_dirs;        /* /proc/<pid>/fd directories listed */
	uint64_t fds_listed;     /* entries in them */
	uint64_t readlinks;      /* fd links read */
	uint64_t unreadable;     /* fd directories or links that could not be read */
	size_t procs;            /* processes cached now, exited ones included */
	size_t inodes;           /* inodes known now, kept ones included */
};

/* Opens the cache over procfs_root ("/proc" unless a test points elsewhere).
 * Return: 0 and *out on success, or a negative error code (-ENOMEM, or
 * the error of opening the root directory). */
int Nlg_procfs_new(struct Nlg_procfs **out, const char *procfs_root);

void Nlg_procfs_free(struct Nlg_procfs *pf);

/*
 * Takes one sample's live sockets: inodes[i] (0 is skipped) created by
 * uids[i] (uids may be NULL: every process is then a first-pass
 * candidate). Places new inodes as the comment at the top of this file
 * says and forgets inodes missing for a second sample. Processes that exit
 * or whose fds cannot be read are not errors.
 * Return: 0 on success or a negative error code (-ENOMEM); after a failure
 * the cache is consistent and the next sync searches again.
 */
int Nlg_procfs_sync(struct Nlg_procfs *pf, const uint64_t *inodes, const uint32_t *uids, size_t n);

/* Return: the owner of inode, or NULL with *why set (NLG_OWNER_NOT_FOUND
 * for an inode never given to sync, or forgotten). Valid until the next
 * sync. */
const struct Nlg_proc_info *Nlg_procfs_owner(struct Nlg_procfs *pf, uint64_t inode,
					     enum nlg_owner_why *why);

/* Return: the process with that pid as last seen (read from /proc when not
 * cached, e.g. an ancestor needed to fold helpers into their app; possibly
 * gone), or NULL when there is none. Valid until the next sync. */
const struct Nlg_proc_info *Nlg_procfs_proc(struct Nlg_procfs *pf, int pid);

/* Return: true when the process (pid, start_ticks) still runs: one read of
 * its /proc/<pid>/stat, nothing cached. */
bool Nlg_procfs_alive(struct Nlg_procfs *pf, int pid, uint64_t start_ticks);

/* Return: the counters of the cache, valid until the next call on it. */
const struct Nlg_procfs_stats *Nlg_procfs_stats(const struct Nlg_procfs *pf);

/* The fields of /proc/<pid>/stat the cache uses. */
struct Nlg_proc_stat {
	int ppid;
	uint64_t start_ticks;
	char comm[16];
};

/* Parses the text of /proc/<pid>/stat. The command name may hold spaces
 * and parentheses: it ends at the last ')'.
 * Return: 0 on success or -EPROTO. */
int Nlg_procfs_parse_stat(const char *text, size_t len, struct Nlg_proc_stat *out);

#endif
