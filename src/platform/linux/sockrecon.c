/* SPDX-License-Identifier: MIT */
/*
 * sockrecon.c - the full dumps under incremental sampling: the first one,
 * one after a lost notice or destroy event, and one each reconcile period
 * that checks the incremental view and counts where it was wrong. Every
 * full dump replaces the view.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/array.h"

#include "platform/linux/linux.h"

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* The view's sockets of namespaces whose dump failed (one may be going
 * away, or be briefly unreadable) are kept, in si->one, with their last
 * readings: dropped, they would close by absence, and a later notice
 * would list them again. Return: 0 or -ENOMEM. */
static int keep_unread(struct Nlg_platform *p)
{
	struct Nlg_sockinc *si = &p->inc;
	si->one.n = 0;
	for (size_t i = 0; i < si->cache.n; i++) {
		const struct Nlg_netns *ns = Nlg_netns_find(&p->netns, si->cache.v[i].netns);
		if (!ns || !ns->dump_failed)
			continue;
		struct Nlg_raw_sock *s = Nlg_raw_socks_push(&si->one);
		if (!s || Nlg_u64map_put(&si->skip, si->cache.v[i].cookie, 1) < 0)
			return -ENOMEM;
		*s = si->cache.v[i];
	}
	return 0;
}

static int rebuild(struct Nlg_sockinc *si, const struct Nlg_raw_socks *f)
{
	if (Nlg_array_reserve(&si->ns, &si->capns, f->nns, sizeof(*si->ns), 4) < 0)
		return -ENOMEM;
	if (f->nns)
		memcpy(si->ns, f->ns, f->nns * sizeof(*si->ns));
	si->nns = f->nns;
	memcpy(si->notes, f->notes, sizeof(si->notes));
	si->nnotes = f->nnotes;
	si->cache.n = 0;
	Nlg_u64map_clear(&si->index);
	if (Nlg_u64map_reserve(&si->index, f->n) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < f->n; i++) {
		if (!f->v[i].closed && Nlg_sockinc_upsert(si, &f->v[i]) < 0)
			return -ENOMEM;
	}
	for (size_t i = 0; i < si->one.n; i++) {
		if (!Nlg_u64map_get(&si->index, si->one.v[i].cookie) &&
		    Nlg_sockinc_upsert(si, &si->one.v[i]) < 0)
			return -ENOMEM;
	}
	si->one.n = 0;
	/* A socket the dump listed and a destroy event then closed (in this
	 * dump's drain or in the step's) is closed: kept, its stale live
	 * reading came back after its final one, and again every sample. */
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].closed)
			Nlg_sockinc_remove(si, f->v[i].cookie);
	for (size_t i = 0; i < si->closed.n; i++)
		Nlg_sockinc_remove(si, si->closed.v[i].cookie);
	return 0;
}

/* Memory kept for nothing between full dumps: the namespaces' copies of
 * their last dump (for reusing an idle one's: the view does that), the
 * check's own dump (one a minute), 168 bytes a socket each; the copy of
 * the eBPF table (some 110) and the join's older index (16 to 32). */
static void slim(struct Nlg_platform *p)
{
	for (size_t i = 0; i < p->netns.n; i++) {
		struct Nlg_netns *ns = p->netns.v[i];
		free(ns->cache);
		ns->cache = NULL;
		ns->ncache = ns->capcache = 0;
		ns->have_dump = false;
	}
	Nlg_raw_socks_done(&p->inc.full);
	Nlg_ebpf_read_done(p->ebpf);
	Nlg_sockjoin_slim(&p->join);
}

static void marks(struct Nlg_platform *p)
{
	slim(p);
	p->inc.last_full_ns = now_ns();
	p->inc.lost_changes = Nlg_ebpf_lost_changes(p->ebpf);
	p->inc.lost_events = Nlg_sockinc_lost_events(p);
	p->inc.stats.full_dumps++;
}

/* The first sample: a full dump, joined, becomes the view. */
static int prime(struct Nlg_platform *p, struct Nlg_raw_socks *out, struct Nlg_errbuf *eb)
{
	/* Before the dump: a socket that moves after it sends a notice. */
	Nlg_ebpf_next_gen(p->ebpf);
	int err = Nlg_platform_full_socks(p, out, eb);
	if (err < 0)
		return err;
	p->inc.one.n = 0;
	if (rebuild(&p->inc, out) < 0)
		return Nlg_fail(eb, -ENOMEM, "out of memory");
	p->inc.primed = true;
	p->inc.stats.incremental = true;
	marks(p);
	return 0;
}

static bool same(const struct Nlg_raw_sock *a, const struct Nlg_raw_sock *b)
{
	return a->state == b->state && a->proto == b->proto &&
	       a->bytes_acked == b->bytes_acked && a->bytes_received == b->bytes_received &&
	       a->has_wire == b->has_wire && a->wire_rx == b->wire_rx && a->wire_tx == b->wire_tx &&
	       a->wire_rx_packets == b->wire_rx_packets && a->wire_tx_packets == b->wire_tx_packets;
}

/* Sockets that moved during the check (read by this sample's step, or
 * noticed since): their two readings may differ rightly. */
