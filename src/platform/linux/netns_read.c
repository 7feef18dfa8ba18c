/* SPDX-License-Identifier: MIT */
/*
 * netns_read.c - one sample of the sockets of every namespace in the
 * registry: their dumps, or the last dump of a namespace where nothing
 * moved, then their destroy events.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "core/array.h"
#include "platform/linux/bpf/sockcount.h"
#include "platform/linux/netns.h"

static int names(const struct Nlg_netns_reg *r, struct Nlg_raw_socks *out)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct Nlg_netns *ns = r->v[i];
		if (ns->err)
			continue;
		struct Nlg_raw_netns *rn = Nlg_raw_socks_push_netns(out);
		if (!rn)
			return -ENOMEM;
		rn->inode = ns->inode;
		rn->self = ns->self;
		memcpy(rn->name, ns->name, sizeof(rn->name));
	}
	return 0;
}

static void notes(const struct Nlg_netns_reg *r, struct Nlg_raw_socks *out)
{
	if (!out->closures_seen)
		Nlg_raw_socks_note(out, "connections that open and close between two samples are "
				   "not seen (the kernel's socket-destroy events need CAP_NET_ADMIN)");
	if (geteuid() != 0)
		Nlg_raw_socks_note(out, "not root: sockets of other users' processes are shown "
				   "without their process");
	if (r->refused)
		Nlg_raw_socks_note(out, "%zu network namespaces could not be entered (needs "
				   "CAP_SYS_ADMIN): their sockets are not shown", r->refused);
}

/* A 64-bit mix (splitmix64's finalizer): each socket's state becomes an
 * unrelated number, so that the sum over a namespace's sockets moves with
 * any change. */
static uint64_t mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

void Nlg_netns_reg_activity(struct Nlg_netns_reg *r, const uint64_t *cookies,
			    const struct nlg_bpf_sock *v, size_t n)
{
	for (size_t i = 0; i < r->n; i++)
		r->v[i]->sig = 0;
	for (size_t i = 0; i < n; i++) {
		const uint64_t *inode = v[i].netns ? Nlg_u64map_get(&r->cookies, v[i].netns) : NULL;
		struct Nlg_netns *ns = inode ? Nlg_netns_find(r, *inode) : NULL;
		if (!ns)
			continue;
		/* Counters move only with packets; a socket made or closed
		 * changes the set of entries or its released flag. A plain sum
		 * of counts was the same for two states (a socket closed and
		 * dropped from the table, another made, a third with the
		 * difference in packets): an active namespace's last dump was
		 * then reused, with readings older than the ones before. */
		ns->sig += mix(cookies[i] ^ mix(v[i].rx_packets ^ mix(v[i].tx_packets ^
			   mix((uint64_t)v[i].released))));
	}
	r->activity = true;
}

/* Return: true when the namespace's last dump still holds. */
static bool idle(const struct Nlg_netns_reg *r, const struct Nlg_netns *ns)
{
	return r->activity && ns->have_dump && !ns->force && ns->sig == ns->dumped_sig;
}

/* Dumps the namespace, or reuses its last dump when it is idle.
 * Return: 0 or a negative error code with eb set. */
static int dump_or_reuse(struct Nlg_netns_reg *r, struct Nlg_netns *ns, struct Nlg_raw_socks *out,
			 struct Nlg_errbuf *eb)
{
	if (idle(r, ns)) {
		if (Nlg_array_reserve(&out->v, &out->cap, out->n + ns->ncache, sizeof(*out->v), 256) < 0)
			return Nlg_fail(eb, -ENOMEM, "out of memory");
		if (ns->ncache) /* an idle namespace may hold no socket at all */
			memcpy(out->v + out->n, ns->cache, ns->ncache * sizeof(*out->v));
		out->n += ns->ncache;
		r->skipped++;
		return 0;
	}
	size_t start = out->n;
	int err = Nlg_socksrc_dump(&ns->socks, out, ns->inode, eb);
	ns->have_dump = false;
	if (err < 0)
		return err;
	ns->force = false;
	/* Without the eBPF counter there is no telling idle: no copy. */
	if (!r->activity)
		return 0;
	size_t k = out->n - start;
	if (Nlg_array_reserve(&ns->cache, &ns->capcache, k, sizeof(*ns->cache), 16) < 0)
		return 0;  /* dumped again next time */
	memcpy(ns->cache, out->v + start, k * sizeof(*ns->cache));
	ns->ncache = k;
	ns->have_dump = true;
	ns->dumped_sig = ns->sig;
	return 0;
}

int Nlg_netns_reg_read(struct Nlg_netns_reg *r, struct Nlg_raw_socks *out,
		       struct Nlg_errbuf *eb)
{
	int err = 0;
	Nlg_raw_socks_clear(out);
	out->closures_seen = true;
	out->lost_events = r->lost_gone;
	r->skipped = 0;
	/* Every dump first, then every destroy event: live readings stay
	 * before the final ones, as the ledger reads them. A namespace other
	 * than ours that fails is skipped (it may be going away). */
	for (size_t i = 0; i < r->n; i++) {
		struct Nlg_netns *ns = r->v[i];
		if (ns->err)
			continue;
		err = dump_or_reuse(r, ns, out, eb);
		ns->dump_failed = err < 0;
		if (err < 0 && (err == -ENOMEM || ns->self || r->scope == NLG_NETNS_SCOPE_ONE))
			return err;
		if (err < 0 && eb)
			eb->msg[0] = '\0';
	}
	for (size_t i = 0; i < r->n; i++) {
		struct Nlg_netns *ns = r->v[i];
		if (ns->err)
			continue;
		size_t before = out->n;
		if ((err = Nlg_socksrc_drain(&ns->socks, out, ns->inode, eb)) < 0)
			return err;
		/* A socket closed: what else changed is seen at the next dump. */
		ns->force |= out->n > before || ns->socks.lost != ns->lost_seen;
		ns->lost_seen = ns->socks.lost;
		out->closures_seen &= ns->socks.destroy.sock != NULL;
		out->lost_events += ns->socks.lost;
	}
	r->activity = false;
	if (names(r, out) < 0)
		return Nlg_fail(eb, -ENOMEM, "out of memory");
	notes(r, out);
	return 0;
}
