/* SPDX-License-Identifier: MIT */
/* query_range.h - what the history page asks of the store beyond the
 * buckets and totals of store.h: which series exist, and how far back
 * each resolution reaches. Same conventions as store.h. */
#ifndef NLG_STORE_QUERY_RANGE_H
#define NLG_STORE_QUERY_RANGE_H

#include "store/store.h"

/* Starts of the oldest and newest buckets of resolution res.
 * Return: 0, -ENOENT when it has none, or a negative code. */
int Nlg_store_extent(struct Nlg_store *st, enum Nlg_res res, int64_t *first, int64_t *last);

struct Nlg_store_series_info {
	char *name;
	enum Nlg_series_kind kind;
	unsigned flags;
};

/* Every series of the kind wanted (IFACE, or APP with OTHER), by name.
 * Free with Nlg_store_series_free. Return: 0 or a negative code. */
int Nlg_store_series_list(struct Nlg_store *st, enum Nlg_series_kind kind,
			  struct Nlg_store_series_info **out, size_t *n);
void Nlg_store_series_free(struct Nlg_store_series_info *v, size_t n);

/* Return: 1 when a series of that name exists (kind IFACE, or APP with
 * OTHER), 0 when not, or a negative code. */
int Nlg_store_series_exists(struct Nlg_store *st, enum Nlg_series_kind kind, const char *name);
/* The same, with the series' label (an app's display name; an interface's
 * name) put in label (len bytes, cut to fit) when found. */
int Nlg_store_series_label(struct Nlg_store *st, enum Nlg_series_kind kind, const char *name,
			   char *label, size_t len);

#endif
