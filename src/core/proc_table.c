/* SPDX-License-Identifier: MIT */
/* proc_table.c - processes and apps, and the interval's bytes they get. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>

#include "core/array.h"
#include "core/identity.h"
#include "core/ledger.h"

/* Ancestors are followed this far at most (a loop in a corrupt /proc
 * cannot hold the walk). */
#define MAX_ANCESTORS 64

static char *dup_or_empty(const char *s)
{
	return strdup(s ? s : "");
}

/* The process and its ancestors below init, as the identity rules read
 * them. Ancestors' strings are copied: each by_pid call may reuse the
 * platform's buffers. */
struct tree {
	struct Nlg_ident_proc chain[MAX_ANCESTORS];
	char comm[MAX_ANCESTORS][16];
	char *exe[MAX_ANCESTORS], *cmdline[MAX_ANCESTORS];
	size_t n;
};

static void tree_done(struct tree *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->exe[i]);
		free(t->cmdline[i]);
	}
}

/* Return: false without memory. */
static bool tree_push(struct tree *t, const struct Nlg_proc_desc *d)
{
	size_t i = t->n;
	memcpy(t->comm[i], d->comm, sizeof(t->comm[i]));
	t->comm[i][15] = '\0';
	t->exe[i] = dup_or_empty(d->exe);
	t->cmdline[i] = dup_or_empty(d->cmdline);
	if (!t->exe[i] || !t->cmdline[i]) {
		free(t->exe[i]);
		free(t->cmdline[i]);
		return false;
	}
	t->chain[i] = (struct Nlg_ident_proc){ d->pid, t->comm[i], t->exe[i], t->cmdline[i] };
	t->n++;
	return true;
}

/* Walks up while an ancestor could still be the app's top: past the
 * first launcher nothing above matters. */
static bool tree_read(struct tree *t, const struct Nlg_proc_desc *d,
		      const struct Nlg_owner_ops *ops)
{
	struct Nlg_proc_desc cur = *d, parent;
	if (!tree_push(t, d))
		return false;
	while (t->n < MAX_ANCESTORS && cur.ppid > 1 && ops && ops->by_pid &&
	       ops->by_pid(ops->ctx, cur.ppid, &parent) && parent.pid > 1) {
		if (!tree_push(t, &parent))
			return false;
		if (Nlg_ident_is_launcher(parent.comm))
			break;
		cur = parent;
	}
	return true;
}

/* Return: the app of an identity, named by its container runtime where
 * the platform knows the name. */
struct nlg_app *Nlg_ledger_app_of(struct Nlg_ledger *lg, struct Nlg_ident *id,
				  const struct Nlg_owner_ops *ops)
{
	/* The runtime's files are read once per container, not per process. */
	struct nlg_app *known = Nlg_ledger_app_find(lg, id->kind, id->key);
	if (known)
		return known;
	if (id->runtime[0] && ops && ops->container_name) {
		char name[NLG_IDENT_NAME_MAX];
		if (ops->container_name(ops->ctx, id->runtime, id->id, name, sizeof(name)))
			memcpy(id->name, name, sizeof(name));
	}
	return Nlg_ledger_app_for(lg, id->kind, id->key, id->name);
}

static struct nlg_app *fold(struct Nlg_ledger *lg, const struct Nlg_proc_desc *d,
			    const struct Nlg_owner_ops *ops)
{
	struct Nlg_ident id;
	if (Nlg_ident_cgroup(d->cgroup, &id))
		return Nlg_ledger_app_of(lg, &id, ops);
	struct tree *t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	struct nlg_app *a = NULL;
	if (tree_read(t, d, ops)) {
		Nlg_ident_tree(t->chain, t->n, &id);
		/* Only its name is known (it exited unseen, or its executable
		 * is unreadable): the program of that name, when there is one. */
		if (!strncmp(id.key, "comm:", 5))
			a = Nlg_ledger_program_named(lg, id.name);
		if (!a)
			a = Nlg_ledger_app_of(lg, &id, ops);
	}
	tree_done(t);
	free(t);
	return a;
}

