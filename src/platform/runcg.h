/* SPDX-License-Identifier: MIT */
/*
 * runcg.h - what the accounting of one command needs from the platform:
 * a cgroup of its own that a process joins before it runs the command
 * (Linux: cgroup v2), the ids of that cgroup and of every cgroup under it
 * (a socket records the cgroup id of the task that made it), and, where
 * no cgroup can be had, a process's parent.
 * Platforms without cgroups answer -ENOTSUP (runcg_none.c).
 */
#ifndef NLG_PLATFORM_RUNCG_H
#define NLG_PLATFORM_RUNCG_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

struct Nlg_runcg;

/*
 * Makes a new, empty cgroup: under the root of the cgroup v2 hierarchy
 * for root, else under the caller's own cgroup when it may write there (a
 * delegated subtree). Return: 0, or a negative error code with eb set
 * (-ENOTSUP without cgroup v2, -EACCES/-EPERM when nothing is writable).
 */
int Nlg_runcg_create(struct Nlg_runcg **out, const char *procfs_root, struct Nlg_errbuf *eb);

/* An existing cgroup, path from the hierarchy's root ("/a/b"); it is
 * never removed. Return: 0 or a negative error code with eb set. */
int Nlg_runcg_open(struct Nlg_runcg **out, const char *procfs_root, const char *path,
		   struct Nlg_errbuf *eb);

/* Return: the cgroup's path from the hierarchy's root ("/netledger-run-42"). */
const char *Nlg_runcg_path(const struct Nlg_runcg *cg);

/* Moves process pid into the cgroup. Return: 0 or a negative error code. */
int Nlg_runcg_add(struct Nlg_runcg *cg, int pid);

/* Lists the ids of the cgroup and of every cgroup under it in *ids
 * (owned by cg, valid until the next call). Return: how many, or a
 * negative error code. */
int Nlg_runcg_ids(struct Nlg_runcg *cg, const uint64_t **ids);

/* Return: 1 while a process is in the cgroup or under it, 0 once it is
 * empty, or a negative error code. */
int Nlg_runcg_populated(struct Nlg_runcg *cg);

/* Removes a cgroup that Nlg_runcg_create() made: the processes still in
 * it (not under it) move first to the cgroup the caller runs in; *moved
 * gets their number. Return: 0, or a negative error code with eb set
 * (-EBUSY when processes remain, in cgroups made under it). */
int Nlg_runcg_remove(struct Nlg_runcg *cg, int *moved, struct Nlg_errbuf *eb);

void Nlg_runcg_free(struct Nlg_runcg *cg);

/* Return: the parent of process pid, 0 for none, or a negative error code
 * (-ESRCH when it is gone). */
int Nlg_runcg_ppid(const char *procfs_root, int pid);

#endif
