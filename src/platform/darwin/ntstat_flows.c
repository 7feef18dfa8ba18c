/* SPDX-License-Identifier: MIT */
/* ntstat_flows.c - network-statistics sources, and their join to sockets. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core/array.h"
#include "platform/darwin/ntstat_flows.h"

/* A flow's identity for the join: protocol and both endpoints, an
 * endpoint without address and port counting as no endpoint. */
struct flow_key {
	uint8_t proto;                 /* enum Nlg_ntstat_proto */
	uint8_t lver, rver;            /* 4, 6 or 0 */
	uint16_t lport, rport;
	uint8_t laddr[16], raddr[16];
};

static bool empty_endpoint(uint8_t ver, const uint8_t *addr, uint16_t port)
{
	static const uint8_t zero[16];
	return ver == 0 || (port == 0 && !memcmp(addr, zero, ver == 4 ? 4 : 16));
}

static void key_side(uint8_t ver, const uint8_t *addr, uint16_t port, uint8_t *kver,
		     uint8_t *kaddr, uint16_t *kport)
{
	if (empty_endpoint(ver, addr, port))
		return; /* the key was zeroed */
	*kver = ver;
	memcpy(kaddr, addr, ver == 4 ? 4 : 16);
	*kport = port;
}

static void key_of_flow(const struct Nlg_ntstat_flow *fl, struct flow_key *k)
{
	const struct Nlg_ntstat_desc *d = &fl->desc;
	memset(k, 0, sizeof(*k));
	k->proto = (uint8_t)d->proto;
	key_side(d->local.ipver, d->local.addr, d->local.port, &k->lver, k->laddr, &k->lport);
	key_side(d->remote.ipver, d->remote.addr, d->remote.port, &k->rver, k->raddr, &k->rport);
}

static void key_of_sock(const struct Nlg_raw_sock *s, struct flow_key *k)
{
	uint8_t ver = s->family == AF_INET ? 4 : 6;
	memset(k, 0, sizeof(*k));
	k->proto = s->proto == 6 ? NLG_NTSTAT_TCP : NLG_NTSTAT_UDP; /* IPPROTO_TCP */
	key_side(ver, s->local, s->lport, &k->lver, k->laddr, &k->lport);
	key_side(ver, s->remote, s->rport, &k->rver, k->raddr, &k->rport);
}

static int key_cmp(const struct flow_key *a, const struct flow_key *b)
{
	if (a->proto != b->proto)
		return a->proto < b->proto ? -1 : 1;
	if (a->lver != b->lver)
		return a->lver < b->lver ? -1 : 1;
	if (a->rver != b->rver)
		return a->rver < b->rver ? -1 : 1;
	if (a->lport != b->lport)
		return a->lport < b->lport ? -1 : 1;
	if (a->rport != b->rport)
		return a->rport < b->rport ? -1 : 1;
	int c = memcmp(a->laddr, b->laddr, 16);
	return c ? c : memcmp(a->raddr, b->raddr, 16);
}

void Nlg_ntstat_flows_done(struct Nlg_ntstat_flows *f)
{
	free(f->v);
	free(f->by_key);
	memset(f, 0, sizeof(*f));
}

