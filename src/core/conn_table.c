/* SPDX-License-Identifier: MIT */
/* conn_table.c - connections by cookie, their counts and their events. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>

#include "core/array.h"
#include "core/identity.h"
#include "core/ledger.h"

static int cmp_raw(const void *a, const void *b)
{
	uint64_t x = ((const struct Nlg_raw_sock *)a)->cookie;
	uint64_t y = ((const struct Nlg_raw_sock *)b)->cookie;
	return (x > y) - (x < y);
}

/* Sorts v unless it already is: incremental samples come sorted, and the
 * merge keeps the connections in order; a sort of 20 000 sorted readings
 * was a third of a sample's time. */
static void sort_once(void *v, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	for (size_t i = 1; i < n; i++) {
		if (cmp((char *)v + (i - 1) * size, (char *)v + i * size) > 0) {
			qsort(v, n, size, cmp);
			return;
		}
	}
}

static size_t conn_accs(struct nlg_conn *c, struct Nlg_acc **accs);

static void remember_removed(struct Nlg_ledger *lg, struct nlg_conn *c)
{
	struct Nlg_acc *accs[6];
	struct Nlg_removed r = { .nraw = (uint8_t)conn_accs(c, accs) };
	for (size_t i = 0; i < r.nraw; i++)
		r.raw[i] = accs[i]->primed ? accs[i]->raw : 0;
	Nlg_removed_put(lg, c->last.cookie, &r);
}

static int push_event(struct Nlg_ledger *lg, enum nlg_event_type type, const struct nlg_conn *c)
{
	if (Nlg_array_reserve(&lg->events, &lg->capevents, lg->nevents + 1, sizeof(*lg->events),
			      256) < 0)
		return -ENOMEM;
	lg->events[lg->nevents++] = (struct nlg_event){
		.type = type, .conn = c,
		.rx_delta = Nlg_conn_bytes_rx(c)->last_delta,
		.tx_delta = Nlg_conn_bytes_tx(c)->last_delta,
	};
	return 0;
}

static void endpoint(struct nlg_endpoint *ep, int family, const uint8_t *addr, uint16_t port)
{
	memset(ep, 0, sizeof(*ep));
	ep->family = family;
	memcpy(ep->addr, addr, family == AF_INET ? 4 : 16);
	ep->port = port;
}

/* The process that made the socket, from the eBPF counter: still running,
 * or exited before any sample saw it. */
static struct nlg_proc *by_creator(struct Nlg_ledger *lg, const struct Nlg_raw_sock *r,
				   const struct Nlg_owner_ops *ops)
{
	struct Nlg_proc_desc d;
	if (!r->creator_tgid || !ops->by_creator)
		return NULL;
	if (ops->by_creator(ops->ctx, r->creator_tgid, r->created_ns, r->creator_comm, &d))
		return Nlg_ledger_proc_for(lg, &d, ops);
	/* exited: its cgroup, when known, still names its app; the name the
	 * eBPF program recorded is its main thread's */
	const char *cgroup = NULL;
	enum nlg_owner_why why;
	ops->by_cgroup(ops->ctx, r->cgroup_id, r->uid, &d, &cgroup, &why);
	memset(&d, 0, sizeof(d));
	d.pid = (int)r->creator_tgid;
	d.uid = r->uid;
	memcpy(d.comm, r->creator_comm, sizeof(d.comm));
	d.comm[sizeof(d.comm) - 1] = '\0';
	d.cgroup = cgroup;
	return Nlg_ledger_proc_exited(lg, &d, ops);
}

/* Finds the owner of a new connection, first read as raw: by inode while
 * it is open, else by the process that made it (eBPF), else by cgroup and
 * uid when it closed before any sample saw it. */
