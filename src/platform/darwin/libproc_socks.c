/* SPDX-License-Identifier: MIT */
/* libproc_socks.c - sockets and their processes from libproc. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/array.h"
#include "decode/darwin_layout.h"
#include "decode/darwin_proc.h"
#include "platform/darwin/libproc_socks.h"

/* Room for processes and files that appear between sizing and reading. */
#define SLACK 64

void Nlg_dw_procs_done(struct Nlg_dw_procs *pr)
{
	free(pr->pids);
	free(pr->fds);
	free(pr->holder);
	free(pr->procs);
	Nlg_u64map_done(&pr->owner);
	memset(pr, 0, sizeof(*pr));
}

static int grow(void **p, size_t *cap, size_t need)
{
	if (need <= *cap)
		return 0;
	void *np = realloc(*p, need);
	if (!np)
		return -ENOMEM;
	*p = np;
	*cap = need;
	return 0;
}

bool Nlg_dw_proc_desc(const struct Nlg_dw_kops *ops, int pid, struct Nlg_proc_desc *d)
{
	uint8_t bi[NLG_DW_PBI_SIZE];
	int n = ops->pidinfo(ops->ctx, pid, NLG_DW_PROC_PIDTBSDINFO, 0, bi, (int)sizeof(bi));
	return n == (int)sizeof(bi) && Nlg_dw_decode_bsdinfo(bi, sizeof(bi), d) == 0;
}

/* Return: the number of pids in pr->pids, or a negative errno. */
static int list_pids(const struct Nlg_dw_kops *ops, struct Nlg_dw_procs *pr)
{
	int bytes = ops->listpids(ops->ctx, NULL, 0);
	if (bytes <= 0)
		return bytes;
	size_t cap = (size_t)bytes + SLACK * sizeof(int);
	if (grow((void **)&pr->pids, &pr->pids_cap, cap) < 0)
		return -ENOMEM;
	bytes = ops->listpids(ops->ctx, pr->pids, (int)pr->pids_cap);
	if (bytes < 0)
		return bytes;
	return bytes / (int)sizeof(int);
}

/* Return: the bytes of pid's file list in pr->fds, or a negative errno
 * when unreadable. */
static int list_fds(const struct Nlg_dw_kops *ops, struct Nlg_dw_procs *pr, int pid)
{
	int bytes = ops->pidinfo(ops->ctx, pid, NLG_DW_PROC_PIDLISTFDS, 0, NULL, 0);
	if (bytes <= 0)
		return bytes < 0 ? bytes : -ESRCH;
	size_t cap = (size_t)bytes + SLACK * NLG_DW_FDI_SIZE;
	if (grow(&pr->fds, &pr->fds_cap, cap) < 0)
		return -ENOMEM;
	return ops->pidinfo(ops->ctx, pid, NLG_DW_PROC_PIDLISTFDS, 0, pr->fds, (int)pr->fds_cap);
}

/* Return: the index in pr->procs of pid's description (added on its first
 * socket), or -1. */
static long proc_index(const struct Nlg_dw_kops *ops, struct Nlg_dw_procs *pr, int pid,
		       long *cached)
{
	if (*cached >= 0)
		return *cached;
	if (Nlg_array_reserve(&pr->procs, &pr->procs_cap, pr->nprocs + 1, sizeof(*pr->procs),
			      64) < 0 || !Nlg_dw_proc_desc(ops, pid, &pr->procs[pr->nprocs]))
		return -1;
	*cached = (long)pr->nprocs++;
	return *cached;
}

/* Reads socket fd of pid into a new slot of out.
 * Return: 0 (the socket taken or skipped) or -ENOMEM. */
static int read_socket(const struct Nlg_dw_kops *ops, struct Nlg_dw_procs *pr, int pid, int fd,
		       long *idx, struct Nlg_raw_socks *out)
{
	uint8_t si[NLG_DW_SFI_SIZE];
	int n = ops->pidfdinfo(ops->ctx, pid, fd, NLG_DW_PROC_PIDFDSOCKETINFO, si, (int)sizeof(si));
	if (n != (int)sizeof(si))
		return 0; /* closed meanwhile */
	struct Nlg_raw_sock *s = Nlg_raw_socks_push(out);
	if (!s || Nlg_array_reserve(&pr->holder, &pr->holder_cap, out->n, sizeof(*pr->holder),
				    1024) < 0)
		return -ENOMEM;
	if (Nlg_dw_decode_socket_fdinfo(si, sizeof(si), s) != 1 ||
	    proc_index(ops, pr, pid, idx) < 0) {
		out->n--;
		return 0;
	}
	pr->holder[out->n - 1] = pid;
	if (!Nlg_u64map_get(&pr->owner, s->cookie) &&
	    Nlg_u64map_put(&pr->owner, s->cookie, (uint64_t)*idx) < 0)
		return -ENOMEM;
	return 0;
}

/* Return: 0 with out holding the sockets of pid, or -ENOMEM. */
static int read_proc(const struct Nlg_dw_kops *ops, struct Nlg_dw_procs *pr, int pid,
		     struct Nlg_raw_socks *out)
{
	long idx = -1;
	int bytes = list_fds(ops, pr, pid);

	if (bytes == -ENOMEM)
		return bytes;
	if (bytes < 0) {
		pr->unreadable += bytes == -EPERM; /* not one that exited meanwhile */
		return 0;
	}
	for (size_t i = 0; i < (size_t)bytes / NLG_DW_FDI_SIZE; i++) {
		int fd;
		if (Nlg_dw_decode_fdinfo(pr->fds, (size_t)bytes, i, &fd) != 1)
			continue;
		int err = read_socket(ops, pr, pid, fd, &idx, out);
		if (err < 0)
			return err;
	}
	return 0;
}

int Nlg_dw_procs_read(const struct Nlg_dw_kops *ops, struct Nlg_dw_procs *pr,
		      struct Nlg_raw_socks *out)
{
	int n = list_pids(ops, pr);
	if (n < 0)
		return n;
	pr->nprocs = 0;
	pr->unreadable = 0;
	Nlg_u64map_clear(&pr->owner);
	for (int i = 0; i < n; i++) {
		if (pr->pids[i] <= 0)
			continue;
		int err = read_proc(ops, pr, pr->pids[i], out);
		if (err < 0)
			return err;
	}
	return 0;
}
