/* SPDX-License-Identifier: MIT */
/* rollup.c - bounding app rows (top N + "other") and retention. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "store/internal.h"

#define DAY 86400

void Nlg_store_policy_default(struct Nlg_store_policy *p)
{
	*p = (struct Nlg_store_policy){
		.keep = { 48 * 3600, 90 * DAY, 3 * 365 * DAY, 0 },
		.top_apps = 20,
	};
}

struct i64v {
	int64_t *v;
	size_t n, cap;
};

static int push(struct i64v *a, int64_t x)
{
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 16;
		int64_t *v = realloc(a->v, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		a->v = v;
		a->cap = cap;
	}
	a->v[a->n++] = x;
	return 0;
}

/* Moves the app rows of one period beyond the top n into "other". */
static int fold_period(struct Nlg_store *st, enum Nlg_res r, int64_t start, unsigned n)
{
	sqlite3_stmt *s = Nlg_store_stmt(st, ST_RANKED);
	if (!s)
		return NLG_EDB;
	sqlite3_bind_int(s, 1, r);
	sqlite3_bind_int64(s, 2, start);
	sqlite3_bind_int(s, 3, (int)n);
	struct i64v ids = { 0 };
	uint64_t rx = 0, tx = 0;
	int rc, err = 0;
	while (!err && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		err = push(&ids, sqlite3_column_int64(s, 0));
		rx += (uint64_t)sqlite3_column_int64(s, 1);
		tx += (uint64_t)sqlite3_column_int64(s, 2);
	}
	if (!err && rc != SQLITE_DONE)
		err = Nlg_store_fail(st, "rank apps");
	sqlite3_reset(s);
	for (size_t i = 0; !err && i < ids.n; i++) {
		s = Nlg_store_stmt(st, ST_BUCKET_DEL);
		if (!s) {
			err = NLG_EDB;
			break;
		}
		sqlite3_bind_int(s, 1, r);
		sqlite3_bind_int64(s, 2, start);
		sqlite3_bind_int64(s, 3, ids.v[i]);
		err = Nlg_store_run(st, s, "fold apps");
	}
	free(ids.v);
	if (err || !ids.n)
		return err;
	/* Only this resolution's bucket: the others hold the same bytes
	 * under their own periods. */
	int64_t id = Nlg_store_series(st, NLG_SERIES_OTHER, "other", 0, true);
	if (id < 0)
		return (int)id;
	return Nlg_store_bucket_add(st, r, start, id, rx, tx);
}

/* Periods of resolution r in [from, until) that hold any row. */
static int periods(struct Nlg_store *st, enum Nlg_res r, int64_t from, int64_t until,
		   struct i64v *out)
{
	sqlite3_stmt *s = Nlg_store_stmt(st, ST_PERIODS);
	if (!s)
		return NLG_EDB;
	sqlite3_bind_int(s, 1, r);
	sqlite3_bind_int64(s, 2, from);
	sqlite3_bind_int64(s, 3, until);
	int rc, err = 0;
	while (!err && (rc = sqlite3_step(s)) == SQLITE_ROW)
		err = push(out, sqlite3_column_int64(s, 0));
	if (!err && rc != SQLITE_DONE)
		err = Nlg_store_fail(st, "list periods");
	sqlite3_reset(s);
	return err;
}

static int fold_closed(struct Nlg_store *st, enum Nlg_res r, int64_t now, unsigned n)
{
	int64_t cur = Nlg_res_start(r, now);
	struct i64v ps = { 0 };
	int err = 0;
	if (n && st->unfolded[r] < cur)
		err = periods(st, r, st->unfolded[r], cur, &ps);
	for (size_t i = 0; !err && i < ps.n; i++)
		err = fold_period(st, r, ps.v[i], n);
	free(ps.v);
	if (err)
		return err;
	st->unfolded[r] = cur;
	char key[32], val[32];
	snprintf(key, sizeof(key), "unfolded_%s", Nlg_res_name(r));
	snprintf(val, sizeof(val), "%" PRId64, cur);
	return Nlg_store_info_set(st, key, val);
}

static int expire(struct Nlg_store *st, enum Nlg_res r, int64_t now, int64_t keep)
{
	if (!keep)
		return 0;
	sqlite3_stmt *s = Nlg_store_stmt(st, ST_EXPIRE);
	if (!s)
		return NLG_EDB;
	sqlite3_bind_int(s, 1, r);
	sqlite3_bind_int64(s, 2, Nlg_res_start(r, now - keep));
	return Nlg_store_run(st, s, "retention");
}

/* Apps whose every row was folded or expired: names come and go (a
 * process tree is named after its pid), so their series are dropped. */
static int prune_series(struct Nlg_store *st)
{
	return Nlg_store_exec(st, "DELETE FROM series WHERE kind = 1 AND id NOT IN "
			      "(SELECT DISTINCT series FROM bucket)");
}

int Nlg_store_maintain(struct Nlg_store *st, int64_t now, const struct Nlg_store_policy *p)
{
	int64_t day = st->unfolded[NLG_RES_DAY];
	int err = 0;
	for (int r = 0; !err && r < NLG_RES_COUNT; r++) {
		err = fold_closed(st, r, now, p->top_apps);
		if (!err)
			err = expire(st, r, now, p->keep[r]);
	}
	/* Once a day is enough: it reads every row. */
	if (!err && day != st->unfolded[NLG_RES_DAY])
		err = prune_series(st);
	return err;
}

int Nlg_store_load_marks(struct Nlg_store *st)
{
	for (int r = 0; r < NLG_RES_COUNT; r++) {
		char key[32], val[32];
		snprintf(key, sizeof(key), "unfolded_%s", Nlg_res_name(r));
		int err = Nlg_store_info_get(st, key, val, sizeof(val));
		if (err == -ENOENT) {
			st->unfolded[r] = INT64_MIN;
			continue;
		}
		if (err)
			return err;
		st->unfolded[r] = strtoll(val, NULL, 10);
	}
	return 0;
}