static void resolve_owner(struct Nlg_ledger *lg, struct nlg_conn *c,
			  const struct Nlg_raw_sock *raw, const struct Nlg_owner_ops *ops)
{
	struct Nlg_proc_desc d;
	struct nlg_proc *p = NULL;
	struct nlg_app *a = NULL;
	const char *cgroup = NULL;
	enum nlg_owner_why why = NLG_OWNER_OK;

	if (!ops) {
		c->why = NLG_OWNER_NOT_LOOKED_UP;
		return;
	}
	if (c->last.inode && ops->by_inode(ops->ctx, c->last.inode, &d, &why))
		p = Nlg_ledger_proc_for(lg, &d, ops);
	if (!p)
		p = by_creator(lg, raw, ops);
	if (!p && !c->last.inode &&
	    ops->by_cgroup(ops->ctx, c->last.cgroup_id, c->last.uid, &d, &cgroup, &why))
		p = Nlg_ledger_proc_for(lg, &d, ops);
	c->why = (uint8_t)why;
	if (p) {
		c->why = NLG_OWNER_OK;
		Nlg_conn_set_owner(c, p, p->app);
		return;
	}
	/* No process, but the cgroup alone may still name the app. */
	struct Nlg_ident id;
	if (cgroup && Nlg_ident_cgroup(cgroup, &id))
		a = Nlg_ledger_app_of(lg, &id, ops);
	if (!a)
		a = Nlg_ledger_app_named(lg, NLG_APP_UNATTRIBUTED, "unattributed");
	Nlg_conn_set_owner(c, NULL, a);
}

static void accs_init(struct Nlg_acc *const *accs, size_t n, bool from_zero)
{
	for (size_t i = 0; i < n; i++) {
		if (from_zero)
			Nlg_acc_init_from_zero(accs[i], 64);
		else
			Nlg_acc_init(accs[i], 64);
	}
}

/* Return: a connection's eBPF counts, made on its first reading with them:
 * from zero when the connection was known before (its counts start with
 * the counter's entry) or was born after the first sample. */
static struct Nlg_conn_wire *wire_of(struct nlg_conn *c, bool from_zero)
{
	if (c->w)
		return c->w;
	c->w = calloc(1, sizeof(*c->w));
	if (c->w) {
		struct Nlg_acc *const accs[] = { &c->w->rx, &c->w->tx, &c->w->rxp, &c->w->txp };
		accs_init(accs, 4, from_zero);
	}
	return c->w;
}

/* Return: a new connection from its first reading, or NULL (no memory). */
static struct nlg_conn *conn_new(const struct Nlg_raw_sock *raw, const struct Nlg_sample_ctx *sc)
{
	struct nlg_conn *c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->last = (struct Nlg_conn_seen){
		.cookie = raw->cookie, .inode = raw->inode, .cgroup_id = raw->cgroup_id,
		.netns = raw->netns, .uid = raw->uid, .family = raw->family,
		.proto = raw->proto, .state = raw->state,
	};
	endpoint(&c->local, raw->family, raw->local, raw->lport);
	endpoint(&c->remote, raw->family, raw->remote, raw->rport);
	/* Opened after the first sample: everything it moved was watched. */
	struct Nlg_acc *const accs[] = { &c->rx, &c->tx };
	accs_init(accs, 2, sc->dt_ns != 0);
	if (raw->has_wire && !wire_of(c, sc->dt_ns != 0)) {
		free(c);
		return NULL;
	}
	c->first_seen_ns = sc->now_ns;
	return c;
}

/* The eBPF counter's reading (without memory for it, the reading is
 * skipped and the next one taken). */
static void wire_update(struct nlg_conn *c, const struct Nlg_raw_sock *raw,
			const struct Nlg_sample_ctx *sc)
{
	struct Nlg_conn_wire *w = wire_of(c, true);
	if (!w)
		return;
	struct Nlg_acc *const accs[] = { &w->rx, &w->tx, &w->rxp, &w->txp };
	const uint64_t v[] = { raw->wire_rx, raw->wire_tx, raw->wire_rx_packets,
			       raw->wire_tx_packets };
	for (size_t i = 0; i < 4; i++)
		Nlg_acc_update_growing(accs[i], v[i], sc->dt_ns, sc->ceiling);
}

