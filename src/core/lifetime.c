/* SPDX-License-Identifier: MIT */
/*
 * lifetime.c - processes and apps are born, go, linger, and are freed.
 *
 * A process is gone from the first sample that finds it exited; it stays
 * listed for the linger (so that a person sees it end), then it is freed
 * once no connection points to it. An app with neither a process nor a
 * connection is freed after the same linger. What they counted was added
 * to their app's totals as it moved, so freeing loses no byte that a live
 * app holds; the work and memory of a sample follow what is alive.
 */
#include <stdlib.h>

#include "core/ledger.h"

void Nlg_ledger_mark_gone(struct Nlg_ledger *lg, struct nlg_proc *p)
{
	if (!p || p->gone)
		return;
	p->gone = true;
	p->gone_ns = lg->now_ns;
}

void Nlg_conn_set_owner(struct nlg_conn *c, struct nlg_proc *p, struct nlg_app *a)
{
	Nlg_conn_release(c);
	c->proc = p;
	c->app = a;
	if (p)
		p->refs++;
	if (a) {
		a->refs++;
		a->idle_ns = 0;
	}
}

void Nlg_conn_release(struct nlg_conn *c)
{
	if (c->proc)
		c->proc->refs--;
	if (c->app)
		c->app->refs--;
	c->proc = NULL;
	c->app = NULL;
}

static bool lingered(const struct Nlg_ledger *lg, uint64_t since)
{
	return lg->now_ns >= since && lg->now_ns - since >= lg->linger_ns;
}

static void proc_free(struct Nlg_ledger *lg, struct nlg_proc *p)
{
	uint64_t *slot = Nlg_u64map_get(&lg->proc_by_pid, (uint64_t)p->d.pid);
	if (slot && *slot == (uint64_t)(uintptr_t)p)
		Nlg_u64map_del(&lg->proc_by_pid, (uint64_t)p->d.pid, NULL);
	if (p->app)
		p->app->nprocs--;
	lg->procs[p->idx] = lg->procs[--lg->nprocs];
	lg->procs[p->idx]->idx = p->idx;
	free((char *)p->d.cmdline);
	free((char *)p->d.exe);
	free((char *)p->d.cgroup);
	free(p);
}

/* Processes that exited since the last sample become gone now. A process
 * with a live connection of its own is alive, unless its pid was reused. */
static void find_exits(struct Nlg_ledger *lg, const struct Nlg_owner_ops *ops)
{
	if (!ops || !ops->alive)
		return;
	for (size_t i = 0; i < lg->nprocs; i++) {
		struct nlg_proc *p = lg->procs[i];
		if (!p->gone && !ops->alive(ops->ctx, p->d.pid, p->d.start_ticks))
			Nlg_ledger_mark_gone(lg, p);
	}
}

void Nlg_ledger_lifetimes(struct Nlg_ledger *lg, const struct Nlg_sample_ctx *sc,
			  const struct Nlg_owner_ops *ops)
{
	lg->now_ns = sc->now_ns;
	find_exits(lg, ops);
	for (size_t i = 0; i < lg->nprocs;) {
		struct nlg_proc *p = lg->procs[i];
		if (p->gone && !p->refs && lingered(lg, p->gone_ns))
			proc_free(lg, p);   /* the last one moved to i */
		else
			i++;
	}
	for (size_t i = 0; i < lg->napps;) {
		struct nlg_app *a = lg->apps[i];
		bool idle = !a->nprocs && !a->refs && a->kind != NLG_APP_UNATTRIBUTED;
		if (!idle) {
			a->idle_ns = 0;
		} else if (!a->idle_ns) {
			a->idle_ns = lg->now_ns ? lg->now_ns : 1;
		} else if (lingered(lg, a->idle_ns)) {
			Nlg_ledger_app_free(lg, a);
			continue;
		}
		i++;
	}
}
