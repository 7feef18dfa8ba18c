/* SPDX-License-Identifier: MIT */
/*
 * sockinc.c - an incremental socket sample: the sockets the eBPF programs
 * noticed (a packet, a TCP state change) since the last sample are read one
 * by one from sock_diag and the counter's table; every other socket keeps
 * its last reading, which is exact because nothing moved on it. Closures
 * still come from the destroy events, with the kernel's final counts.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>

#include "core/array.h"
#include "platform/linux/linux.h"

#define TCP_TIME_WAIT 6
#define TCP_NEW_SYN_RECV 12

void Nlg_sockinc_init(struct Nlg_sockinc *si, uint64_t period_ns)
{
	memset(si, 0, sizeof(*si));
	Nlg_u64map_init(&si->index);
	Nlg_u64map_init(&si->chpos);
	Nlg_u64map_init(&si->skip);
	si->period_ns = period_ns ? period_ns : NLG_SOCKINC_PERIOD_NS;
}

void Nlg_sockinc_done(struct Nlg_sockinc *si)
{
	Nlg_raw_socks_done(&si->cache);
	Nlg_raw_socks_done(&si->one);
	Nlg_raw_socks_done(&si->full);
	Nlg_raw_socks_done(&si->closed);
	Nlg_u64map_done(&si->skip);
	Nlg_u64map_done(&si->index);
	Nlg_u64map_done(&si->chpos);
	free(si->ch);
	free(si->read);
	free(si->fresh);
	free(si->del);
	free(si->ns);
	memset(si, 0, sizeof(*si));
}

/* Return: 0 or -ENOMEM. */
int Nlg_sockinc_upsert(struct Nlg_sockinc *si, const struct Nlg_raw_sock *r)
{
	if (Nlg_array_reserve(&si->fresh, &si->capfresh, si->nfresh + 1, sizeof(*si->fresh),
			      64) < 0)
		return -ENOMEM;
	si->fresh[si->nfresh++] = r->cookie;
	const uint64_t *pos = Nlg_u64map_get(&si->index, r->cookie);
	if (pos) {
		si->cache.v[*pos] = *r;
		si->cache.v[*pos].unchanged = false;
		return 0;
	}
	struct Nlg_raw_sock *s = Nlg_raw_socks_push(&si->cache);
	if (!s)
		return -ENOMEM;
	*s = *r;
	s->unchanged = false;
	if (Nlg_u64map_put(&si->index, r->cookie, si->cache.n - 1) < 0) {
		si->cache.n--;
		return -ENOMEM;
	}
	si->unsorted |= si->cache.n > 1 && si->cache.v[si->cache.n - 2].cookie > r->cookie;
	return 0;
}

/* Removes a socket from the view: the last one takes its place. */
void Nlg_sockinc_remove(struct Nlg_sockinc *si, uint64_t cookie)
{
	uint64_t pos;
	if (!Nlg_u64map_del(&si->index, cookie, &pos))
		return;
	size_t last = si->cache.n - 1;
	if (pos != last) {
		si->cache.v[pos] = si->cache.v[last];
		Nlg_u64map_put(&si->index, si->cache.v[pos].cookie, pos); /* replaces: no memory */
		si->unsorted = true;
	}
	si->cache.n--;
}

int Nlg_sockinc_mark_done(struct Nlg_sockinc *si, uint64_t cookie)
{
	if (Nlg_array_reserve(&si->del, &si->capdel, si->ndel + 1, sizeof(*si->del), 64) < 0)
		return -ENOMEM;
	si->del[si->ndel++] = cookie;
	return 0;
}

/* A notice to act on at the next read; a later one with endpoints wins. */
static int note(void *ctx, const struct nlg_bpf_change *c)
{
	struct Nlg_sockinc *si = ctx;
	const uint64_t *pos = Nlg_u64map_get(&si->chpos, c->cookie);
	if (pos) {
		if (c->family)
			si->ch[*pos] = *c;
		return 0;
	}
	if (Nlg_array_reserve(&si->ch, &si->capch, si->nch + 1, sizeof(*si->ch), 64) < 0 ||
	    Nlg_u64map_put(&si->chpos, c->cookie, si->nch) < 0)
		return -ENOMEM;
	si->ch[si->nch++] = *c;
	return 0;
}

