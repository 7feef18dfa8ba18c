/* SPDX-License-Identifier: MIT */
/*
 * test_store_migrate.c - a database written by the schema-1 store
 * (tests/fixtures/history/v1.db, made by make_v1.c there) migrates to
 * stable app keys: per program, per interface and per bucket, every byte
 * is where it should be.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "store/store.h"

static void copy_fixture(char *path, size_t size)
{
	const char *src = getenv("NLG_SOURCE_ROOT");
	char from[1024], cmd[4096];
	snprintf(from, sizeof(from), "%s/tests/fixtures/history/v1.db", src ? src : "..");
	snprintf(path, size, "%s/nlg-migrate-%d.db", P_tmpdir, (int)getpid());
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s' && rm -f '%s-wal' '%s-shm'", from, path, path, path);
	assert_int_equal(system(cmd), 0);
}

/* Return: one number a query gives. */
static int64_t one(sqlite3 *db, const char *q)
{
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_prepare_v2(db, q, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* Every bucket of the series that a condition on series s picks, summed
 * per resolution and period, as text: "res:start:rx:tx,..." in order. */
static char *buckets(sqlite3 *db, const char *where)
{
	char q[1024];
	snprintf(q, sizeof(q),
		 "SELECT coalesce(group_concat(x, ','), '') FROM (SELECT b.res || ':' || b.start"
		 " || ':' || sum(b.rx) || ':' || sum(b.tx) AS x FROM bucket b"
		 " JOIN series s ON s.id = b.series WHERE %s GROUP BY b.res, b.start"
		 " ORDER BY b.res, b.start)", where);
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_prepare_v2(db, q, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	char *text = strdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	assert_non_null(text);
	return text;
}

struct check {
	const char *before, *after;  /* series in schema 1, and in schema 2 */
};

static const struct check checks[] = {
	{ "s.kind = 1 AND s.name GLOB 'curl[[]*'", "s.kind = 1 AND s.name = 'comm:curl'" },
	{ "s.kind = 1 AND s.name GLOB 'python3[[]*'", "s.kind = 1 AND s.name = 'comm:python3'" },
	{ "s.kind = 1 AND s.name = 'nginx.service'", "s.kind = 1 AND s.name = 'unit:nginx.service'" },
	{ "s.kind = 1 AND s.name = 'docker:0123456789ab'", "s.kind = 1 AND s.name = 'docker:0123456789ab'" },
	{ "s.kind = 1 AND s.name = 'other'", "s.kind = 1 AND s.name = 'other'" },
	{ "s.kind = 0 AND s.name = 'eth0'", "s.kind = 0 AND s.name = 'eth0'" },
	{ "s.kind = 0 AND s.name = 'wlan0'", "s.kind = 0 AND s.name = 'wlan0'" },
	{ "s.kind = 0 AND s.name = 'lo'", "s.kind = 0 AND s.name = 'lo'" },
	{ "1", "1" },
};

static void migrates_byte_exact(void **state)
{
	(void)state;
	char path[512], err[256];
	char *before[sizeof(checks) / sizeof(checks[0])];
	int64_t rx_curl, tx_curl;
	copy_fixture(path, sizeof(path));
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(one(db, "SELECT value FROM info WHERE key = 'schema_version'"), 1);
	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++)
		before[i] = buckets(db, checks[i].before);
	rx_curl = one(db, "SELECT sum(rx) FROM bucket b JOIN series s ON s.id = b.series"
		      " WHERE b.res = 3 AND s.name GLOB 'curl[[]*'");
	tx_curl = one(db, "SELECT sum(tx) FROM bucket b JOIN series s ON s.id = b.series"
		      " WHERE b.res = 3 AND s.name GLOB 'curl[[]*'");
	sqlite3_close(db);
	/* the four runs of curl written by make_v1.c */
	assert_int_equal(rx_curl, 500001 + 300007 + 200009 + 11 + 101);
	assert_int_equal(tx_curl, 7001 + 5003 + 3001 + 13 + 103);

	struct Nlg_store *st;
	assert_int_equal(Nlg_store_open(&st, path, true, err, sizeof(err)), 0);
	Nlg_store_close(st);

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(one(db, "SELECT value FROM info WHERE key = 'schema_version'"), NLG_STORE_SCHEMA);
	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		print_message("%s\n", checks[i].after);
		char *after = buckets(db, checks[i].after);
		assert_true(strlen(before[i]) > 0);
		assert_string_equal(after, before[i]);
		free(after);
		free(before[i]);
	}
	/* one series per program, none per pid left */
	assert_int_equal(one(db, "SELECT count(*) FROM series WHERE name GLOB '*[[][0-9]*]'"), 0);
	assert_int_equal(one(db, "SELECT count(*) FROM series WHERE name = 'comm:curl'"
			     " AND label = 'curl' AND app_kind = 'process-tree'"), 1);
	assert_int_equal(one(db, "SELECT count(*) FROM series WHERE name = 'unit:nginx.service'"
			     " AND label = 'nginx.service' AND app_kind = 'service'"), 1);
	sqlite3_close(db);

	/* through the query API: the program's total, labelled */
	assert_int_equal(Nlg_store_open(&st, path, false, err, sizeof(err)), 0);
	struct Nlg_store_total *t;
	size_t n;
	assert_int_equal(Nlg_store_totals(st, NLG_SERIES_APP, NLG_RES_MONTH, 0, INT64_MAX, &t, &n), 0);
	bool found = false;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].name, "comm:curl")) {
			assert_string_equal(t[i].label, "curl");
			assert_int_equal(t[i].rx, rx_curl);
			assert_int_equal(t[i].tx, tx_curl);
			found = true;
		}
	assert_true(found);
	Nlg_store_totals_free(t, n);
	Nlg_store_close(st);

	/* an older netledger refuses the migrated file: a newer schema */
	char q[2048];
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	snprintf(q, sizeof(q), "UPDATE info SET value = '%d' WHERE key = 'schema_version'",
		 NLG_STORE_SCHEMA + 1);
	assert_int_equal(sqlite3_exec(db, q, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(Nlg_store_open(&st, path, false, err, sizeof(err)), NLG_ENEWER);
	snprintf(q, sizeof(q), "rm -f '%s' '%s-wal' '%s-shm'", path, path, path);
	assert_int_equal(system(q), 0);
}

/* A migration that fails half way changes nothing: one transaction. Here
 * a schema-1 file that already holds the key a unit is renamed to. */
static void failed_migration_changes_nothing(void **state)
{
	(void)state;
	char path[512], err[256];
	copy_fixture(path, sizeof(path));
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "INSERT INTO series(kind, name, flags)"
				      " VALUES (1, 'unit:nginx.service', 0)", NULL, NULL, NULL), SQLITE_OK);
	char *before = buckets(db, "1");
	sqlite3_close(db);
	struct Nlg_store *st;
	assert_true(Nlg_store_open(&st, path, true, err, sizeof(err)) < 0);
	assert_true(err[0] != '\0');
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(one(db, "SELECT value FROM info WHERE key = 'schema_version'"), 1);
	assert_int_equal(one(db, "SELECT count(*) FROM series WHERE name GLOB 'curl[[]*'"), 4);
	char *after = buckets(db, "1");
	assert_string_equal(after, before);
	free(before);
	free(after);
	sqlite3_close(db);
	char q[2048];
	snprintf(q, sizeof(q), "rm -f '%s' '%s-wal' '%s-shm'", path, path, path);
	assert_int_equal(system(q), 0);
}

/* A new series records its label and kind; the key stays the identity. */
static void app_series_labelled(void **state)
{
	(void)state;
	struct Nlg_store *st;
	char err[256];
	assert_int_equal(Nlg_store_open(&st, ":memory:", true, err, sizeof(err)), 0);
	assert_int_equal(Nlg_store_begin(st), 0);
	for (int run = 0; run < 3; run++)
		assert_int_equal(Nlg_store_add_app(st, "exe:/usr/bin/curl", "curl", "process-tree",
						   1795168800 + run, 100, 1), 0);
	assert_int_equal(Nlg_store_commit(st), 0);
	struct Nlg_store_total *t;
	size_t n;
	assert_int_equal(Nlg_store_totals(st, NLG_SERIES_APP, NLG_RES_DAY, 0, INT64_MAX, &t, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(t[0].name, "exe:/usr/bin/curl");
	assert_string_equal(t[0].label, "curl");
	assert_string_equal(t[0].app_kind, "process-tree");
	assert_int_equal(t[0].rx, 300);
	Nlg_store_totals_free(t, n);
	Nlg_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(migrates_byte_exact),
		cmocka_unit_test(failed_migration_changes_nothing),
		cmocka_unit_test(app_series_labelled),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
