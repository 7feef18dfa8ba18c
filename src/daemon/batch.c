/* SPDX-License-Identifier: MIT */
/* batch.c - deltas held between transactions, summed per series and minute. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/daemon.h"

static struct nlgd_pending *find(struct nlgd_batch *b, enum nlg_series_kind kind,
				 const char *name, int64_t minute)
{
	/* Newest first: the current minute's entries are at the end. */
	for (size_t i = b->n; i-- > 0;) {
		struct nlgd_pending *p = &b->v[i];
		if (p->minute == minute && p->kind == kind && !strcmp(p->name, name))
			return p;
	}
	return NULL;
}

int nlgd_batch_add(struct nlgd_batch *b, enum nlg_series_kind kind, const char *name,
		   unsigned flags, int64_t t, uint64_t rx, uint64_t tx)
{
	if (!rx && !tx)
		return 0;
	int64_t minute = nlg_res_start(NLG_RES_MINUTE, t);
	struct nlgd_pending *p = find(b, kind, name, minute);
	if (p) {
		p->rx += rx;
		p->tx += tx;
		return 0;
	}
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;
		struct nlgd_pending *v = realloc(b->v, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		b->v = v;
		b->cap = cap;
	}
	char *copy = strdup(name);
	if (!copy)
		return -ENOMEM;
	b->v[b->n++] = (struct nlgd_pending){ kind, flags, copy, minute, rx, tx };
	return 0;
}

int nlgd_batch_write(const struct nlgd_batch *b, struct nlg_store *st)
{
	for (size_t i = 0; i < b->n; i++) {
		const struct nlgd_pending *p = &b->v[i];
		int err = nlg_store_add(st, p->kind, p->name, p->flags, p->minute, p->rx, p->tx);
		if (err)
			return err;
	}
	return 0;
}

void nlgd_batch_clear(struct nlgd_batch *b)
{
	for (size_t i = 0; i < b->n; i++)
		free(b->v[i].name);
	b->n = 0;
}
