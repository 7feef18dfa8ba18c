/* SPDX-License-Identifier: MIT */
/* proc_table.c - processes and apps, and the interval's bytes they get. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>

#include "core/array.h"
#include "core/fold.h"
#include "core/ledger.h"

/* Ancestors are followed this far at most (a loop in a corrupt /proc
 * cannot hold the walk). */
#define MAX_ANCESTORS 64

static char *dup_or_empty(const char *s)
{
	return strdup(s ? s : "");
}

struct nlg_app *nlg_ledger_app_named(struct nlg_ledger *lg, enum nlg_app_kind kind,
				     const char *name)
{
	for (size_t i = 0; i < lg->napps; i++)
		if (lg->apps[i]->kind == kind && !strcmp(lg->apps[i]->name, name))
			return lg->apps[i];
	if (nlg_array_reserve(&lg->apps, &lg->capapps, lg->napps + 1, sizeof(*lg->apps), 32) < 0)
		return NULL;
	struct nlg_app *a = calloc(1, sizeof(*a));
	if (!a || !(a->name = strdup(name))) {
		free(a);
		return NULL;
	}
	a->kind = kind;
	lg->apps[lg->napps++] = a;
	return a;
}

/* The top ancestor that is not a launcher, below init: helpers fold into
 * the program that started them, not into the shell that started it. */
static void tree_top(const struct nlg_proc_desc *d, const struct nlg_owner_ops *ops,
		     struct nlg_proc_desc *top)
{
	struct nlg_proc_desc cur = *d, parent;
	for (int n = 0; n < MAX_ANCESTORS; n++) {
		if (cur.ppid <= 1 || !ops->by_pid(ops->ctx, cur.ppid, &parent))
			break;
		if (parent.pid <= 1 || nlg_fold_is_launcher(parent.comm))
			break;
		cur = parent;
	}
	*top = cur;
}

static struct nlg_app *fold(struct nlg_ledger *lg, const struct nlg_proc_desc *d,
			    const struct nlg_owner_ops *ops)
{
	enum nlg_app_kind kind;
	char name[256];
	if (nlg_fold_cgroup(d->cgroup, &kind, name, sizeof(name)))
		return nlg_ledger_app_named(lg, kind, name);
	struct nlg_proc_desc top;
	tree_top(d, ops, &top);
	/* Two runs of one program are two apps; the pid tells them apart. */
	snprintf(name, sizeof(name), "%s[%d]", top.comm[0] ? top.comm : "?", top.pid);
	return nlg_ledger_app_named(lg, NLG_APP_PROCESS_TREE, name);
}

struct nlg_proc *nlg_ledger_proc_for(struct nlg_ledger *lg, const struct nlg_proc_desc *d,
				     const struct nlg_owner_ops *ops)
{
	uint64_t *slot = nlg_u64map_get(&lg->proc_by_pid, (uint64_t)d->pid);
	struct nlg_proc *old = slot ? (struct nlg_proc *)(uintptr_t)*slot : NULL;
	if (old && old->d.start_ticks == d->start_ticks)
		return old;
	if (nlg_array_reserve(&lg->procs, &lg->capprocs, lg->nprocs + 1, sizeof(*lg->procs), 64) < 0 ||
	    nlg_u64map_reserve(&lg->proc_by_pid, nlg_u64map_count(&lg->proc_by_pid) + 1) < 0)
		return NULL;
	struct nlg_proc *p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->d = *d;
	p->d.cmdline = dup_or_empty(d->cmdline);
	p->d.exe = dup_or_empty(d->exe);
	p->d.cgroup = dup_or_empty(d->cgroup);
	p->app = fold(lg, d, ops);
	if (!p->d.cmdline || !p->d.exe || !p->d.cgroup || !p->app) {
		free((char *)p->d.cmdline);
		free((char *)p->d.exe);
		free((char *)p->d.cgroup);
		free(p);
		return NULL;
	}
	p->app->nprocs++;
	lg->procs[lg->nprocs++] = p;
	/* The same pid with another start time: the old one exited. */
	if (old)
		old->gone = true;
	nlg_u64map_put(&lg->proc_by_pid, (uint64_t)d->pid, (uint64_t)(uintptr_t)p); /* reserved */
	return p;
}