int Nlg_sockinc_take_notices(struct Nlg_platform *p)
{
	return Nlg_ebpf_changes(p->ebpf, note, &p->inc);
}

/* The sockets read at the last sample are read again (see `read`). */
static int carry_over(struct Nlg_sockinc *si)
{
	for (size_t i = 0; i < si->nread; i++) {
		struct nlg_bpf_change c = { .cookie = si->read[i] };
		if (note(si, &c) < 0)
			return -ENOMEM;
	}
	si->nread = 0;
	return 0;
}

static bool diag_proto(uint8_t proto)
{
	return proto == IPPROTO_TCP || proto == IPPROTO_UDP;
}

/* The key of a one-socket query: the notice's endpoints, else the last
 * reading's. Return: false when neither is known. */
static bool query_key(struct Nlg_sockinc *si, const struct nlg_bpf_change *c,
		      struct Nlg_raw_sock *key)
{
	const uint64_t *pos = Nlg_u64map_get(&si->index, c->cookie);
	memset(key, 0, sizeof(*key));
	if (pos)
		*key = si->cache.v[*pos];
	if (c->family) {
		key->family = c->family;
		key->proto = c->protocol;
		memcpy(key->local, c->local, sizeof(key->local));
		memcpy(key->remote, c->remote, sizeof(key->remote));
		key->lport = c->lport;
		key->rport = c->rport;
	}
	key->cookie = c->cookie;
	return key->family && diag_proto(key->proto);
}

/* A socket its owner closed (v->released), read from the table: it leaves
 * the view with these final counts. Return: 0 or -ENOMEM. */
static int close_from_table(struct Nlg_sockinc *si, const struct Nlg_netns *ns,
			    const struct Nlg_raw_sock *key, const struct nlg_bpf_sock *v,
			    struct Nlg_raw_socks *closed)
{
	const uint64_t *pos = Nlg_u64map_get(&si->index, key->cookie);
	struct Nlg_raw_sock r = pos ? si->cache.v[*pos] : *key;
	r.closed = true;
	r.netns = ns->inode;
	Nlg_sockjoin_give(&r, v);
	Nlg_sockinc_remove(si, key->cookie);
	struct Nlg_raw_sock *s = Nlg_raw_socks_push(closed);
	if (!s)
		return -ENOMEM;
	*s = r;
	return Nlg_sockinc_mark_done(si, key->cookie);
}

/* A TCP or UDP socket: its reading from its namespace's sock_diag, its
 * counts from the table. Gone from sock_diag, it keeps its last reading
 * until its destroy event; but a UDP socket that its owner closed ends
 * now, with the table's counts: its destroy event carries no counts of
 * its own and may come samples late (the kernel sends it from a work
 * queue, after an RCU grace period), or after the last sample of a run.
 * Return: 0 or a negative error code. */
static int read_diag(struct Nlg_platform *p, struct Nlg_netns *ns, const struct Nlg_raw_sock *key,
		     const struct nlg_bpf_sock *v, struct Nlg_raw_socks *closed)
{
	struct Nlg_sockinc *si = &p->inc;
	si->one.n = 0;
	int err = Nlg_socksrc_get(&ns->socks, key, &si->one);
	if (err == -ENOMEM)
		return err;
	if (err < 0 || si->one.v[0].state == TCP_TIME_WAIT || si->one.v[0].state == TCP_NEW_SYN_RECV) {
		if (err == -ENOENT && v && v->released && key->proto == IPPROTO_UDP)
			return close_from_table(si, ns, key, v, closed);
		return 0; /* closing: its destroy event follows */
	}
	struct Nlg_raw_sock r = si->one.v[0];
	r.closed = false;
	r.netns = ns->inode;
	if (v)
		Nlg_sockjoin_give(&r, v);
	return Nlg_sockinc_upsert(si, &r);
}

