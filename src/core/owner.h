/* SPDX-License-Identifier: MIT */
/*
 * owner.h - how the core asks a platform who owns a socket. The monitor
 * wires these to the platform; tests wire them to fakes.
 */
#ifndef NLG_CORE_OWNER_H
#define NLG_CORE_OWNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netledger.h"

/* A process as the platform sees it; identity is (pid, start_ticks). */
struct nlg_proc_desc {
	int pid, ppid;
	uint64_t start_ticks;
	uint32_t uid;
	char comm[16];
	const char *cmdline;   /* may be NULL */
	const char *exe;       /* may be NULL */
	const char *cgroup;    /* may be NULL */
};

struct nlg_owner_ops {
	/* The owner of a live socket by inode; false with *why when none. */
	bool (*by_inode)(void *ctx, uint64_t inode, struct nlg_proc_desc *out,
			 enum nlg_owner_why *why);
	/* The single process that could own a socket that closed unseen, by
	 * its cgroup and uid; false with *why (CLOSED_UNSEEN, AMBIGUOUS). A
	 * cgroup path, when known, is given even without a process. */
	bool (*by_cgroup)(void *ctx, uint64_t cgroup_id, uint32_t uid, struct nlg_proc_desc *out,
			  const char **cgroup_path, enum nlg_owner_why *why);
	/* The process that made a socket (seen by the eBPF counter), if it
	 * still runs and started before the socket was made; may be NULL. */
	bool (*by_creator)(void *ctx, uint32_t tgid, uint64_t created_ns, const char *comm,
			   struct nlg_proc_desc *out);
	/* A process by pid (an ancestor, for folding), false when gone. */
	bool (*by_pid)(void *ctx, int pid, struct nlg_proc_desc *out);
	/* Whether the process (pid, start_ticks) still runs; may be NULL
	 * (then processes are taken to live until their pid is reused). */
	bool (*alive)(void *ctx, int pid, uint64_t start_ticks);
	/* The name a container runtime gave a container ("docker", id), read
	 * from its files; may be NULL. Return: true with name written. */
	bool (*container_name)(void *ctx, const char *runtime, const char *id, char *name,
			       size_t size);
	void *ctx;
};

#endif
