/* SPDX-License-Identifier: MIT */
/* write.c - adding traffic and info. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "store/internal.h"

int Nlg_store_info_get(struct Nlg_store *st, const char *key, char *buf, size_t size)
{
	sqlite3_stmt *s = Nlg_store_stmt(st, ST_INFO_GET);
	if (!s)
		return NLG_EDB;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s), err = 0;
	if (rc == SQLITE_ROW)
		snprintf(buf, size, "%s", (const char *)sqlite3_column_text(s, 0));
	else
		err = rc == SQLITE_DONE ? -ENOENT : Nlg_store_fail(st, "read info");
	sqlite3_reset(s);
	return err;
}

int Nlg_store_info_set(struct Nlg_store *st, const char *key, const char *value)
{
	sqlite3_stmt *s = Nlg_store_stmt(st, ST_INFO_SET);
	if (!s)
		return NLG_EDB;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
	return Nlg_store_run(st, s, "write info");
}

int64_t Nlg_store_series(struct Nlg_store *st, enum Nlg_series_kind kind, const char *name,
			 unsigned flags, bool create)
{
	return Nlg_store_series_labelled(st, kind, name, NULL, NULL, flags, create);
}

int64_t Nlg_store_series_labelled(struct Nlg_store *st, enum Nlg_series_kind kind,
				  const char *name, const char *label, const char *app_kind,
				  unsigned flags, bool create)
{
	sqlite3_stmt *s = Nlg_store_stmt(st, ST_SERIES_GET);
	if (!s)
		return NLG_EDB;
	sqlite3_bind_int(s, 1, kind);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -ENOENT;
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return Nlg_store_fail(st, "read series");
	if (id != -ENOENT || !create)
		return id;
	s = Nlg_store_stmt(st, ST_SERIES_ADD);
	if (!s)
		return NLG_EDB;
	sqlite3_bind_int(s, 1, kind);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 3, (int)flags);
	if (label)
		sqlite3_bind_text(s, 4, label, -1, SQLITE_STATIC);
	if (app_kind)
		sqlite3_bind_text(s, 5, app_kind, -1, SQLITE_STATIC);
	int err = Nlg_store_run(st, s, "add series");
	return err ? err : sqlite3_last_insert_rowid(st->db);
}

int Nlg_store_bucket_add(struct Nlg_store *st, enum Nlg_res r, int64_t start, int64_t id,
			 uint64_t rx, uint64_t tx)
{
	sqlite3_stmt *s = Nlg_store_stmt(st, ST_BUCKET_ADD);
	if (!s)
		return NLG_EDB;
	sqlite3_bind_int(s, 1, r);
	sqlite3_bind_int64(s, 2, start);
	sqlite3_bind_int64(s, 3, id);
	sqlite3_bind_int64(s, 4, (int64_t)rx);
	sqlite3_bind_int64(s, 5, (int64_t)tx);
	return Nlg_store_run(st, s, "add traffic");
}

static int add_to(struct Nlg_store *st, enum Nlg_series_kind kind, int64_t id, int64_t t,
		  uint64_t rx, uint64_t tx);

int Nlg_store_add(struct Nlg_store *st, enum Nlg_series_kind kind, const char *name,
		  unsigned flags, int64_t t, uint64_t rx, uint64_t tx)
{
	if (!rx && !tx)
		return 0;
	int64_t id = Nlg_store_series(st, kind, name, flags, true);
	if (id < 0)
		return (int)id;
	return add_to(st, kind, id, t, rx, tx);
}

int Nlg_store_add_app(struct Nlg_store *st, const char *key, const char *label,
		      const char *app_kind, int64_t t, uint64_t rx, uint64_t tx)
{
	if (!rx && !tx)
		return 0;
	int64_t id = Nlg_store_series_labelled(st, NLG_SERIES_APP, key, label, app_kind, 0, true);
	if (id < 0)
		return (int)id;
	return add_to(st, NLG_SERIES_APP, id, t, rx, tx);
}

static int add_to(struct Nlg_store *st, enum Nlg_series_kind kind, int64_t id, int64_t t,
		  uint64_t rx, uint64_t tx)
{
	for (int r = 0; r < NLG_RES_COUNT; r++) {
		int64_t start = Nlg_res_start(r, t);
		int err = Nlg_store_bucket_add(st, r, start, id, rx, tx);
		if (err)
			return err;
		/* An app row in a period already folded (the clock went back)
		 * makes that period due for folding again. */
		if (kind == NLG_SERIES_APP && start < st->unfolded[r])
			st->unfolded[r] = start;
	}
	return 0;
}
