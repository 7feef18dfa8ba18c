/* SPDX-License-Identifier: MIT */
/*
 * libproc_socks.h - every process's TCP and UDP sockets from libproc
 * (proc_listpids, PROC_PIDLISTFDS, PROC_PIDFDSOCKETINFO), with the
 * process that holds each. The records are decoded from bytes by
 * src/decode/darwin_proc.c.
 */
#ifndef NLG_DARWIN_LIBPROC_SOCKS_H
#define NLG_DARWIN_LIBPROC_SOCKS_H

#include <stddef.h>

#include "core/raw.h"
#include "core/u64map.h"
#include "platform/darwin/kops.h"
#include "platform/platform.h"

struct Nlg_dw_procs {
	int *pids;                     /* of every process listed */
	size_t pids_cap;               /* in bytes */
	void *fds;                     /* one process's struct proc_fdinfo */
	size_t fds_cap;                /* in bytes */
	int *holder;                   /* pid holding out->v[i] */
	size_t holder_cap;
	struct Nlg_proc_desc *procs;   /* processes with sockets, this sample */
	size_t nprocs, procs_cap;
	struct Nlg_u64map owner;       /* socket handle -> index in procs */
	size_t unreadable;             /* processes whose files could not be read */
};

void Nlg_dw_procs_done(struct Nlg_dw_procs *pr);

/* Lists the sockets of every process into out (appended) and their
 * holders into pr. Return: 0 or a negative errno. */
int Nlg_dw_procs_read(const struct Nlg_dw_kops *ops, struct Nlg_dw_procs *pr,
		      struct Nlg_raw_socks *out);

/* Fills d from the process's BSD info. Return: true, or false when the
 * process is gone or not readable. */
bool Nlg_dw_proc_desc(const struct Nlg_dw_kops *ops, int pid, struct Nlg_proc_desc *d);

#endif