/* Another protocol: only the table knows it. */
static int read_other(struct Nlg_platform *p, const struct Nlg_netns *ns, uint64_t cookie,
		      const struct nlg_bpf_sock *v, struct Nlg_raw_socks *closed)
{
	struct Nlg_sockinc *si = &p->inc;
	struct Nlg_raw_sock r = { .cookie = cookie, .proto = (uint8_t)v->protocol,
				  .netns = ns->inode };
	if (v->released)
		return close_from_table(si, ns, &r, v, closed);
	Nlg_sockjoin_give(&r, v);
	return Nlg_sockinc_upsert(si, &r);
}

/* Return: the namespace of the registry a notice is from (by its cookie,
 * or for a socket read before, its last reading's), or NULL: not read. */
static struct Nlg_netns *ns_of(struct Nlg_platform *p, const struct nlg_bpf_change *c)
{
	const uint64_t *inode = c->netns ? Nlg_u64map_get(&p->netns.cookies, c->netns) : NULL;
	const uint64_t *pos = Nlg_u64map_get(&p->inc.index, c->cookie);
	struct Nlg_netns *ns = NULL;
	if (inode)
		ns = Nlg_netns_find(&p->netns, *inode);
	else if (!c->netns && pos)
		ns = Nlg_netns_find(&p->netns, p->inc.cache.v[*pos].netns);
	return ns && !ns->err ? ns : NULL;
}

/* Reads one noticed socket of a namespace in scope (the others are no
 * monitor's business, as in a full dump). Return: 0 or -errno. */
static int refresh(struct Nlg_platform *p, const struct nlg_bpf_change *c,
		   struct Nlg_raw_socks *closed)
{
	struct Nlg_sockinc *si = &p->inc;
	struct nlg_bpf_sock v;
	struct Nlg_raw_sock key;
	struct Nlg_netns *ns = ns_of(p, c);
	if (!ns)
		return 0;
	bool hv = Nlg_ebpf_lookup(p->ebpf, c->cookie, &v) == 0;
	if (Nlg_array_reserve(&si->read, &si->capread, si->nread + 1, sizeof(*si->read), 64) < 0)
		return -ENOMEM;
	si->read[si->nread++] = c->cookie;
	si->stats.last_read++;
	if (query_key(si, c, &key))
		return read_diag(p, ns, &key, hv ? &v : NULL, closed);
	/* (protocol 0: an entry made by a packet whose socket it could not see) */
	if (hv && v.protocol && !diag_proto((uint8_t)v.protocol))
		return read_other(p, ns, c->cookie, &v, closed);
	return 0; /* endpoints not known yet: a later notice or the check finds it */
}

/* Destroy events of every namespace: final readings; the table's final
 * counts join them. */
static int take_closures(struct Nlg_platform *p, struct Nlg_raw_socks *closed,
			 struct Nlg_errbuf *eb)
{
	struct Nlg_sockinc *si = &p->inc;
	size_t n0 = closed->n;
	int err = 0;
	for (size_t i = 0; i < p->netns.n && !err; i++) {
		struct Nlg_netns *ns = p->netns.v[i];
		if (!ns->err)
			err = Nlg_socksrc_drain(&ns->socks, closed, ns->inode, eb);
	}
	for (size_t i = n0; i < closed->n && !err; i++) {
		struct Nlg_raw_sock *r = &closed->v[i];
		struct nlg_bpf_sock v;
		Nlg_sockinc_remove(si, r->cookie);
		if (Nlg_ebpf_lookup(p->ebpf, r->cookie, &v) == 0) {
			Nlg_sockjoin_give(r, &v);
			err = Nlg_sockinc_mark_done(si, r->cookie);
		}
	}
	return err;
}

uint64_t Nlg_sockinc_lost_events(const struct Nlg_platform *p)
{
	uint64_t lost = p->netns.lost_gone;
	for (size_t i = 0; i < p->netns.n; i++)
		lost += p->netns.v[i]->socks.lost;
	return lost;
}

