/* SPDX-License-Identifier: MIT */
/*
 * cgroup.h - cgroup v2 ids to paths and member processes. A socket's
 * cgroup id (from sock_diag) is the inode number of its cgroup directory;
 * for a socket that closed before its process was seen, the cgroup is what
 * is left to attribute it by.
 */
#ifndef NLG_LINUX_CGROUP_H
#define NLG_LINUX_CGROUP_H

#include <stddef.h>
#include <stdint.h>

struct Nlg_cgroups;

/* Return: 0 on success or a negative error code (-ENOMEM). A system
 * without cgroup v2 gives a handle that finds nothing. */
int Nlg_cgroups_new(struct Nlg_cgroups **out, const char *procfs_root);
void Nlg_cgroups_free(struct Nlg_cgroups *cg);

/* Return: the path of the cgroup (as /proc/<pid>/cgroup writes it, "/" for
 * the root), or NULL when no cgroup has that id. Walks the hierarchy at
 * most once per generation for ids it does not know. */
const char *Nlg_cgroups_path(struct Nlg_cgroups *cg, uint64_t id);

/* Reads the cgroup's member processes once per generation; *pid gets the
 * first of them.
 * Return: the number of members, or a negative error code. */
int Nlg_cgroups_members(struct Nlg_cgroups *cg, uint64_t id, int *pid);

/* Return: where cgroup v2 is mounted (malloc'd), from procfs_root's
 * self/mountinfo, or NULL when it is not or out of memory. */
char *Nlg_cgroup2_mount(const char *procfs_root);

/* Starts a new generation: ids unknown in the last one may be walked for again. */
void Nlg_cgroups_next(struct Nlg_cgroups *cg);

#endif