struct nlg_proc *Nlg_ledger_proc_for(struct Nlg_ledger *lg, const struct Nlg_proc_desc *d,
				     const struct Nlg_owner_ops *ops)
{
	uint64_t *slot = Nlg_u64map_get(&lg->proc_by_pid, (uint64_t)d->pid);
	struct nlg_proc *old = slot ? (struct nlg_proc *)(uintptr_t)*slot : NULL;
	if (old && old->d.start_ticks == d->start_ticks)
		return old;
	if (Nlg_array_reserve(&lg->procs, &lg->capprocs, lg->nprocs + 1, sizeof(*lg->procs), 64) < 0 ||
	    Nlg_u64map_reserve(&lg->proc_by_pid, Nlg_u64map_count(&lg->proc_by_pid) + 1) < 0)
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
	p->app->idle_ns = 0;
	p->idx = lg->nprocs;
	lg->procs[lg->nprocs++] = p;
	/* The same pid with another start time: the old one exited. */
	Nlg_ledger_mark_gone(lg, old);
	Nlg_u64map_put(&lg->proc_by_pid, (uint64_t)d->pid, (uint64_t)(uintptr_t)p); /* reserved */
	return p;
}

struct nlg_proc *Nlg_ledger_proc_exited(struct Nlg_ledger *lg, const struct Nlg_proc_desc *d,
					const struct Nlg_owner_ops *ops)
{
	uint64_t *slot = Nlg_u64map_get(&lg->proc_by_pid, (uint64_t)d->pid);
	struct nlg_proc *old = slot ? (struct nlg_proc *)(uintptr_t)*slot : NULL;
	/* Its earlier sockets made it known already (seen alive or not). */
	if (old && !strcmp(old->d.comm, d->comm))
		return old;
	/* Otherwise a new, gone process; one of the same pid that a sample
	 * saw stays as it was, and stays the one that pid finds. */
	bool was_gone = old && old->gone;
	struct nlg_proc *p = Nlg_ledger_proc_for(lg, d, ops);
	if (p && old && p != old) {
		old->gone = was_gone;
		Nlg_u64map_put(&lg->proc_by_pid, (uint64_t)d->pid, (uint64_t)(uintptr_t)old);
	}
	Nlg_ledger_mark_gone(lg, p);
	return p;
}

static void rates(uint64_t prx, uint64_t ptx, const struct Nlg_sample_ctx *sc, double *rx,
		  double *tx)
{
	*rx = sc->dt_ns ? (double)prx * 1e9 / (double)sc->dt_ns : 0.0;
	*tx = sc->dt_ns ? (double)ptx * 1e9 / (double)sc->dt_ns : 0.0;
}

/* Adds each connection's interval to its process and app; counts what is
 * live. Closed connections add their last increase once, here. */
void Nlg_ledger_roll_procs(struct Nlg_ledger *lg, const struct Nlg_sample_ctx *sc)
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
		bool counted = Nlg_conn_counted(lg, c) && !c->final_unknown;
		uint64_t rx = Nlg_conn_counted_rx(lg, c), tx = Nlg_conn_counted_tx(lg, c);
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

void Nlg_ledger_done(struct Nlg_ledger *lg)
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
		free(lg->apps[i]->key);
		free(lg->apps[i]->name);
		free(lg->apps[i]);
	}
	free(lg->conns);
	free(lg->procs);
	free(lg->apps);
	free(lg->events);
	Nlg_removed_done(lg);
	Nlg_ledger_netns_done(lg);
	Nlg_u64map_done(&lg->proc_by_pid);
	Nlg_u64map_done(&lg->app_by_key);
	Nlg_u64map_done(&lg->program_by_name);
	memset(lg, 0, sizeof(*lg));
}