/* Return: the index of the first source whose srcref is >= srcref. */
static size_t lower_bound(const struct Nlg_ntstat_flows *f, uint64_t srcref)
{
	size_t lo = 0, hi = f->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (f->v[mid].srcref < srcref)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct Nlg_ntstat_flow *Nlg_ntstat_flows_find(const struct Nlg_ntstat_flows *f,
						    uint64_t srcref)
{
	size_t i = lower_bound(f, srcref);
	return i < f->n && f->v[i].srcref == srcref ? &f->v[i] : NULL;
}

/* Return: the source with that srcref, added if new, or NULL (no memory). */
static struct Nlg_ntstat_flow *get_or_add(struct Nlg_ntstat_flows *f, uint64_t srcref)
{
	size_t i = lower_bound(f, srcref);
	if (i < f->n && f->v[i].srcref == srcref)
		return &f->v[i];
	if (Nlg_array_reserve(&f->v, &f->cap, f->n + 1, sizeof(*f->v), 64) < 0)
		return NULL;
	memmove(&f->v[i + 1], &f->v[i], (f->n - i) * sizeof(*f->v));
	f->n++;
	memset(&f->v[i], 0, sizeof(f->v[i]));
	f->v[i].srcref = srcref;
	return &f->v[i];
}

static void take(struct Nlg_ntstat_flow *fl, const struct Nlg_ntstat_msg *m)
{
	if (m->provider)
		fl->provider = m->provider;
	if (m->have_desc) {
		fl->desc = m->desc;
		fl->have_desc = true;
	}
	if (m->have_counts) {
		fl->counts = m->counts;
		fl->have_counts = true;
	}
	if (m->flags & NLG_NSTAT_F_CLOSED_AFTER_DROP)
		fl->counts_lost = true;
}

int Nlg_ntstat_flows_apply(struct Nlg_ntstat_flows *f, const struct Nlg_ntstat_msg *m)
{
	struct Nlg_ntstat_flow *fl;

	switch (m->type) {
	case NLG_NSTAT_SRC_ADDED:
	case NLG_NSTAT_SRC_DESC:
	case NLG_NSTAT_SRC_COUNTS:
	case NLG_NSTAT_SRC_UPDATE:
	case NLG_NSTAT_SRC_EXTENDED_UPDATE:
		if (!(fl = get_or_add(f, m->srcref)))
			return -ENOMEM;
		take(fl, m);
		return 0;
	case NLG_NSTAT_SRC_REMOVED:
		fl = (struct Nlg_ntstat_flow *)Nlg_ntstat_flows_find(f, m->srcref);
		if (fl) {
			fl->removed = true;
			fl->counts_lost |= (m->flags & NLG_NSTAT_F_CLOSED_AFTER_DROP) != 0;
		}
		return 0;
	default:
		return 0; /* replies to requests: the caller reads them from *last */
	}
}

int Nlg_ntstat_flows_feed(struct Nlg_ntstat_flows *f, const uint8_t *buf, size_t len,
			  struct Nlg_ntstat_msg *last)
{
	struct Nlg_ntstat_msg m;
	size_t off = 0;
	int n = 0, r;

	while ((r = Nlg_ntstat_next(buf, len, &off, &m)) == 1) {
		if (Nlg_ntstat_flows_apply(f, &m) < 0)
			return -ENOMEM;
		if (last)
			*last = m;
		n++;
	}
	return r < 0 ? r : n;
}

static int by_key(const void *a, const void *b)
{
	struct flow_key x, y;
	key_of_flow(*(const struct Nlg_ntstat_flow *const *)a, &x);
	key_of_flow(*(const struct Nlg_ntstat_flow *const *)b, &y);
	return key_cmp(&x, &y);
}

static bool joinable(const struct Nlg_ntstat_flow *fl)
{
	return fl->have_desc && fl->desc.proto != NLG_NTSTAT_OTHER;
}

static int build_index(struct Nlg_ntstat_flows *f)
{
	if (Nlg_array_reserve(&f->by_key, &f->key_cap, f->n + 1, sizeof(*f->by_key), 64) < 0)
		return -ENOMEM;
	f->nkey = 0;
	for (size_t i = 0; i < f->n; i++) {
		f->v[i].joined = false;
		if (joinable(&f->v[i]))
			f->by_key[f->nkey++] = &f->v[i];
	}
	qsort(f->by_key, f->nkey, sizeof(*f->by_key), by_key);
	return 0;
}

/* Return: among the sources with key k, the one pid holds (or works for),
 * or the only one; NULL when none or several others. */
static struct Nlg_ntstat_flow *match(const struct Nlg_ntstat_flows *f, const struct flow_key *k,
				     int pid)
{
	size_t lo = 0, hi = f->nkey;
	struct flow_key fk;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		key_of_flow(f->by_key[mid], &fk);
		if (key_cmp(&fk, k) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	struct Nlg_ntstat_flow *only = NULL, *helper = NULL;
	size_t count = 0;
	for (size_t i = lo; i < f->nkey; i++, count++) {
		key_of_flow(f->by_key[i], &fk);
		if (key_cmp(&fk, k) != 0)
			break;
		struct Nlg_ntstat_flow *fl = f->by_key[i];
		if (fl->desc.pid == (uint32_t)pid)
			return fl;
		if (fl->desc.epid == (uint32_t)pid)
			helper = fl;
		only = fl;
	}
	return helper ? helper : count == 1 ? only : NULL;
}

static void give_counts(struct Nlg_raw_sock *s, const struct Nlg_ntstat_flow *fl)
{
	s->has_tcp_info = fl->have_counts && !fl->counts_lost;
	s->bytes_received = fl->counts.rx_bytes;
	s->bytes_acked = fl->counts.tx_bytes;
}

int Nlg_ntstat_flows_join(struct Nlg_ntstat_flows *f, struct Nlg_raw_socks *rs,
			  const int *pids)
{
	if (build_index(f) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < rs->n; i++) {
		struct flow_key k;
		key_of_sock(&rs->v[i], &k);
		struct Nlg_ntstat_flow *fl = match(f, &k, pids[i]);
		if (!fl || fl->removed)
			continue;
		give_counts(&rs->v[i], fl);
		fl->cookie = rs->v[i].cookie;
		fl->joined = true;
	}
	return 0;
}

static void endpoint(const struct Nlg_ntstat_endpoint *ep, uint8_t *addr, uint16_t *port)
{
	memcpy(addr, ep->addr, 16);
	*port = ep->port;
}

/* Return: 0 with a reading of the source appended, or -ENOMEM. */
static int push_flow(const struct Nlg_ntstat_flow *fl, struct Nlg_raw_socks *rs, bool closed)
{
	const struct Nlg_ntstat_desc *d = &fl->desc;
	struct Nlg_raw_sock *s = Nlg_raw_socks_push(rs);
	if (!s)
		return -ENOMEM;
	s->cookie = fl->cookie ? fl->cookie : NLG_NTSTAT_COOKIE(fl->srcref);
	s->inode = s->cookie;
	uint8_t ver = d->local.ipver ? d->local.ipver : d->remote.ipver;
	s->family = ver == 6 ? AF_INET6 : AF_INET;
	s->proto = d->proto == NLG_NTSTAT_TCP ? 6 : 17; /* IPPROTO_TCP, IPPROTO_UDP */
	if (d->proto == NLG_NTSTAT_TCP)
		s->state = Nlg_ntstat_tcp_state(d->tcp_state);
	else
		s->state = d->remote.port ? NLG_CONN_ESTABLISHED : NLG_CONN_CLOSE;
	s->uid = d->have_uid ? d->uid : 0;
	s->ifindex = d->ifindex;
	endpoint(&d->local, s->local, &s->lport);
	endpoint(&d->remote, s->remote, &s->rport);
	give_counts(s, fl);
	s->closed = closed;
	return 0;
}

int Nlg_ntstat_flows_emit(struct Nlg_ntstat_flows *f, struct Nlg_raw_socks *rs)
{
	int err = 0;
	for (size_t i = 0; i < f->n && !err; i++) {
		const struct Nlg_ntstat_flow *fl = &f->v[i];
		if (!joinable(fl) || (fl->joined && !fl->removed))
			continue;
		err = push_flow(fl, rs, fl->removed);
	}
	return err;
}

void Nlg_ntstat_flows_prune(struct Nlg_ntstat_flows *f)
{
	size_t k = 0;
	for (size_t i = 0; i < f->n; i++)
		if (!f->v[i].removed)
			f->v[k++] = f->v[i];
	f->n = k;
	f->nkey = 0; /* pointers into v moved */
}