struct nlg_proc *nlg_ledger_proc_exited(struct nlg_ledger *lg, const struct nlg_proc_desc *d,
					const struct nlg_owner_ops *ops)
{
	uint64_t *slot = nlg_u64map_get(&lg->proc_by_pid, (uint64_t)d->pid);
	struct nlg_proc *old = slot ? (struct nlg_proc *)(uintptr_t)*slot : NULL;
	/* Its earlier sockets made it known already (seen alive or not). */
	if (old && !strcmp(old->d.comm, d->comm))
		return old;
	/* Otherwise a new, gone process; one of the same pid that a sample
	 * saw stays as it was, and stays the one that pid finds. */
	bool was_gone = old && old->gone;
	struct nlg_proc *p = nlg_ledger_proc_for(lg, d, ops);
	if (p && old && p != old) {
		old->gone = was_gone;
		nlg_u64map_put(&lg->proc_by_pid, (uint64_t)d->pid, (uint64_t)(uintptr_t)old);
	}
	if (p)
		p->gone = true;
	return p;
}

static void rates(uint64_t prx, uint64_t ptx, const struct nlg_sample_ctx *sc, double *rx,
		  double *tx)
{
	*rx = sc->dt_ns ? (double)prx * 1e9 / (double)sc->dt_ns : 0.0;
	*tx = sc->dt_ns ? (double)ptx * 1e9 / (double)sc->dt_ns : 0.0;
}

/* Adds each connection's interval to its process and app; counts what is
 * live. Closed connections add their last increase once, here. */
void nlg_ledger_roll_procs(struct nlg_ledger *lg, const struct nlg_sample_ctx *sc)
{
	for (size_t i = 0; i < lg->nprocs; i++) {
		struct nlg_proc *p = lg->procs[i];
		p->prx = p->ptx = 0;
		p->nconns = 0;
	}
	for (size_t i = 0; i < lg->napps; i++) {
		struct nlg_app *a = lg->apps[i];
		a->prx = a->ptx = 0;
		a->nconns = 0;
	}
	for (size_t i = 0; i < lg->nconns; i++) {
		struct nlg_conn *c = lg->conns[i];
		bool counted = nlg_conn_counted(lg, c);
		uint64_t rx = nlg_conn_counted_rx(lg, c), tx = nlg_conn_counted_tx(lg, c);
		if (c->proc) {
			c->proc->prx += rx;
			c->proc->ptx += tx;
			c->proc->nconns += !c->closed;
			c->proc->unknown_bytes |= !counted;
		}
		if (c->app) {
			c->app->prx += rx;
			c->app->ptx += tx;
			c->app->nconns += !c->closed;
			c->app->unknown_bytes |= !counted;
		}
	}
	for (size_t i = 0; i < lg->nprocs; i++) {
		struct nlg_proc *p = lg->procs[i];
		p->rx += p->prx;
		p->tx += p->ptx;
		rates(p->prx, p->ptx, sc, &p->rx_rate, &p->tx_rate);
	}
	for (size_t i = 0; i < lg->napps; i++) {
		struct nlg_app *a = lg->apps[i];
		a->rx += a->prx;
		a->tx += a->ptx;
		rates(a->prx, a->ptx, sc, &a->rx_rate, &a->tx_rate);
	}
}

void nlg_ledger_done(struct nlg_ledger *lg)
{
	for (size_t i = 0; i < lg->nconns; i++) {
		free(lg->conns[i]->w);
		free(lg->conns[i]);
	}
	for (size_t i = 0; i < lg->nprocs; i++) {
		free((char *)lg->procs[i]->d.cmdline);
		free((char *)lg->procs[i]->d.exe);
		free((char *)lg->procs[i]->d.cgroup);
		free(lg->procs[i]);
	}
	for (size_t i = 0; i < lg->napps; i++) {
		free(lg->apps[i]->name);
		free(lg->apps[i]);
	}
	free(lg->conns);
	free(lg->procs);
	free(lg->apps);
	free(lg->events);
	nlg_u64map_done(&lg->removed);
	nlg_ledger_netns_done(lg);
	nlg_u64map_done(&lg->proc_by_pid);
	memset(lg, 0, sizeof(*lg));
}
