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

static int cmp_mem(const void *a, const void *b)
{
	return strcmp((*(struct nlg_prom_app_mem *const *)a)->key,
		      (*(struct nlg_prom_app_mem *const *)b)->key);
}

static int cmp_key(const void *key, const void *m)
{
	return strcmp(key, (*(struct nlg_prom_app_mem *const *)m)->key);
}

/* Return: the record of an app by its key among the last render's (sorted
 * in by), marked used, or NULL for an app first seen now. */
static struct nlg_prom_app_mem *take(const struct nlg_prom_apps *t, struct nlg_prom_app_mem **by,
				     bool *used, const char *key)
{
	struct nlg_prom_app_mem **m = bsearch(key, by, t->n, sizeof(*by), cmp_key);
	if (!m || used[*m - t->v])
		return NULL;
	used[*m - t->v] = true;
	return *m;
}

int nlg_prom_apps_update(struct nlg_prom_apps *t, const struct nlg_prom_app_in *in, size_t n)
{
	size_t *idx = malloc((t->top ? t->top : 1) * sizeof(*idx));
	struct nlg_prom_app_mem *v = calloc(n ? n : 1, sizeof(*v));
	struct nlg_prom_app_mem **by = malloc((t->n ? t->n : 1) * sizeof(*by));
	bool *fresh = calloc(n ? n : 1, sizeof(*fresh));
	bool *used = calloc(t->n ? t->n : 1, sizeof(*used));
	int err = idx && v && by && fresh && used ? 0 : -ENOMEM;
	/* Apps are matched by key: the monitor drops apps it retired and
	 * lists the others in any order. */
	for (size_t i = 0; !err && i < t->n; i++)
		by[i] = &t->v[i];
	if (!err)
		qsort(by, t->n, sizeof(*by), cmp_mem);
	size_t i = 0;
	for (; !err && i < n; i++) {
		struct nlg_prom_app_mem *old = take(t, by, used, in[i].key);
		if (old) {
			v[i] = *old;     /* its key string moves to v[i] */
		} else if ((v[i].key = strdup(in[i].key))) {
			v[i].rx_seen = in[i].rx;
			v[i].tx_seen = in[i].tx;
			fresh[i] = true;
		} else {
			err = -ENOMEM;
		}
	}
	if (err) {
		/* Nothing changed: the last render's records and keys stay. */
		for (size_t j = 0; v && fresh && j < i; j++)
			if (fresh[j])
				free((char *)v[j].key);
		free(idx);
		free(v);
		free(by);
		free(fresh);
		free(used);
		return err;
	}
	for (size_t j = 0; j < t->n; j++)
		if (!used[j])
			free((char *)t->v[j].key);   /* an app retired */
	free(t->v);
	t->v = v;
	t->n = t->cap = n;
	for (size_t j = 0; j < n; j++)
		if (!fresh[j])
			account(t, &t->v[j], &in[j]);
	choose(t, idx);
	/* Apps first seen now: their bytes so far count once, in their own
	 * series or in "other", depending on where they rank. */
	for (size_t j = 0; j < n; j++) {
		if (fresh[j] && !t->v[j].member) {
			t->other_rx += in[j].rx;
			t->other_tx += in[j].tx;
		}
	}
	free(idx);
	free(by);
	free(fresh);
	free(used);
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
	for (size_t i = 0; i < t->n; i++)
		free((char *)t->v[i].key);
	free(t->v);
	memset(t, 0, sizeof(*t));
}
