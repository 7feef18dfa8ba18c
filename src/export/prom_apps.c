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

/* What an app counted since the last render goes to "other" unless it had
 * a series during that interval. */
static void account(struct Nlg_prom_apps *t, struct Nlg_prom_app_mem *m,
		    const struct Nlg_prom_app_in *in)
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
static bool above(const struct Nlg_prom_apps *t, size_t a, size_t b)
{
	uint64_t ba = t->v[a].rx_seen + t->v[a].tx_seen, bb = t->v[b].rx_seen + t->v[b].tx_seen;
	if (ba != bb)
		return ba > bb;
	if (t->v[a].member != t->v[b].member)
		return t->v[a].member;
	return a < b;
}

/* Marks the top t->top apps as members, by partial selection into idx. */
static void choose(struct Nlg_prom_apps *t, size_t *idx)
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

static int cmp_mem(const void *a, const void *b)
{
	return strcmp((*(struct Nlg_prom_app_mem *const *)a)->key,
		      (*(struct Nlg_prom_app_mem *const *)b)->key);
}

static int cmp_key(const void *key, const void *m)
{
	return strcmp(key, (*(struct Nlg_prom_app_mem *const *)m)->key);
}

/* Return: the record of an app by its key among the known ones (sorted in
 * by, all t->n + t->nabsent of them), marked used, or NULL for an app first
 * seen now. */
static struct Nlg_prom_app_mem *take(const struct Nlg_prom_apps *t, struct Nlg_prom_app_mem **by,
				     bool *used, const char *key)
{
	struct Nlg_prom_app_mem **m = bsearch(key, by, t->n + t->nabsent, sizeof(*by), cmp_key);
	if (!m || used[*m - t->v])
		return NULL;
	used[*m - t->v] = true;
	return *m;
}

/* An app the monitor retired and made again counts from zero: its series
 * continues from where it stopped, so that it never decreases. What it
 * moved since it came back counts like a new app's, once ranked. */
static void resume(struct Nlg_prom_app_mem *m, const struct Nlg_prom_app_in *in)
{
	m->rx_base = m->rx_seen;
	m->tx_base = m->tx_seen;
	m->absent = false;
	m->member = false;
	m->rx_seen = m->rx_base + in->rx;
	m->tx_seen = m->tx_base + in->tx;
}

struct update {
	size_t *idx;
	struct Nlg_prom_app_mem *v, **by;
	bool *fresh, *used, *back;
};

static void update_free(struct update *u)
{
	free(u->idx);
	free(u->v);
	free(u->by);
	free(u->fresh);
	free(u->used);
	free(u->back);
}

/* Return: 0 or -ENOMEM with t unchanged. */
static int match(struct Nlg_prom_apps *t, const struct Nlg_prom_app_in *in, size_t n,
		 struct update *u)
{
	size_t known = t->n + t->nabsent, i;
	u->idx = malloc((t->top ? t->top : 1) * sizeof(*u->idx));
	u->v = calloc(n + known + 1, sizeof(*u->v));
	u->by = malloc((known + 1) * sizeof(*u->by));
	u->fresh = calloc(n + 1, sizeof(*u->fresh));
	u->used = calloc(known + 1, sizeof(*u->used));
	u->back = calloc(n + 1, sizeof(*u->back));
	if (!u->idx || !u->v || !u->by || !u->fresh || !u->used || !u->back)
		return -ENOMEM;
	for (i = 0; i < known; i++)
		u->by[i] = &t->v[i];
	qsort(u->by, known, sizeof(*u->by), cmp_mem);
	for (i = 0; i < n; i++) {
		struct Nlg_prom_app_mem *old = take(t, u->by, u->used, in[i].key);
		if (old) {
			u->v[i] = *old;      /* its key string moves to v[i] */
			u->back[i] = old->absent;
			continue;
		}
		u->fresh[i] = true;
		if (!(u->v[i].key = strdup(in[i].key)))
			break;
	}
	if (i == n)
		return 0;
	for (size_t j = 0; j < i; j++)
		if (u->fresh[j])
			free((char *)u->v[j].key);
	return -ENOMEM;
}

int Nlg_prom_apps_update(struct Nlg_prom_apps *t, const struct Nlg_prom_app_in *in, size_t n)
{
	struct update u = { 0 };
	int err = match(t, in, n, &u);
	if (err) {
		update_free(&u);
		return err;
	}
	/* Apps no longer listed are remembered after the listed ones, with
	 * their totals (one record per app ever seen, not per process). */
	size_t nabsent = 0;
	for (size_t j = 0; j < t->n + t->nabsent; j++)
		if (!u.used[j]) {
			u.v[n + nabsent] = t->v[j];
			u.v[n + nabsent].absent = true;
			u.v[n + nabsent].member = false;
			nabsent++;
		}
	free(t->v);
	t->v = u.v;
	u.v = NULL;
	t->n = n;
	t->nabsent = nabsent;
	for (size_t j = 0; j < n; j++) {
		struct Nlg_prom_app_in eff = in[j];
		if (u.fresh[j]) {
			t->v[j].rx_seen = in[j].rx;
			t->v[j].tx_seen = in[j].tx;
		} else if (u.back[j]) {
			resume(&t->v[j], &in[j]);
		} else {
			eff.rx += t->v[j].rx_base;
			eff.tx += t->v[j].tx_base;
			account(t, &t->v[j], &eff);
		}
	}
	choose(t, u.idx);
	/* Apps first seen now, or back: what they moved so far counts once, in
	 * their own series or in "other", depending on where they rank. */
	for (size_t j = 0; j < n; j++) {
		if (!(u.fresh[j] || u.back[j]) || t->v[j].member)
			continue;
		t->other_rx += in[j].rx;
		t->other_tx += in[j].tx;
		if (u.back[j] && t->v[j].ever_member) {
			t->v[j].rx_hidden += in[j].rx;
			t->v[j].tx_hidden += in[j].tx;
		}
	}
	update_free(&u);
	return 0;
}

bool Nlg_prom_apps_series(const struct Nlg_prom_apps *t, size_t i, uint64_t *rx, uint64_t *tx)
{
	if (i >= t->n || !t->v[i].member)
		return false;
	*rx = t->v[i].rx_seen - t->v[i].rx_hidden;
	*tx = t->v[i].tx_seen - t->v[i].tx_hidden;
	return true;
}

void Nlg_prom_apps_done(struct Nlg_prom_apps *t)
{
	for (size_t i = 0; i < t->n + t->nabsent; i++)
		free((char *)t->v[i].key);
	free(t->v);
	memset(t, 0, sizeof(*t));
}
