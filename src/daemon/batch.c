/* SPDX-License-Identifier: MIT */
/* batch.c - deltas held between transactions, summed per series and minute. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/daemon.h"

static struct Nlgd_pending *find(struct Nlgd_batch *b, enum Nlg_series_kind kind,
				 const char *name, int64_t minute)
{
	/* Newest first: the current minute's entries are at the end. */
	for (size_t i = b->n; i-- > 0;) {
		struct Nlgd_pending *p = &b->v[i];
		if (p->minute == minute && p->kind == kind && !strcmp(p->name, name))
			return p;
	}
	return NULL;
}

static int batch_add(struct Nlgd_batch *b, enum Nlg_series_kind kind, const char *name,
		     const char *label, const char *app_kind, unsigned flags, int64_t t,
		     uint64_t rx, uint64_t tx)
{
	if (!rx && !tx)
		return 0;
	int64_t minute = Nlg_res_start(NLG_RES_MINUTE, t);
	struct Nlgd_pending *p = find(b, kind, name, minute);
	if (p) {
		p->rx += rx;
		p->tx += tx;
		return 0;
	}
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;
		struct Nlgd_pending *v = realloc(b->v, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		b->v = v;
		b->cap = cap;
	}
	char *copy = strdup(name), *lcopy = label ? strdup(label) : NULL;
	if (!copy || (label && !lcopy)) {
		free(copy);
		free(lcopy);
		return -ENOMEM;
	}
	b->v[b->n++] = (struct Nlgd_pending){ kind, flags, copy, lcopy, app_kind, minute, rx, tx };
	return 0;
}

int Nlgd_batch_add(struct Nlgd_batch *b, enum Nlg_series_kind kind, const char *name,
		   unsigned flags, int64_t t, uint64_t rx, uint64_t tx)
{
	return batch_add(b, kind, name, NULL, NULL, flags, t, rx, tx);
}

int Nlgd_batch_add_app(struct Nlgd_batch *b, const char *key, const char *label,
		       const char *app_kind, int64_t t, uint64_t rx, uint64_t tx)
{
	return batch_add(b, NLG_SERIES_APP, key, label, app_kind, 0, t, rx, tx);
}

int Nlgd_batch_write(const struct Nlgd_batch *b, struct Nlg_store *st)
{
	for (size_t i = 0; i < b->n; i++) {
		const struct Nlgd_pending *p = &b->v[i];
		int err = p->label ? Nlg_store_add_app(st, p->name, p->label, p->app_kind, p->minute,
						       p->rx, p->tx)
				   : Nlg_store_add(st, p->kind, p->name, p->flags, p->minute, p->rx, p->tx);
		if (err)
			return err;
	}
	return 0;
}

void Nlgd_batch_clear(struct Nlgd_batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		free(b->v[i].name);
		free(b->v[i].label);
	}
	b->n = 0;
}
