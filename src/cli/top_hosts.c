/* SPDX-License-Identifier: MIT */
/*
 * top_hosts.c - what closed connections moved, per remote host, for as
 * long as top runs: the hosts view adds it to the live connections, so a
 * host's totals do not shrink when its connections close. One entry per
 * host ever seen, found through an open-addressing index by host key.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/top.h"

static size_t slot_of(const struct top_closed_hosts *h, uint64_t key)
{
	size_t mask = h->cap - 1, i = (size_t)(key * 0x9e3779b97f4a7c15ull) & mask;
	while (h->index[i] && h->v[h->index[i] - 1].key != key)
		i = (i + 1) & mask;
	return i;
}

/* Return: 0 or -ENOMEM, with the table unchanged. */
static int grow(struct top_closed_hosts *h)
{
	if (h->n + 1 <= h->cap / 2 && h->n < h->vcap)
		return 0;
	if (h->n + 1 > h->cap / 2) {
		size_t cap = h->cap ? h->cap * 2 : 64;
		size_t *index = calloc(cap, sizeof(*index));
		if (!index)
			return -ENOMEM;
		size_t *old = h->index, oldcap = h->cap;
		h->index = index;
		h->cap = cap;
		for (size_t i = 0; i < oldcap; i++)
			if (old[i])
				h->index[slot_of(h, h->v[old[i] - 1].key)] = old[i];
		free(old);
	}
	if (h->n >= h->vcap) {
		size_t vcap = h->vcap ? h->vcap * 2 : 32;
		struct top_conn_in *v = realloc(h->v, vcap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		h->v = v;
		h->vcap = vcap;
	}
	return 0;
}

int top_closed_add(struct top_closed_hosts *h, const struct top_conn_in *c)
{
	if (top_endpoint_unspecified(&c->remote))
		return 0;
	uint64_t key = top_host_key(&c->remote);
	if (grow(h) < 0)
		return -ENOMEM;
	size_t s = slot_of(h, key);
	if (!h->index[s]) {
		struct top_conn_in *e = &h->v[h->n];
		*e = *c;
		e->key = key;
		e->proc_key = 0;
		e->closed = false;
		e->f = (struct top_figures){ 0 };   /* no live connection, no rate */
		h->index[s] = ++h->n;
	}
	struct top_conn_in *e = &h->v[h->index[s] - 1];
	e->f.rx += c->f.rx;
	e->f.tx += c->f.tx;
	return 0;
}

void top_closed_done(struct top_closed_hosts *h)
{
	free(h->v);
	free(h->index);
	*h = (struct top_closed_hosts){ 0 };
}