int Nlg_sockinc_step(struct Nlg_platform *p, struct Nlg_raw_socks *closed, struct Nlg_errbuf *eb)
{
	struct Nlg_sockinc *si = &p->inc;
	int err = 0;
	si->stats.last_read = 0;
	/* Every reading was given at the last sample: the same until read
	 * again (see Nlg_raw_sock.unchanged). Only those read since are not
	 * marked so already: an idle view is not walked. */
	for (size_t i = 0; i < si->nfresh; i++) {
		const uint64_t *pos = Nlg_u64map_get(&si->index, si->fresh[i]);
		if (pos)
			si->cache.v[*pos].unchanged = true;
	}
	Nlg_array_trim(&si->fresh, &si->capfresh, si->nfresh, sizeof(*si->fresh), 64);
	si->nfresh = 0;
	/* Namespaces born since: their sockets' notices are read too. */
	if (p->netns.scope == NLG_NETNS_SCOPE_ALL && Nlg_netns_reg_scan(&p->netns) < 0)
		return Nlg_fail(eb, -ENOMEM, "out of memory");
	Nlg_ebpf_next_gen(p->ebpf);
	if (carry_over(si) < 0 || Nlg_sockinc_take_notices(p) < 0)
		return Nlg_fail(eb, -ENOMEM, "out of memory");
	si->busy = si->nch > NLG_INC_MAX_READS + si->cache.n / 8;
	for (size_t i = 0; i < si->nch && !err && !si->busy; i++)
		err = refresh(p, &si->ch[i], closed);
	Nlg_array_trim(&si->ch, &si->capch, si->nch, sizeof(*si->ch), 64);
	si->nch = 0;
	Nlg_u64map_clear(&si->chpos);
	if (err < 0)
		return Nlg_fail(eb, err, "cannot read a changed socket: %s", strerror(-err));
	return take_closures(p, closed, eb);
}

static int cmp_cookie(const void *a, const void *b)
{
	uint64_t x = ((const struct Nlg_raw_sock *)a)->cookie;
	uint64_t y = ((const struct Nlg_raw_sock *)b)->cookie;
	return (x > y) - (x < y);
}

/* The view in cookie order, as the ledger merges it: sorted again only
 * when sockets came or went, so an idle sample sorts nothing. */
static void order(struct Nlg_sockinc *si)
{
	if (!si->unsorted)
		return;
	qsort(si->cache.v, si->cache.n, sizeof(*si->cache.v), cmp_cookie);
	for (size_t i = 0; i < si->cache.n; i++)
		Nlg_u64map_put(&si->index, si->cache.v[i].cookie, i); /* replaces: no memory */
	si->unsorted = false;
}

int Nlg_sockinc_output(struct Nlg_platform *p, struct Nlg_raw_socks *out,
		       const struct Nlg_raw_socks *closed)
{
	struct Nlg_sockinc *si = &p->inc;
	order(si);
	Nlg_raw_socks_clear(out);
	/* The view itself is lent, with the closures past its end: not a
	 * copy of every socket's reading each sample. */
	if (Nlg_array_reserve(&si->cache.v, &si->cache.cap, si->cache.n + closed->n + 1,
			      sizeof(*si->cache.v), 256) < 0)
		return -ENOMEM;
	if (closed->n)
		memcpy(si->cache.v + si->cache.n, closed->v, closed->n * sizeof(*closed->v));
	Nlg_raw_socks_lend(out, si->cache.v, si->cache.n + closed->n, si->cache.cap);
	out->closures_seen = true;
	for (size_t i = 0; i < p->netns.n; i++)
		out->closures_seen &= p->netns.v[i]->err || p->netns.v[i]->socks.destroy.sock;
	out->lost_events = Nlg_sockinc_lost_events(p);
	out->ebpf_active = true;
	out->ebpf_status = NULL;
	out->ebpf_overflow = Nlg_ebpf_overflow(p->ebpf);
	/* The namespaces and notes of the last full dump. */
	for (size_t i = 0; i < si->nns; i++) {
		struct Nlg_raw_netns *rn = Nlg_raw_socks_push_netns(out);
		if (!rn)
			return -ENOMEM;
		*rn = si->ns[i];
	}
	memcpy(out->notes, si->notes, sizeof(out->notes));
	out->nnotes = si->nnotes;
	/* A failed delete leaves an entry that the next check drops. */
	Nlg_ebpf_delete(p->ebpf, si->del, si->ndel);
	si->ndel = 0;
	return 0;
}
