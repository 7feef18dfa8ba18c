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

struct nlg_dw_procs {
	int *pids;                     /* of every process listed */
	size_t pids_cap;               /* in bytes */
	void *fds;                     /* one process's struct proc_fdinfo */
	size_t fds_cap;                /* in bytes */
	int *holder;                   /* pid holding out->v[i] */
	size_t holder_cap;
	struct nlg_proc_desc *procs;   /* processes with sockets, this sample */
	size_t nprocs, procs_cap;
	struct nlg_u64map owner;       /* socket handle -> index in procs */
	size_t unreadable;             /* processes whose files could not be read */
};

void nlg_dw_procs_done(struct nlg_dw_procs *pr);

/* Lists the sockets of every process into out (appended) and their
 * holders into pr. Return: 0 or a negative errno. */
int nlg_dw_procs_read(const struct nlg_dw_kops *ops, struct nlg_dw_procs *pr,
		      struct nlg_raw_socks *out);

/* Fills d from the process's BSD info. Return: true, or false when the
 * process is gone or not readable. */
bool nlg_dw_proc_desc(const struct nlg_dw_kops *ops, int pid, struct nlg_proc_desc *d);

#endif
