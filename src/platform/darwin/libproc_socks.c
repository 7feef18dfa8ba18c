/* SPDX-License-Identifier: MIT */
/* libproc_socks.c - sockets and their processes from libproc. */
#include <errno.h>
#include <libproc.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/proc_info.h>
#include <sys/socket.h>

#include "core/array.h"
#include "decode/ntstat_flows.h"
#include "platform/darwin/libproc_socks.h"

/* Room for processes and files that appear between sizing and reading. */
#define SLACK 64

void nlg_dw_procs_done(struct nlg_dw_procs *pr)
{
	free(pr->pids);
	free(pr->fds);
	free(pr->holder);
	free(pr->procs);
	nlg_u64map_done(&pr->owner);
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

bool nlg_dw_proc_desc(int pid, struct nlg_proc_desc *d)
{
	struct proc_bsdinfo bi;
	if (proc_pidinfo(pid, PROC_PIDTBSDINFO, 0, &bi, sizeof(bi)) != (int)sizeof(bi))
		return false;
	memset(d, 0, sizeof(*d));
	d->pid = (int)bi.pbi_pid;
	d->ppid = (int)bi.pbi_ppid;
	d->uid = bi.pbi_uid;
	/* identity with the pid: the start time, in microseconds */
	d->start_ticks = bi.pbi_start_tvsec * 1000000u + bi.pbi_start_tvusec;
	const char *name = bi.pbi_name[0] ? bi.pbi_name : bi.pbi_comm;
	strlcpy(d->comm, name, sizeof(d->comm));
	return true;
}

/* Return: the number of pids in pr->pids, or a negative errno. */
static int list_pids(struct nlg_dw_procs *pr)
{
	int bytes = proc_listpids(PROC_ALL_PIDS, 0, NULL, 0);
	if (bytes <= 0)
		return bytes < 0 ? -errno : 0;
	size_t cap = (size_t)bytes + SLACK * sizeof(int);
	if (grow((void **)&pr->pids, &pr->pids_cap, cap) < 0)
		return -ENOMEM;
	bytes = proc_listpids(PROC_ALL_PIDS, 0, pr->pids, (int)pr->pids_cap);
	if (bytes < 0)
		return -errno;
	return bytes / (int)sizeof(int);
}

/* Return: the number of files of pid in pr->fds, or -1 when unreadable. */
static int list_fds(struct nlg_dw_procs *pr, int pid)
{
	int bytes = proc_pidinfo(pid, PROC_PIDLISTFDS, 0, NULL, 0);
	if (bytes <= 0)
		return -1;
	size_t cap = (size_t)bytes + SLACK * sizeof(struct proc_fdinfo);
	if (grow(&pr->fds, &pr->fds_cap, cap) < 0)
		return -1;
	bytes = proc_pidinfo(pid, PROC_PIDLISTFDS, 0, pr->fds, (int)pr->fds_cap);
	return bytes < 0 ? -1 : bytes / (int)sizeof(struct proc_fdinfo);
}

static void take_addr(const struct in_sockinfo *in, bool v4, uint8_t *laddr, uint8_t *raddr)
{
	if (v4) {
		memcpy(laddr, &in->insi_laddr.ina_46.i46a_addr4, 4);
		memcpy(raddr, &in->insi_faddr.ina_46.i46a_addr4, 4);
		return;
	}
	memcpy(laddr, &in->insi_laddr.ina_6, 16);
	memcpy(raddr, &in->insi_faddr.ina_6, 16);
	/* The kernel embeds the scope in link-local addresses. */
	if (laddr[0] == 0xfe && (laddr[1] & 0xc0) == 0x80)
		laddr[2] = laddr[3] = 0;
	if (raddr[0] == 0xfe && (raddr[1] & 0xc0) == 0x80)
		raddr[2] = raddr[3] = 0;
}

/* Return: true with s filled from a TCP or UDP socket of IPv4 or IPv6. */
static bool take_socket(const struct socket_info *si, struct nlg_raw_sock *s)
{
	const struct in_sockinfo *in;
	if (si->soi_family != AF_INET && si->soi_family != AF_INET6)
		return false;
	if (si->soi_kind == SOCKINFO_TCP) {
		in = &si->soi_proto.pri_tcp.tcpsi_ini;
		s->proto = IPPROTO_TCP;
		s->state = nlg_ntstat_tcp_state((uint32_t)si->soi_proto.pri_tcp.tcpsi_state);
	} else if (si->soi_kind == SOCKINFO_IN && si->soi_protocol == IPPROTO_UDP) {
		in = &si->soi_proto.pri_in;
		s->proto = IPPROTO_UDP;
	} else {
		return false;
	}
	bool v4 = (in->insi_vflag & INI_IPV4) != 0;
	s->family = v4 ? AF_INET : AF_INET6;
	take_addr(in, v4, s->local, s->remote);
	s->lport = ntohs((uint16_t)in->insi_lport);
	s->rport = ntohs((uint16_t)in->insi_fport);
	if (s->proto == IPPROTO_UDP)
		s->state = s->rport ? NLG_CONN_ESTABLISHED : NLG_CONN_CLOSE;
	s->cookie = s->inode = si->soi_so;
	s->uid = si->soi_stat.vst_uid;
	return true;
}

/* Return: the index in pr->procs of pid's description (added on its first
 * socket), or -1. */
static long proc_index(struct nlg_dw_procs *pr, int pid, long *cached)
{
	if (*cached >= 0)
		return *cached;
	if (nlg_array_reserve(&pr->procs, &pr->procs_cap, pr->nprocs + 1, sizeof(*pr->procs),
			      64) < 0 || !nlg_dw_proc_desc(pid, &pr->procs[pr->nprocs]))
		return -1;
	*cached = (long)pr->nprocs++;
	return *cached;
}

/* Return: 0 with out holding the sockets of pid, or -ENOMEM. */
static int read_proc(struct nlg_dw_procs *pr, int pid, struct nlg_raw_socks *out)
{
	const struct proc_fdinfo *fds = pr->fds;
	struct socket_fdinfo si;
	long idx = -1;
	int n = list_fds(pr, pid);

	if (n < 0) {
		pr->unreadable += errno == EPERM; /* not one that exited meanwhile */
		return 0;
	}
	for (int i = 0; i < n; i++) {
		if (fds[i].proc_fdtype != PROX_FDTYPE_SOCKET)
			continue;
		if (proc_pidfdinfo(pid, fds[i].proc_fd, PROC_PIDFDSOCKETINFO, &si, sizeof(si)) !=
		    (int)sizeof(si))
			continue; /* closed meanwhile */
		struct nlg_raw_sock *s = nlg_raw_socks_push(out);
		if (!s || nlg_array_reserve(&pr->holder, &pr->holder_cap, out->n,
					    sizeof(*pr->holder), 1024) < 0)
			return -ENOMEM;
		if (!take_socket(&si.psi, s) || proc_index(pr, pid, &idx) < 0) {
			out->n--;
			continue;
		}
		pr->holder[out->n - 1] = pid;
		if (!nlg_u64map_get(&pr->owner, s->cookie) &&
		    nlg_u64map_put(&pr->owner, s->cookie, (uint64_t)idx) < 0)
			return -ENOMEM;
	}
	return 0;
}

int nlg_dw_procs_read(struct nlg_dw_procs *pr, struct nlg_raw_socks *out)
{
	int n = list_pids(pr);
	if (n < 0)
		return n;
	pr->nprocs = 0;
	pr->unreadable = 0;
	nlg_u64map_clear(&pr->owner);
	for (int i = 0; i < n; i++) {
		if (pr->pids[i] <= 0)
			continue;
		int err = read_proc(pr, pr->pids[i], out);
		if (err < 0)
			return err;
	}
	return 0;
}
