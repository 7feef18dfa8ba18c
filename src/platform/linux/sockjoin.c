/* SPDX-License-Identifier: MIT */
/* sockjoin.c - the eBPF counter's sockets, joined to sock_diag's. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>

#include "core/array.h"
#include "platform/linux/sockjoin.h"

void Nlg_sockjoin_init(struct Nlg_sockjoin *j)
{
	memset(j, 0, sizeof(*j));
	Nlg_u64map_init(&j->index[0]);
	Nlg_u64map_init(&j->index[1]);
	Nlg_u64map_init(&j->idle[0]);
	Nlg_u64map_init(&j->idle[1]);
	Nlg_u64map_init(&j->waiting[0]);
	Nlg_u64map_init(&j->waiting[1]);
	Nlg_u64map_init(&j->dups);
}

void Nlg_sockjoin_done(struct Nlg_sockjoin *j)
{
	Nlg_u64map_done(&j->index[0]);
	Nlg_u64map_done(&j->index[1]);
	Nlg_u64map_done(&j->idle[0]);
	Nlg_u64map_done(&j->idle[1]);
	Nlg_u64map_done(&j->waiting[0]);
	Nlg_u64map_done(&j->waiting[1]);
	Nlg_u64map_done(&j->dups);
	free(j->del);
	free(j->extra);
	memset(j, 0, sizeof(*j));
}

void Nlg_sockjoin_give(struct Nlg_raw_sock *s, const struct nlg_bpf_sock *v)
{
	s->has_wire = true;
	s->wire_rx = v->rx_bytes;
	s->wire_tx = v->tx_bytes;
	s->wire_rx_packets = v->rx_packets;
	s->wire_tx_packets = v->tx_packets;
	s->creator_tgid = v->tgid;
	s->created_ns = v->created_ns;
	memcpy(s->creator_comm, v->comm, sizeof(s->creator_comm));
	s->creator_comm[sizeof(s->creator_comm) - 1] = '\0';
	if (!s->cgroup_id)
		s->cgroup_id = v->cgroup_id;
	if (!s->uid)
		s->uid = v->uid;
}

static int mark_done(struct Nlg_sockjoin *j, uint64_t cookie)
{
	if (Nlg_array_reserve(&j->del, &j->capdel, j->ndel + 1, sizeof(*j->del), 256) < 0)
		return -ENOMEM;
	j->del[j->ndel++] = cookie;
	return 0;
}

/* A socket that sock_diag does not list: its endpoints are unknown. */
static int add_extra(struct Nlg_sockjoin *j, uint64_t cookie, const struct nlg_bpf_sock *v,
		     bool closed, uint64_t netns)
{
	if (Nlg_array_reserve(&j->extra, &j->capextra, j->nextra + 1, sizeof(*j->extra), 64) < 0)
		return -ENOMEM;
	struct Nlg_raw_sock *s = &j->extra[j->nextra++];
	memset(s, 0, sizeof(*s));
	s->cookie = cookie;
	s->proto = (uint8_t)v->protocol;
	s->closed = closed;
	s->netns = netns;
	Nlg_sockjoin_give(s, v);
	return 0;
}

/* Another namespace's socket: dropped once it is closed or idle. */
static int other(struct Nlg_sockjoin *j, uint64_t cookie, const struct nlg_bpf_sock *v)
{
	uint64_t packets = v->rx_packets + v->tx_packets;
	const uint64_t *was = Nlg_u64map_get(&j->idle[!j->cur], cookie);
	uint64_t idle = was && (*was >> 8) == (packets & (UINT64_MAX >> 8)) ? (*was & 0xff) + 1 : 0;
	if (v->released || idle >= NLG_SOCKJOIN_IDLE)
		return mark_done(j, cookie);
	return Nlg_u64map_put(&j->idle[j->cur], cookie, packets << 8 | idle);
}

