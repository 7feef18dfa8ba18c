/* SPDX-License-Identifier: MIT */
/* prom_apps.c - the top-N app series and an "other" that never decreases. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "export/prom_int.h"

static uint64_t grown(uint64_t now, uint64_t before)
{
	return now > before ? now - before : 0;
}

static int grow(struct nlg_prom_apps *t, size_t n)
{
	if (n <= t->cap)
		return 0;
	size_t cap = t->cap ? t->cap : 16;
	while (cap < n)
		cap *= 2;
	struct nlg_prom_app_mem *v = realloc(t->v, cap * sizeof(*v));
	if (!v)
		return -ENOMEM;
	t->v = v;
	t->cap = cap;
	return 0;
}

/* What an app counted since the last render goes to "other" unless it had
 * a series during that interval. */
static void account(struct nlg_prom_apps *t, struct nlg_prom_app_mem *m,
		    const struct nlg_prom_app_in *in)
{
	uint64_t drx = grown(in->rx, m->rx_seen), dtx = grown(in->tx, m->tx_seen);
	if (!m->member) {
		t->other_rx += drx;
		t->other_tx += dtx;
		if (m->ever_member) {
			m->rx_hidden += drx;
			m->tx_hidden += dtx;
		}
	}
	m->rx_seen = in->rx > m->rx_seen ? in->rx : m->rx_seen;
	m->tx_seen = in->tx > m->tx_seen ? in->tx : m->tx_seen;
}

/* Return: true when app a ranks above app b: more bytes; on a tie the one
 * that already has a series, then the older one (a lower index). */
static bool above(const struct nlg_prom_apps *t, size_t a, size_t b)
{
	uint64_t ba = t->v[a].rx_seen + t->v[a].tx_seen, bb = t->v[b].rx_seen + t->v[b].tx_seen;
	if (ba != bb)
		return ba > bb;
	if (t->v[a].member != t->v[b].member)
		return t->v[a].member;
	return a < b;
}

/* Marks the top t->top apps as members, by partial selection into idx. */
static void choose(struct nlg_prom_apps *t, size_t *idx)
{
	size_t k = 0;
	for (size_t i = 0; i < t->n; i++) {
		size_t pos;
		if (k < t->top)
			pos = k++;
		else if (k > 0 && above(t, i, idx[k - 1]))
			pos = k - 1;
		else
			continue;
		while (pos > 0 && above(t, i, idx[pos - 1])) {
			idx[pos] = idx[pos - 1];
			pos--;
		}
		idx[pos] = i;
	}
	for (size_t i = 0; i < t->n; i++)
		t->v[i].member = false;
	for (size_t j = 0; j < k; j++) {
		t->v[idx[j]].member = true;
		t->v[idx[j]].ever_member = true;
	}
}

int nlg_prom_apps_update(struct nlg_prom_apps *t, const struct nlg_prom_app_in *in, size_t n)
{
	size_t *idx = malloc((t->top ? t->top : 1) * sizeof(*idx));
	if (!idx || grow(t, n) < 0) {
		free(idx);
		return -ENOMEM;
	}
	size_t known = 0;
	while (known < t->n && known < n && t->v[known].key == in[known].key)
		known++;
	for (size_t i = 0; i < known; i++)
		account(t, &t->v[i], &in[i]);
	/* Apps first seen now: their bytes so far count once, in their own
	 * series or in "other", depending on where they rank. */
	for (size_t i = known; i < n; i++)
		t->v[i] = (struct nlg_prom_app_mem){ .key = in[i].key, .rx_seen = in[i].rx,
						     .tx_seen = in[i].tx };
	t->n = n;
	choose(t, idx);
	for (size_t i = known; i < n; i++) {
		if (!t->v[i].member) {
			t->other_rx += in[i].rx;
			t->other_tx += in[i].tx;
		}
	}
	free(idx);
	return 0;
}

bool nlg_prom_apps_series(const struct nlg_prom_apps *t, size_t i, uint64_t *rx, uint64_t *tx)
{
	if (i >= t->n || !t->v[i].member)
		return false;
	*rx = t->v[i].rx_seen - t->v[i].rx_hidden;
	*tx = t->v[i].tx_seen - t->v[i].tx_hidden;
	return true;
}

void nlg_prom_apps_done(struct nlg_prom_apps *t)
{
	free(t->v);
	memset(t, 0, sizeof(*t));
}
