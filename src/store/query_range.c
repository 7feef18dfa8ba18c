/* SPDX-License-Identifier: MIT */
/* query_range.c - series names and the reach of each resolution. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"
#include "store/query_range.h"

/* kind IFACE is 0; APP asks for apps and the "other" row. */
#define KIND_MATCH " ((?1 = 0 AND kind = 0) OR (?1 = 1 AND kind IN (1, 2)))"

int Nlg_store_extent(struct Nlg_store *st, enum Nlg_res res, int64_t *first, int64_t *last)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "SELECT min(start), max(start) FROM bucket WHERE res = ?1",
			       -1, &s, NULL) != SQLITE_OK)
		return Nlg_store_fail(st, "query");
	sqlite3_bind_int(s, 1, res);
	int rc = sqlite3_step(s), err = 0;
	if (rc != SQLITE_ROW)
		err = Nlg_store_fail(st, "query");
	else if (sqlite3_column_type(s, 0) == SQLITE_NULL)
		err = -ENOENT;
	else {
		*first = sqlite3_column_int64(s, 0);
		*last = sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	return err;
}

void Nlg_store_series_free(struct Nlg_store_series_info *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

/* Appends one row of (name, kind, flags). Return: 0 or -ENOMEM. */
static int push(sqlite3_stmt *s, struct Nlg_store_series_info **v, size_t *n, size_t *cap)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 16;
		struct Nlg_store_series_info *p = realloc(*v, c * sizeof(*p));
		if (!p)
			return -ENOMEM;
		*v = p;
		*cap = c;
	}
	char *name = strdup((const char *)sqlite3_column_text(s, 0));
	if (!name)
		return -ENOMEM;
	(*v)[(*n)++] = (struct Nlg_store_series_info){ name, sqlite3_column_int(s, 1),
						       (unsigned)sqlite3_column_int(s, 2) };
	return 0;
}

int Nlg_store_series_list(struct Nlg_store *st, enum Nlg_series_kind kind,
			  struct Nlg_store_series_info **out, size_t *n)
{
	sqlite3_stmt *s;
	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT name, kind, flags FROM series WHERE" KIND_MATCH
			       " ORDER BY name", -1, &s, NULL) != SQLITE_OK)
		return Nlg_store_fail(st, "query");
	sqlite3_bind_int(s, 1, kind == NLG_SERIES_IFACE ? 0 : 1);
	size_t cap = 0;
	int rc, err = 0;
	while (!err && (rc = sqlite3_step(s)) == SQLITE_ROW)
		err = push(s, out, n, &cap);
	if (!err && rc != SQLITE_DONE)
		err = Nlg_store_fail(st, "query");
	sqlite3_finalize(s);
	if (err) {
		Nlg_store_series_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return err;
}

int Nlg_store_series_label(struct Nlg_store *st, enum Nlg_series_kind kind, const char *name,
			   char *label, size_t len)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "SELECT label FROM series WHERE" KIND_MATCH
			       " AND name = ?2 LIMIT 1", -1, &s, NULL) != SQLITE_OK)
		return Nlg_store_fail(st, "query");
	sqlite3_bind_int(s, 1, kind == NLG_SERIES_IFACE ? 0 : 1);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	int found = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : Nlg_store_fail(st, "query");
	if (found == 1 && label && len) {
		const unsigned char *t = sqlite3_column_text(s, 0);
		snprintf(label, len, "%s", t ? (const char *)t : name);
	}
	sqlite3_finalize(s);
	return found;
}

int Nlg_store_series_exists(struct Nlg_store *st, enum Nlg_series_kind kind, const char *name)
{
	return Nlg_store_series_label(st, kind, name, NULL, 0);
}