static int moving(struct Nlg_sockinc *si)
{
	Nlg_u64map_clear(&si->skip);
	for (size_t i = 0; i < si->nread; i++)
		if (Nlg_u64map_put(&si->skip, si->read[i], 1) < 0)
			return -ENOMEM;
	for (size_t i = 0; i < si->nch; i++)
		if (Nlg_u64map_put(&si->skip, si->ch[i].cookie, 1) < 0)
			return -ENOMEM;
	for (size_t i = 0; i < si->closed.n; i++)
		if (Nlg_u64map_put(&si->skip, si->closed.v[i].cookie, 1) < 0)
			return -ENOMEM;
	return 0;
}

/* Return: the sockets the view had wrong: missing, extra, or with other
 * counts or state than the dump. */
static uint64_t differences(struct Nlg_sockinc *si, const struct Nlg_raw_socks *f)
{
	uint64_t diff = 0, live = 0;
	for (size_t i = 0; i < f->n; i++) {
		const struct Nlg_raw_sock *r = &f->v[i];
		if (r->closed || Nlg_u64map_get(&si->skip, r->cookie))
			continue;
		const uint64_t *pos = Nlg_u64map_get(&si->index, r->cookie);
		diff += !pos || !same(&si->cache.v[*pos], r);
		live += pos != NULL;
	}
	/* The view's sockets that the dump does not list. */
	uint64_t kept = 0;
	for (size_t i = 0; i < si->cache.n; i++)
		kept += !Nlg_u64map_get(&si->skip, si->cache.v[i].cookie);
	return diff + (kept - live);
}

/* The dump's closures (destroy events since the step) not already in
 * this sample's; they leave the view. */
static int take_closed(struct Nlg_sockinc *si, const struct Nlg_raw_socks *f)
{
	Nlg_u64map_clear(&si->skip);
	for (size_t i = 0; i < si->closed.n; i++)
		if (Nlg_u64map_put(&si->skip, si->closed.v[i].cookie, 1) < 0)
			return -ENOMEM;
	for (size_t i = 0; i < f->n; i++) {
		const struct Nlg_raw_sock *r = &f->v[i];
		if (!r->closed || Nlg_u64map_get(&si->skip, r->cookie))
			continue;
		struct Nlg_raw_sock *s = Nlg_raw_socks_push(&si->closed);
		if (!s || Nlg_u64map_put(&si->skip, r->cookie, 1) < 0)
			return -ENOMEM;
		*s = *r;
		Nlg_sockinc_remove(si, r->cookie);
	}
	return 0;
}

/* A full dump after this sample's step: counts where the view was wrong
 * (unless notices were lost: then it is known to be), then replaces it. */
static int check(struct Nlg_platform *p, bool lost, struct Nlg_errbuf *eb)
{
	struct Nlg_sockinc *si = &p->inc;
	struct Nlg_raw_socks *f = &si->full;
	/* Every namespace dumped: none has its last dump reused. */
	for (size_t i = 0; i < p->netns.n; i++)
		p->netns.v[i]->force = true;
	/* As at the first dump: a socket that moves after the dump sends a
	 * notice, even one whose notice of this sample went unread (busy). */
	Nlg_ebpf_next_gen(p->ebpf);
	int err = Nlg_platform_full_socks(p, f, eb);
	if (err < 0)
		return err;
	if (Nlg_sockinc_take_notices(p) < 0 || take_closed(si, f) < 0 || moving(si) < 0 ||
	    keep_unread(p) < 0)
		return Nlg_fail(eb, -ENOMEM, "out of memory");
	uint64_t diff = differences(si, f);
	if (!lost) {
		si->stats.reconciles++;
		si->stats.differences += diff;
	}
	if (rebuild(si, f) < 0)
		return Nlg_fail(eb, -ENOMEM, "out of memory");
	marks(p);
	return 0;
}

int Nlg_sockinc_read(struct Nlg_platform *p, struct Nlg_raw_socks *out, struct Nlg_errbuf *eb)
{
	struct Nlg_sockinc *si = &p->inc;
	int err;
	Nlg_raw_socks_clear(out); /* the view lent last time changes now */
	/* The view is what was ours when a full dump's join asks. */
	p->join.before = &si->index;
	if (!si->primed) {
		err = prime(p, out, eb);
		out->sampling = si->stats;
		return err;
	}
	si->closed.n = 0;
	if ((err = Nlg_sockinc_step(p, &si->closed, eb)) < 0)
		return err;
	/* Lost notices or closures, or too many sockets to read one by one:
	 * this sample's dump is the view (its differences are not counted). */
	bool lost = Nlg_ebpf_lost_changes(p->ebpf) != si->lost_changes ||
		    Nlg_sockinc_lost_events(p) != si->lost_events || si->busy;
	if (lost || now_ns() - si->last_full_ns >= si->period_ns) {
		if ((err = check(p, lost, eb)) < 0)
			return err;
	}
	if (Nlg_sockinc_output(p, out, &si->closed) < 0)
		return Nlg_fail(eb, -ENOMEM, "out of memory");
	si->stats.lost_notices = Nlg_ebpf_lost_changes(p->ebpf);
	out->sampling = si->stats;
	return 0;
}