/* Return: how many accumulators the connection has, put in accs. */
static size_t conn_accs(struct nlg_conn *c, struct Nlg_acc **accs)
{
	size_t n = 0;
	accs[n++] = &c->rx;
	accs[n++] = &c->tx;
	if (c->w) {
		accs[n++] = &c->w->rx;
		accs[n++] = &c->w->tx;
		accs[n++] = &c->w->rxp;
		accs[n++] = &c->w->txp;
	}
	return n;
}

/* Takes a reading into what the connection keeps of it. A reading may
 * lack some of it: a closing socket or a time-wait entry its TCP counters,
 * a destroy event or an eBPF-only reading its endpoints, a socket without
 * a file its inode; the last ones known stay. */
static void seen_take(struct Nlg_conn_seen *l, const struct Nlg_raw_sock *raw)
{
	l->cookie = raw->cookie;
	l->cgroup_id = raw->cgroup_id;
	l->uid = raw->uid;
	l->state = raw->state;
	if (raw->inode)
		l->inode = raw->inode;
	if (raw->netns)
		l->netns = raw->netns;
	if (raw->family) {
		l->family = raw->family;
		l->proto = raw->proto;
	}
	if (raw->has_tcp_info) {
		l->has_tcp_info = true;
		l->bytes_acked = raw->bytes_acked;
		l->bytes_received = raw->bytes_received;
		l->rtt_us = raw->rtt_us;
		l->retrans = raw->retrans;
	}
}

static void conn_update(struct nlg_conn *c, const struct Nlg_raw_sock *raw,
			const struct Nlg_sample_ctx *sc)
{
	struct Nlg_acc *accs[6];
	uint64_t before[6] = { 0 };
	/* A second reading in one sample (the dump, then its destroy event):
	 * the interval's increase is the sum of both. */
	bool again = c->last_seen_ns && c->last_seen_ns == sc->now_ns;
	size_t nacc = conn_accs(c, accs);
	for (size_t i = 0; i < nacc; i++) {
		before[i] = again ? accs[i]->last_delta : 0;
		accs[i]->last_delta = 0;
	}
	seen_take(&c->last, raw);
	if (raw->has_tcp_info) {
		/* A stale reading (lower counts) must not count again. */
		Nlg_acc_update_growing(&c->rx, raw->bytes_received, sc->dt_ns, sc->ceiling);
		Nlg_acc_update_growing(&c->tx, raw->bytes_acked, sc->dt_ns, sc->ceiling);
	}
	if (raw->has_wire)
		wire_update(c, raw, sc);
	for (size_t i = 0; i < nacc; i++)
		accs[i]->last_delta += before[i];
	c->dt_us = sc->dt_ns / 1000 > UINT32_MAX ? UINT32_MAX : (uint32_t)(sc->dt_ns / 1000);
	c->last_seen_ns = sc->now_ns;
	c->missing = 0;
}

/* Return: true when raw is the reading the connection already took (see
 * Nlg_raw_sock.unchanged), its counts and state the same: nothing to add. */
static bool same_reading(const struct nlg_conn *c, const struct Nlg_raw_sock *raw,
			 const struct Nlg_sample_ctx *sc)
{
	const struct Nlg_conn_seen *l = &c->last;
	const struct Nlg_conn_wire *w = c->w;
	return raw->unchanged && c->last_seen_ns && c->last_seen_ns != sc->now_ns &&
	       l->state == raw->state && l->has_tcp_info == raw->has_tcp_info &&
	       l->bytes_received == raw->bytes_received && l->bytes_acked == raw->bytes_acked &&
	       (w != NULL) == raw->has_wire &&
	       (!w || (w->rx.raw == raw->wire_rx && w->tx.raw == raw->wire_tx &&
		       w->rxp.raw == raw->wire_rx_packets && w->txp.raw == raw->wire_tx_packets));
}

