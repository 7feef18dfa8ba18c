/* SPDX-License-Identifier: MIT */
/* iface_table.c - turns each sample's link readings into interfaces. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/array.h"
#include "core/iface.h"

/* Margin over the advertised speed of a physical link before a jump is
 * called impossible: line rate is exact, but counters include headers that
 * some drivers count differently. */
#define SPEED_MARGIN_NUM 5
#define SPEED_MARGIN_DEN 4
/* The smallest packet (a bare IPv4 header) bounds packet and error rates. */
#define MIN_PACKET_BYTES 20

static bool is_byte_counter(enum nlg_counter c)
{
	return c == NLG_RX_BYTES || c == NLG_TX_BYTES;
}

/* Virtual drivers advertise made-up speeds (veth says 10 Gb/s and moves far
 * more), so only physical links are held to their speed. */
static uint64_t byte_ceiling(const struct Nlg_raw_link *raw, uint64_t dflt)
{
	bool physical = raw->type == NLG_IFACE_ETHERNET || raw->type == NLG_IFACE_WIFI ||
			raw->type == NLG_IFACE_CELLULAR;
	if (!physical || raw->speed_mbps == 0 || raw->speed_mbps > dflt / 125000)
		return dflt;
	return raw->speed_mbps * 125000 * SPEED_MARGIN_NUM / SPEED_MARGIN_DEN;
}

static struct nlg_iface *iface_new(const struct Nlg_raw_link *raw, const struct Nlg_sample_ctx *sc)
{
	struct nlg_iface *it = calloc(1, sizeof(*it));
	if (!it)
		return NULL;
	/* An interface born after the first sample counted everything it
	 * has while we watched. */
	for (int c = 0; c < NLG_COUNTER_COUNT; c++) {
		if (sc->dt_ns)
			Nlg_acc_init_from_zero(&it->acc[c], raw->counter_width);
		else
			Nlg_acc_init(&it->acc[c], raw->counter_width);
	}
	it->first_seen_ns = sc->now_ns;
	return it;
}

static void iface_update(struct nlg_iface *it, const struct Nlg_raw_link *raw,
			 const struct Nlg_sample_ctx *sc)
{
	uint64_t bytes = byte_ceiling(raw, sc->ceiling);
	uint64_t packets = bytes / MIN_PACKET_BYTES;

	for (int c = 0; c < NLG_COUNTER_COUNT; c++) {
		if (!(raw->counter_mask & (1u << c)))
			continue;
		struct Nlg_acc *acc = &it->acc[c];
		enum Nlg_acc_event ev = Nlg_acc_update(acc, raw->counters[c], sc->dt_ns,
						       is_byte_counter(c) ? bytes : packets);
		it->wraps += ev == NLG_ACC_WRAP;
		it->resets += ev == NLG_ACC_RESET;
		it->anomalies += ev == NLG_ACC_ANOMALY;
	}
	Nlg_iface_pf_update(it, raw, sc, bytes, packets);
	it->dt_ns = sc->dt_ns;
	it->last = *raw;
	it->last.removed = false;
	it->last_seen_ns = sc->now_ns;
	it->seen = true;
}

static void iface_retire(struct nlg_iface *it)
{
	it->gone = true;
	it->naddrs = 0;
	it->dt_ns = 0;
	if (it->pf)
		memset(it->pf->rate, 0, sizeof(it->pf->rate));
}

static bool is(const struct nlg_iface *it, uint64_t netns, int ifindex)
{
	return !it->gone && it->last.ifindex == ifindex && it->last.netns == netns;
}

/* Return: the present interface with that index in that network namespace
 * (0: ours), or NULL. The hint makes a dump in the same order as the
 * table linear overall. */
static struct nlg_iface *find_present(struct Nlg_iface_table *t, uint64_t netns, int ifindex,
				      size_t *hint)
{
	if (*hint < t->n && is(t->v[*hint], netns, ifindex))
		return t->v[(*hint)++];
	for (size_t i = 0; i < t->n; i++) {
		if (is(t->v[i], netns, ifindex)) {
			*hint = i + 1;
			return t->v[i];
		}
	}
	return NULL;
}