static int join_one(struct Nlg_sockjoin *j, struct Nlg_raw_socks *rs, uint64_t cookie,
		    const struct nlg_bpf_sock *v, const struct Nlg_u64map *netns)
{
	const uint64_t *pos = Nlg_u64map_get(&j->index[j->cur], cookie);
	if (pos) {
		struct Nlg_raw_sock *s = &rs->v[*pos];
		const uint64_t *dup = Nlg_u64map_get(&j->dups, cookie);
		Nlg_sockjoin_give(s, v);
		if (dup)
			Nlg_sockjoin_give(&rs->v[*dup], v);
		/* its destroy event: these are its final counts */
		return s->closed ? mark_done(j, cookie) : 0;
	}
	bool waited = Nlg_u64map_get(&j->waiting[!j->cur], cookie) != NULL;
	const uint64_t *ns = v->netns ? Nlg_u64map_get(netns, v->netns) : NULL;
	const struct Nlg_u64map *before = j->before ? j->before : &j->index[!j->cur];
	bool ours = ns || waited || Nlg_u64map_get(before, cookie);
	uint64_t inode = ns ? *ns : 0;
	if (!ours)
		return other(j, cookie, v);
	/* Protocol 0: made by a packet without a full socket (a handshake's):
	 * most likely TCP, so it may have a destroy event coming too. */
	bool diag = v->protocol == IPPROTO_TCP || v->protocol == IPPROTO_UDP || !v->protocol;
	if (v->released) {
		/* A TCP or UDP socket's destroy event, with its final payload
		 * counts, may come with the next sample: wait for it once. */
		if (diag && !waited)
			return Nlg_u64map_put(&j->waiting[j->cur], cookie, 1);
		/* closed, and its destroy event lost or never sent */
		int err = add_extra(j, cookie, v, true, inode);
		return err ? err : mark_done(j, cookie);
	}
	/* TCP and UDP sockets are in the next dump; the others never are. */
	return diag ? 0 : add_extra(j, cookie, v, false, inode);
}

/* Live sockets stay before the closed ones, as the ledger reads them. */
static int splice_extra(struct Nlg_sockjoin *j, struct Nlg_raw_socks *rs)
{
	size_t nlive = 0, ndump = 0;
	if (j->nextra == 0)
		return 0;  /* and rs->v may still be NULL */
	while (ndump < rs->n && !rs->v[ndump].closed)
		ndump++;
	for (size_t i = 0; i < j->nextra; i++)
		nlive += !j->extra[i].closed;
	if (Nlg_array_reserve(&rs->v, &rs->cap, rs->n + j->nextra, sizeof(*rs->v), 256) < 0)
		return -ENOMEM;
	memmove(rs->v + ndump + nlive, rs->v + ndump, (rs->n - ndump) * sizeof(*rs->v));
	size_t live = ndump, dead = rs->n + nlive;
	for (size_t i = 0; i < j->nextra; i++)
		rs->v[j->extra[i].closed ? dead++ : live++] = j->extra[i];
	rs->n += j->nextra;
	return 0;
}

void Nlg_sockjoin_slim(struct Nlg_sockjoin *j)
{
	for (int i = 0; i < 2; i++) {
		if (i == j->cur && !j->before)
			continue;
		Nlg_u64map_done(&j->index[i]);
		Nlg_u64map_init(&j->index[i]);
	}
	Nlg_u64map_done(&j->dups);
	Nlg_u64map_init(&j->dups);
}

static int index_socks(struct Nlg_sockjoin *j, const struct Nlg_raw_socks *rs)
{
	struct Nlg_u64map *index = &j->index[j->cur];
	Nlg_u64map_clear(index);
	Nlg_u64map_clear(&j->dups);
	if (Nlg_u64map_reserve(index, rs->n) < 0)
		return -ENOMEM;
	/* A socket in the dump and in a destroy event (it closed in between):
	 * the event is final, and the dump's reading gets the same counts. */
	for (size_t i = 0; i < rs->n; i++) {
		const uint64_t *was = Nlg_u64map_get(index, rs->v[i].cookie);
		if (was && Nlg_u64map_put(&j->dups, rs->v[i].cookie, *was) < 0)
			return -ENOMEM;
		Nlg_u64map_put(index, rs->v[i].cookie, i);
	}
	return 0;
}

int Nlg_sockjoin_apply(struct Nlg_sockjoin *j, struct Nlg_raw_socks *rs, const uint64_t *cookies,
		       const struct nlg_bpf_sock *v, size_t n, const struct Nlg_u64map *netns)
{
	int err = 0;
	j->ndel = j->nextra = 0;
	j->cur = !j->cur;
	Nlg_u64map_clear(&j->idle[j->cur]);
	Nlg_u64map_clear(&j->waiting[j->cur]);
	if (index_socks(j, rs) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < n && !err; i++)
		err = join_one(j, rs, cookies[i], &v[i], netns);
	if (!err)
		err = splice_extra(j, rs);
	return err;
}