/* A connection that did not move: what conn_update makes of the same
 * reading again, without the work (most connections, most samples). */
static void conn_idle(struct nlg_conn *c, const struct Nlg_sample_ctx *sc)
{
	struct Nlg_acc *accs[6];
	for (size_t i = 0, n = conn_accs(c, accs); i < n; i++)
		accs[i]->last_delta = 0;
	c->dt_us = 0;
	c->last_seen_ns = sc->now_ns;
	c->missing = 0;
}

static void conn_close(struct nlg_conn *c)
{
	c->closed = true;
	c->dt_us = 0;
}

struct merge {
	struct Nlg_ledger *lg;
	const struct Nlg_sample_ctx *sc;
	const struct Nlg_owner_ops *ops;
	struct nlg_conn **out;
	size_t nout;
	const struct Nlg_raw_sock *events;  /* destroy events, sorted by cookie */
	size_t nevents;
};

static bool has_event(const struct merge *m, uint64_t cookie)
{
	struct Nlg_raw_sock key = { .cookie = cookie };
	return bsearch(&key, m->events, m->nevents, sizeof(key), cmp_raw) != NULL;
}

static int emit_change(struct Nlg_ledger *lg, struct nlg_conn *c, bool added)
{
	if (added)
		return push_event(lg, NLG_EVENT_CONN_ADDED, c);
	if (c->closed)
		return push_event(lg, NLG_EVENT_CONN_REMOVED, c);
	if (Nlg_conn_bytes_rx(c)->last_delta || Nlg_conn_bytes_tx(c)->last_delta)
		return push_event(lg, NLG_EVENT_CONN_UPDATED, c);
	return 0;
}

/* An open connection whose owner was not found when it was first seen:
 * looked for again for a few samples, by its inode only (the process that
 * holds it now). The bytes already counted stay with "unattributed"; what
 * it moves from here on counts for the process found. */
static void retry_owner(struct merge *m, struct nlg_conn *c)
{
	struct Nlg_proc_desc d;
	if (c->proc || !m->ops || !c->last.inode || c->owner_tries >= NLG_OWNER_RETRIES ||
	    (c->why != NLG_OWNER_NOT_FOUND && c->why != NLG_OWNER_UNREADABLE))
		return;
	c->owner_tries++;
	enum nlg_owner_why why = c->why;
	bool found = m->ops->by_inode(m->ops->ctx, c->last.inode, &d, &why);
	c->why = (uint8_t)why;
	if (!found)
		return;
	struct nlg_proc *p = Nlg_ledger_proc_for(m->lg, &d, m->ops);
	if (!p)
		return;
	c->why = NLG_OWNER_OK;
	Nlg_conn_set_owner(c, p, p->app);
}

/* A removed connection listed again: its accumulators start from its
 * last readings, so that only what it moved since counts. */
static void resume(struct nlg_conn *c, const struct Nlg_removed *r)
{
	struct Nlg_acc *accs[6];
	size_t n = conn_accs(c, accs);
	for (size_t i = 0; i < n; i++) {
		Nlg_acc_init(accs[i], 64);
		if (i < r->nraw)
			Nlg_acc_update(accs[i], r->raw[i], 0, 0);  /* the baseline */
		else if (r->nraw == 2)
			Nlg_acc_init_from_zero(accs[i], 64);  /* counted by eBPF since */
	}
}

static bool moved(struct nlg_conn *c)
{
	struct Nlg_acc *accs[6];
	for (size_t i = 0, n = conn_accs(c, accs); i < n; i++)
		if (accs[i]->last_delta)
			return true;
	return false;
}

