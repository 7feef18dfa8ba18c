/* SPDX-License-Identifier: MIT */
/*
 * sockets.c - macOS connections: sockets and their processes from
 * libproc, joined to the network-statistics control's sources for their
 * byte counts (and for the connections of processes libproc may not read,
 * or that closed between two samples). Without the control, connections
 * are listed without bytes, and a note says why.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "platform/darwin/darwin.h"

void Nlg_dw_init(struct Nlg_dw *dw, const struct Nlg_dw_kops *ops)
{
	memset(dw, 0, offsetof(struct Nlg_dw, nstat));
	dw->ops = ops;
	Nlg_dw_nstat_init(&dw->nstat, ops);
}

void Nlg_dw_done(struct Nlg_dw *dw)
{
	Nlg_dw_buf_done(&dw->iflist);
	Nlg_dw_procs_done(&dw->procs);
	Nlg_dw_nstat_done(&dw->nstat);
}

static void notes(struct Nlg_dw *p, struct Nlg_raw_socks *out, bool nstat)
{
	if (!nstat) {
		Nlg_raw_socks_note(out, "connections are listed without byte counts, and those that "
				   "open and close between two samples are not seen: the "
				   "network-statistics control could not be used (%s)",
				   strerror(p->nstat.open_err));
	}
	if (p->procs.unreadable) {
		Nlg_raw_socks_note(out, "not root: the files of %zu processes could not be read; %s",
				   p->procs.unreadable,
				   nstat ? "their connections come from the network-statistics "
					   "control alone" : "their connections are not listed");
	}
}

/* Return: 0, or a negative errno when the sources could not be joined. */
static int with_bytes(struct Nlg_dw *p, struct Nlg_raw_socks *out)
{
	int err = Nlg_dw_nstat_update(&p->nstat);
	if (err < 0)
		return err;
	err = Nlg_ntstat_flows_join(&p->nstat.flows, out, p->procs.holder);
	if (!err)
		err = Nlg_ntstat_flows_emit(&p->nstat.flows, out);
	return err;
}

int Nlg_dw_read_socks(struct Nlg_dw *p, struct Nlg_raw_socks *out, struct Nlg_errbuf *eb)
{
	Nlg_raw_socks_clear(out);
	int err = Nlg_dw_procs_read(p->ops, &p->procs, out);
	if (err < 0)
		return Nlg_fail(eb, err, "cannot list sockets with libproc: %s", strerror(-err));
	bool nstat = false;
	if (Nlg_dw_nstat_open(&p->nstat) == 0) {
		err = with_bytes(p, out);
		if (err == -ENOMEM)
			return Nlg_fail(eb, err, "out of memory");
		nstat = err == 0;
	}
	/* Removed sources give the final counts of what closed. */
	out->closures_seen = nstat;
	notes(p, out, nstat);
	return 0;
}

static bool by_pid(void *ctx, int pid, struct Nlg_proc_desc *out)
{
	struct Nlg_dw *p = ctx;
	return Nlg_dw_proc_desc(p->ops, pid, out);
}

/* A connection known only from a source: its descriptor names the
 * process, which libproc may still describe better. */
static bool from_source(struct Nlg_dw *p, uint64_t key, struct Nlg_proc_desc *out)
{
	const struct Nlg_ntstat_flow *fl =
		Nlg_ntstat_flows_find(&p->nstat.flows, key ^ NLG_NTSTAT_COOKIE_TAG);
	if (!fl || !fl->have_desc || fl->desc.pid == 0)
		return false;
	if (Nlg_dw_proc_desc(p->ops, (int)fl->desc.pid, out))
		return true;
	memset(out, 0, sizeof(*out));
	out->pid = (int)fl->desc.pid;
	out->uid = fl->desc.uid;
	size_t n = strnlen(fl->desc.pname, sizeof(out->comm) - 1);
	memcpy(out->comm, fl->desc.pname, n);
	out->comm[n] = '\0';
	return true;
}

static bool by_inode(void *ctx, uint64_t inode, struct Nlg_proc_desc *out,
		     enum nlg_owner_why *why)
{
	struct Nlg_dw *p = ctx;
	const uint64_t *idx = Nlg_u64map_get(&p->procs.owner, inode);
	if (idx) {
		*out = p->procs.procs[*idx];
		return true;
	}
	if (from_source(p, inode, out))
		return true;
	*why = p->procs.unreadable ? NLG_OWNER_UNREADABLE : NLG_OWNER_NOT_FOUND;
	return false;
}

static bool by_cgroup(void *ctx, uint64_t cgroup_id, uint32_t uid, struct Nlg_proc_desc *out,
		      const char **cgroup_path, enum nlg_owner_why *why)
{
	(void)ctx;
	(void)cgroup_id;
	(void)uid;
	(void)out;
	*cgroup_path = NULL; /* macOS has no cgroups */
	*why = NLG_OWNER_CLOSED_UNSEEN;
	return false;
}

void Nlg_dw_owners(struct Nlg_dw *p, struct Nlg_owner_ops *ops)
{
	*ops = (struct Nlg_owner_ops){
		.by_inode = by_inode, .by_cgroup = by_cgroup, .by_pid = by_pid, .ctx = p,
	};
}