static int table_add(struct Nlg_iface_table *t, struct nlg_iface *it)
{
	if (Nlg_array_reserve(&t->v, &t->cap, t->n + 1, sizeof(*t->v), 16) < 0)
		return -ENOMEM;
	t->v[t->n++] = it;
	return 0;
}

static int apply_link(struct Nlg_iface_table *t, const struct Nlg_raw_link *raw,
		      const struct Nlg_sample_ctx *sc, size_t *hint)
{
	struct nlg_iface *it = find_present(t, raw->netns, raw->ifindex, hint);
	if (it && it->seen && !raw->removed)
		return 0; /* a duplicate of a link already read this sample */
	if (!it) {
		it = iface_new(raw, sc);
		if (!it || table_add(t, it) < 0) {
			free(it);
			return -ENOMEM;
		}
	}
	iface_update(it, raw, sc);
	if (raw->removed)
		iface_retire(it);
	return 0;
}

static int add_addr(struct nlg_iface *it, const struct nlg_addr *a)
{
	if (Nlg_array_reserve(&it->addrs, &it->addrs_cap, it->naddrs + 1, sizeof(*it->addrs), 4) < 0)
		return -ENOMEM;
	it->addrs[it->naddrs++] = *a;
	return 0;
}

static int apply_addrs(struct Nlg_iface_table *t, const struct Nlg_raw_links *rl)
{
	size_t hint = 0;
	for (size_t i = 0; i < t->n; i++)
		t->v[i]->naddrs = 0;
	for (size_t i = 0; i < rl->naddrs; i++) {
		struct nlg_iface *it = find_present(t, rl->addrs[i].netns, rl->addrs[i].ifindex, &hint);
		if (it && add_addr(it, &rl->addrs[i].addr) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* Present interfaces by namespace (ours first) and index, then gone ones
 * in the order they left. */
static int order(const void *a, const void *b)
{
	const struct nlg_iface *x = *(const struct nlg_iface *const *)a;
	const struct nlg_iface *y = *(const struct nlg_iface *const *)b;
	if (x->gone != y->gone)
		return x->gone ? 1 : -1;
	if (x->gone) {
		if (x->last_seen_ns != y->last_seen_ns)
			return x->last_seen_ns < y->last_seen_ns ? -1 : 1;
		return x->first_seen_ns < y->first_seen_ns ? -1 : x->first_seen_ns > y->first_seen_ns;
	}
	if (x->last.netns != y->last.netns)
		return x->last.netns < y->last.netns ? -1 : 1;
	return (x->last.ifindex > y->last.ifindex) - (x->last.ifindex < y->last.ifindex);
}

int Nlg_iface_table_apply(struct Nlg_iface_table *t, const struct Nlg_raw_links *rl,
			  const struct Nlg_sample_ctx *sc)
{
	int err = 0;
	size_t hint = 0;

	for (size_t i = 0; i < t->n; i++)
		t->v[i]->seen = false;
	for (size_t i = 0; i < rl->nlinks && !err; i++)
		err = apply_link(t, &rl->links[i], sc, &hint);
	/* Whatever the dump no longer lists is gone, with its last totals. */
	for (size_t i = 0; i < t->n && !err; i++)
		if (!t->v[i]->gone && !t->v[i]->seen)
			iface_retire(t->v[i]);
	if (!err && rl->have_addrs)
		err = apply_addrs(t, rl);
	qsort(t->v, t->n, sizeof(*t->v), order);
	return err;
}

static void iface_free(struct nlg_iface *it)
{
	free(it->addrs);
	free(it->pf);
	free(it);
}

void Nlg_iface_table_forget_gone(struct Nlg_iface_table *t)
{
	size_t k = 0;
	for (size_t i = 0; i < t->n; i++) {
		if (t->v[i]->gone)
			iface_free(t->v[i]);
		else
			t->v[k++] = t->v[i];
	}
	t->n = k;
}

void Nlg_iface_table_done(struct Nlg_iface_table *t)
{
	for (size_t i = 0; i < t->n; i++)
		iface_free(t->v[i]);
	free(t->v);
	memset(t, 0, sizeof(*t));
}