static int take_new(struct merge *m, const struct Nlg_raw_sock *raw)
{
	const struct Nlg_removed *gone = Nlg_removed_get(m->lg, raw->cookie);
	struct nlg_conn *c = conn_new(raw, m->sc);
	if (!c)
		return -ENOMEM;
	if (gone)
		resume(c, gone);
	conn_update(c, raw, m->sc);
	/* The final reading of a removed connection, again: nothing new. */
	if (gone && raw->closed && !moved(c)) {
		free(c->w);
		free(c);
		return 0;
	}
	resolve_owner(m->lg, c, raw, m->ops);
	m->out[m->nout++] = c;
	if (raw->closed)
		conn_close(c);
	int err = push_event(m->lg, NLG_EVENT_CONN_ADDED, c);
	if (!err && c->closed)
		err = push_event(m->lg, NLG_EVENT_CONN_REMOVED, c);
	return err;
}

/* Return: true when destroy events were lost in the samples where an
 * absent connection's own event was due: the one before it went missing
 * (closed after that dump, before that drain), the one it went missing in
 * and this one. Its last sampled counts then need not be its final ones. */
static bool lost_lately(const struct Nlg_ledger *lg)
{
	return lg->closures_seen && lg->lost_gen && lg->gen - lg->lost_gen <= NLG_LOST_SAMPLES;
}

/* An open connection the dump no longer lists: with destroy events, wait
 * one sample for its final counts; without, close it with its last ones. */
static int take_absent(struct merge *m, struct nlg_conn *c)
{
	struct Nlg_acc *accs[6];
	for (size_t i = 0, n = conn_accs(c, accs); i < n; i++)
		accs[i]->last_delta = 0;
	c->dt_us = 0;
	/* Its destroy event is in this sample: it closes there, with it. */
	if (has_event(m, c->last.cookie)) {
		m->out[m->nout++] = c;
		return 0;
	}
	if (m->lg->closures_seen && c->missing == 0) {
		c->missing = 1;
		m->out[m->nout++] = c;
		return 0;
	}
	conn_close(c);
	c->final_unknown = lost_lately(m->lg);
	m->out[m->nout++] = c;
	return push_event(m->lg, NLG_EVENT_CONN_REMOVED, c);
}

static int merge_dump(struct merge *m, struct Nlg_raw_sock *dump, size_t n)
{
	struct Nlg_ledger *lg = m->lg;
	size_t i = 0, j = 0;
	int err = 0;

	while (!err && (i < lg->nconns || j < n)) {
		if (j > 0 && j < n && dump[j].cookie == dump[j - 1].cookie) {
			j++; /* the same socket twice in one dump */
			continue;
		}
		struct nlg_conn *c = i < lg->nconns ? lg->conns[i] : NULL;
		if (c && (j == n || c->last.cookie < dump[j].cookie)) {
			err = take_absent(m, c);
			i++;
		} else if (c && c->last.cookie == dump[j].cookie) {
			if (same_reading(c, &dump[j], m->sc))
				conn_idle(c, m->sc);
			else
				conn_update(c, &dump[j], m->sc);
			j++;
			retry_owner(m, c);
			m->out[m->nout++] = c;
			err = emit_change(lg, c, false);
			i++;
		} else {
			err = take_new(m, &dump[j++]);
		}
	}
	/* Out of memory: keep every connection we had, counted or not. */
	for (; err && i < lg->nconns; i++)
		m->out[m->nout++] = lg->conns[i];
	return err;
}

static struct nlg_conn *find(struct nlg_conn **v, size_t n, uint64_t cookie)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid]->last.cookie == cookie)
			return v[mid];
		if (v[mid]->last.cookie < cookie)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int cmp_conn(const void *a, const void *b)
{
	uint64_t x = (*(struct nlg_conn *const *)a)->last.cookie;
	uint64_t y = (*(struct nlg_conn *const *)b)->last.cookie;
	return (x > y) - (x < y);
}

