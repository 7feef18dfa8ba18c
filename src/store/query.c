/* SPDX-License-Identifier: MIT */
/* query.c - reading buckets and totals back. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"

/* Series selection shared by both queries: one named series, every
 * interface that is not a loopback, or every app with "other". */
#define SELECT_SERIES \
	" JOIN series s ON s.id = b.series WHERE b.res = ?1 AND b.start >= ?2 AND b.start < ?3" \
	" AND ((?4 = 0 AND s.kind = 0 AND (?5 IS NOT NULL OR s.flags & 1 = 0))" \
	"   OR (?4 = 1 AND s.kind IN (1, 2))) AND (?5 IS NULL OR s.name = ?5)"

static int prepare(struct Nlg_store *st, const char *sql, enum Nlg_series_kind kind,
		   const char *name, enum Nlg_res res, int64_t since, int64_t until,
		   sqlite3_stmt **out)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, out, NULL) != SQLITE_OK)
		return Nlg_store_fail(st, "query");
	sqlite3_bind_int(*out, 1, res);
	sqlite3_bind_int64(*out, 2, since);
	sqlite3_bind_int64(*out, 3, until);
	sqlite3_bind_int(*out, 4, kind == NLG_SERIES_IFACE ? 0 : 1);
	if (name)
		sqlite3_bind_text(*out, 5, name, -1, SQLITE_STATIC);
	return 0;
}

/* Grows *v (of element size sz) to hold n + 1. */
static int grow(void **v, size_t *cap, size_t n, size_t sz)
{
	if (n < *cap)
		return 0;
	size_t c = *cap ? *cap * 2 : 64;
	void *p = realloc(*v, c * sz);
	if (!p)
		return -ENOMEM;
	*v = p;
	*cap = c;
	return 0;
}

int Nlg_store_query(struct Nlg_store *st, enum Nlg_series_kind kind, const char *name,
		    enum Nlg_res res, int64_t since, int64_t until,
		    struct Nlg_store_row **rows, size_t *n)
{
	sqlite3_stmt *s;
	int err = prepare(st, "SELECT b.start, sum(b.rx), sum(b.tx) FROM bucket b" SELECT_SERIES
			  " GROUP BY b.start ORDER BY b.start", kind, name, res, since, until, &s);
	size_t cap = 0;
	int rc;
	*rows = NULL;
	*n = 0;
	while (!err && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		err = grow((void **)rows, &cap, *n, sizeof(**rows));
		if (!err)
			(*rows)[(*n)++] = (struct Nlg_store_row){ sqlite3_column_int64(s, 0),
				(uint64_t)sqlite3_column_int64(s, 1), (uint64_t)sqlite3_column_int64(s, 2) };
	}
	if (!err && rc != SQLITE_DONE)
		err = Nlg_store_fail(st, "query");
	sqlite3_finalize(s);
	if (err) {
		free(*rows);
		*rows = NULL;
		*n = 0;
	}
	return err;
}

void Nlg_store_totals_free(struct Nlg_store_total *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(t[i].name);
		free(t[i].label);
		free(t[i].app_kind);
	}
	free(t);
}

int Nlg_store_totals(struct Nlg_store *st, enum Nlg_series_kind kind, enum Nlg_res res,
		     int64_t since, int64_t until, struct Nlg_store_total **out, size_t *n)
{
	sqlite3_stmt *s;
	int err = prepare(st, "SELECT s.name, s.kind, sum(b.rx), sum(b.tx), s.label, s.app_kind"
			  " FROM bucket b"
			  SELECT_SERIES " GROUP BY s.id ORDER BY sum(b.rx) + sum(b.tx) DESC, s.name",
			  kind, NULL, res, since, until, &s);
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	while (!err && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		err = grow((void **)out, &cap, *n, sizeof(**out));
		char *nm = err ? NULL : strdup((const char *)sqlite3_column_text(s, 0));
		char *label = err ? NULL : strdup((const char *)sqlite3_column_text(s, 4));
		char *ak = err ? NULL : strdup((const char *)sqlite3_column_text(s, 5));
		if (!err && (!nm || !label || !ak)) {
			free(nm);
			free(label);
			free(ak);
			err = -ENOMEM;
		}
		if (!err)
			(*out)[(*n)++] = (struct Nlg_store_total){ nm, label, ak, sqlite3_column_int(s, 1),
				(uint64_t)sqlite3_column_int64(s, 2), (uint64_t)sqlite3_column_int64(s, 3) };
	}
	if (!err && rc != SQLITE_DONE)
		err = Nlg_store_fail(st, "query");
	sqlite3_finalize(s);
	if (err) {
		Nlg_store_totals_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return err;
}