/* Destroy events: the final counts of sockets that closed. */
static int take_closures(struct merge *m, const struct Nlg_raw_sock *ev, size_t n, size_t sorted)
{
	int err = 0;
	for (size_t k = 0; k < n && !err; k++) {
		struct nlg_conn *c = find(m->out, sorted, ev[k].cookie);
		/* Events are sorted by cookie: a connection born from an event
		 * is the last one added, should the same event come twice. */
		if (!c && m->nout > sorted && m->out[m->nout - 1]->last.cookie == ev[k].cookie)
			c = m->out[m->nout - 1];
		if (!c) {
			/* born and gone between two samples */
			err = take_new(m, &ev[k]);
			continue;
		}
		if (c->closed)
			continue;
		conn_update(c, &ev[k], m->sc);
		conn_close(c);
		/* an ADDED or UPDATED event of this sample may precede it */
		err = push_event(m->lg, NLG_EVENT_CONN_REMOVED, c);
	}
	return err;
}

/* Connections closed in the last sample leave the table now. */
static void drop_closed(struct Nlg_ledger *lg)
{
	size_t k = 0;
	for (size_t i = 0; i < lg->nconns; i++) {
		struct nlg_conn *c = lg->conns[i];
		if (c->closed) {
			remember_removed(lg, c);
			Nlg_conn_release(c);
			free(c->w);
			free(c);
		} else {
			lg->conns[k++] = c;
		}
	}
	lg->nconns = k;
}

int Nlg_ledger_apply(struct Nlg_ledger *lg, struct Nlg_raw_socks *rs,
		     const struct Nlg_sample_ctx *sc, const struct Nlg_owner_ops *ops)
{
	size_t ndump = 0;
	int err;

	Nlg_array_trim(&lg->events, &lg->capevents, lg->nevents, sizeof(*lg->events), 256);
	lg->nevents = 0;
	lg->gen++;
	lg->now_ns = sc->now_ns;
	Nlg_removed_expire(lg);
	drop_closed(lg);
	lg->closures_seen = rs->closures_seen;
	if (rs->lost_events != lg->lost_mark)
		lg->lost_gen = lg->gen;
	lg->lost_mark = rs->lost_events;
	lg->ip_bytes = rs->ebpf_active;
	while (ndump < rs->n && !rs->v[ndump].closed)
		ndump++;
	if (rs->n) {  /* a namespace without sockets: rs->v may be NULL */
		sort_once(rs->v, ndump, sizeof(*rs->v), cmp_raw);
		sort_once(rs->v + ndump, rs->n - ndump, sizeof(*rs->v), cmp_raw);
	}

	/* Exactly the room the merge can need: made anew every sample, a
	 * doubled array would be up to twice the table's size in heap. */
	size_t cap = 0, need = lg->nconns + rs->n + 1;
	struct nlg_conn **out = NULL;
	if ((err = Nlg_array_reserve(&out, &cap, need, sizeof(*out), need)) < 0)
		return err;
	struct merge m = { .lg = lg, .sc = sc, .ops = ops, .out = out,
			   .events = rs->v + ndump, .nevents = rs->n - ndump };
	err = merge_dump(&m, rs->v, ndump);
	if (!err)
		err = take_closures(&m, rs->v + ndump, rs->n - ndump, m.nout);
	sort_once(m.out, m.nout, sizeof(*m.out), cmp_conn);
	/* Neighbours by cookie mostly share a namespace: a named one's name
	 * is taken again without a lookup. */
	uint64_t named_ns = 0;
	const char *name = NULL;
	for (size_t i = 0; i < m.nout; i++) {
		struct nlg_conn *c = m.out[i];
		c->ebpf = lg->ip_bytes;
		if (name && c->last.netns == named_ns) {
			c->netns_name = name;
			continue;
		}
		c->netns_name = Nlg_ledger_netns_of(lg, c);
		if (c->netns_name[0]) {
			named_ns = c->last.netns;
			name = c->netns_name;
		}
	}
	free(lg->conns);
	lg->conns = m.out;
	lg->nconns = m.nout;
	lg->capconns = cap;
	Nlg_ledger_roll_procs(lg, sc);
	Nlg_ledger_lifetimes(lg, sc, ops);
	return err;
}
