/* SPDX-License-Identifier: MIT */
/* test_store.c - the history store on a simulated clock: rollups and
 * retention over 400 days, clock steps, top-N apps, and files it must
 * refuse without changing a byte. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <errno.h>

#include "store/store.h"

#define MIN 60
#define HOUR 3600
#define DAY 86400
/* 2025-01-01 00:00:00 UTC */
#define T0 1735689600

static struct Nlg_store *mem_store(void)
{
	struct Nlg_store *st;
	char err[256];
	assert_int_equal(Nlg_store_open(&st, ":memory:", true, err, sizeof(err)), 0);
	return st;
}

static uint64_t sum_rows(struct Nlg_store *st, enum Nlg_series_kind kind, const char *name,
			 enum Nlg_res r, int64_t since, int64_t until, size_t *count, bool rx)
{
	struct Nlg_store_row *rows;
	size_t n;
	assert_int_equal(Nlg_store_query(st, kind, name, r, since, until, &rows, &n), 0);
	uint64_t sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += rx ? rows[i].rx : rows[i].tx;
	free(rows);
	if (count)
		*count = n;
	return sum;
}

static void test_periods(void **state)
{
	(void)state;
	/* 2025-03-15 12:34:56 */
	int64_t t = 1742042096;
	assert_int_equal(Nlg_res_start(NLG_RES_MINUTE, t), 1742042040);
	assert_int_equal(Nlg_res_start(NLG_RES_HOUR, t), 1742040000);
	assert_int_equal(Nlg_res_start(NLG_RES_DAY, t), 1741996800);
	assert_int_equal(Nlg_res_start(NLG_RES_MONTH, t), 1740787200);   /* 2025-03-01 */
	assert_int_equal(Nlg_res_next(NLG_RES_MONTH, 1740787200), 1743465600); /* 04-01 */
	assert_int_equal(Nlg_res_next(NLG_RES_MONTH, 1764547200), 1767225600); /* 2025-12 -> 2026-01 */
}

/* 400 days, a sample every 10 minutes, maintenance every simulated hour:
 * every resolution keeps exactly its window, and sums match. */
static void test_rollup_retention_400_days(void **state)
{
	(void)state;
	struct Nlg_store *st = mem_store();
	struct Nlg_store_policy p;
	Nlg_store_policy_default(&p);
	const int64_t step = 10 * MIN, end = T0 + 400LL * DAY;
	uint64_t n = 0;

	for (int64_t t = T0; t < end; t += HOUR) {
		assert_int_equal(Nlg_store_begin(st), 0);
		for (int64_t u = t; u < t + HOUR; u += step, n++)
			assert_int_equal(Nlg_store_add(st, NLG_SERIES_IFACE, "eth0", 0, u, 1000, 10), 0);
		assert_int_equal(Nlg_store_maintain(st, t + HOUR, &p), 0);
		assert_int_equal(Nlg_store_commit(st), 0);
	}
	size_t cnt;
	/* Months: forever, every byte. */
	assert_int_equal(sum_rows(st, NLG_SERIES_IFACE, "eth0", NLG_RES_MONTH, 0, INT64_MAX, &cnt, true),
			 n * 1000);
	assert_int_equal(sum_rows(st, NLG_SERIES_IFACE, "eth0", NLG_RES_MONTH, 0, INT64_MAX, NULL, false),
			 n * 10);
	assert_int_equal(cnt, 14); /* 2025-01 .. 2026-02 */
	/* Days: 3 years, so all 400. */
	assert_int_equal(sum_rows(st, NLG_SERIES_IFACE, "eth0", NLG_RES_DAY, 0, INT64_MAX, &cnt, true),
			 n * 1000);
	assert_int_equal(cnt, 400);
	/* Hours: the last 90 days (plus the hour holding the cut). */
	uint64_t h = sum_rows(st, NLG_SERIES_IFACE, "eth0", NLG_RES_HOUR, 0, INT64_MAX, &cnt, true);
	assert_int_equal(cnt, 90 * 24);
	assert_int_equal(h, 90 * 24 * 6 * 1000ull);
	assert_int_equal(sum_rows(st, NLG_SERIES_IFACE, "eth0", NLG_RES_HOUR, 0, end - 90LL * DAY,
				  NULL, true), 0);
	/* Minutes: 48 hours. */
	uint64_t m = sum_rows(st, NLG_SERIES_IFACE, "eth0", NLG_RES_MINUTE, 0, INT64_MAX, &cnt, true);
	assert_int_equal(cnt, 48 * 6);
	assert_int_equal(m, 48 * 6 * 1000ull);
	Nlg_store_close(st);
}

/* The clock steps back an hour and forward a day between samples: each
 * delta lands once, in the bucket of the time it was taken at. */
static void test_clock_steps(void **state)
{
	(void)state;
	struct Nlg_store *st = mem_store();
	struct Nlg_store_policy p;
	Nlg_store_policy_default(&p);
	int64_t times[] = { T0 + 5 * HOUR, T0 + 5 * HOUR + 1, T0 + 4 * HOUR + 30, /* back */
			    T0 + 4 * HOUR + 31, T0 + 29 * HOUR, /* forward a day */
			    T0 + 5 * HOUR + 2, /* back again, into an existing bucket */ };
	for (size_t i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
		assert_int_equal(Nlg_store_begin(st), 0);
		assert_int_equal(Nlg_store_add(st, NLG_SERIES_IFACE, "eth0", 0, times[i], 100, 1), 0);
		assert_int_equal(Nlg_store_maintain(st, times[i], &p), 0);
		assert_int_equal(Nlg_store_commit(st), 0);
	}
	size_t cnt;
	for (int r = 0; r < NLG_RES_COUNT; r++)
		assert_int_equal(sum_rows(st, NLG_SERIES_IFACE, "eth0", r, 0, INT64_MAX, NULL, true), 600);
	/* Minute buckets: 5:00 (3 deltas), 4:00 (2), next day 5:00 (1). */
	assert_int_equal(sum_rows(st, NLG_SERIES_IFACE, "eth0", NLG_RES_MINUTE, 0, INT64_MAX, &cnt, true), 600);
	assert_int_equal(cnt, 3);
	assert_int_equal(sum_rows(st, NLG_SERIES_IFACE, "eth0", NLG_RES_MINUTE, T0 + 5 * HOUR,
				  T0 + 5 * HOUR + MIN, NULL, true), 300);
	assert_int_equal(sum_rows(st, NLG_SERIES_IFACE, "eth0", NLG_RES_MINUTE, T0 + 4 * HOUR,
				  T0 + 4 * HOUR + MIN, NULL, true), 200);
	assert_int_equal(sum_rows(st, NLG_SERIES_IFACE, "eth0", NLG_RES_DAY, 0, INT64_MAX, &cnt, true), 600);
	assert_int_equal(cnt, 2);
	Nlg_store_close(st);
}

static void add_apps(struct Nlg_store *st, int64_t t, int napps, uint64_t *sum)
{
	char name[32];
	for (int a = 0; a < napps; a++) {
		snprintf(name, sizeof(name), "app%02d", a);
		assert_int_equal(Nlg_store_add(st, NLG_SERIES_APP, name, 0, t, 1000u * (a + 1), a + 1), 0);
		*sum += 1000u * (a + 1);
	}
}

static size_t app_rows(struct Nlg_store *st, enum Nlg_res r, int64_t since, int64_t until,
		       uint64_t *rx, bool *has_other, const char *must_have)
{
	struct Nlg_store_total *t;
	size_t n;
	bool found = !must_have;
	assert_int_equal(Nlg_store_totals(st, NLG_SERIES_APP, r, since, until, &t, &n), 0);
	*rx = 0;
	*has_other = false;
	for (size_t i = 0; i < n; i++) {
		*rx += t[i].rx;
		*has_other |= t[i].kind == NLG_SERIES_OTHER;
		found |= must_have && !strcmp(t[i].name, must_have);
	}
	Nlg_store_totals_free(t, n);
	assert_true(found);
	return n;
}

static void test_top_apps_other(void **state)
{
	(void)state;
	struct Nlg_store *st = mem_store();
	struct Nlg_store_policy p;
	Nlg_store_policy_default(&p);
	p.top_apps = 5;
	uint64_t want = 0, rx;
	bool other;

	assert_int_equal(Nlg_store_begin(st), 0);
	add_apps(st, T0 + 10, 30, &want);
	/* Within the minute: nothing folded yet. */
	assert_int_equal(Nlg_store_maintain(st, T0 + 30, &p), 0);
	assert_int_equal(app_rows(st, NLG_RES_MINUTE, 0, INT64_MAX, &rx, &other, "app00"), 30);
	assert_false(other);
	/* The minute closes: top 5 + other, bytes unchanged. Hours stay open. */
	assert_int_equal(Nlg_store_maintain(st, T0 + 60, &p), 0);
	assert_int_equal(Nlg_store_commit(st), 0);
	assert_int_equal(app_rows(st, NLG_RES_MINUTE, 0, INT64_MAX, &rx, &other, "app29"), 6);
	assert_true(other);
	assert_int_equal(rx, want);
	assert_int_equal(app_rows(st, NLG_RES_HOUR, 0, INT64_MAX, &rx, &other, "app00"), 30);
	/* The clock goes back into the folded minute: folded again, no loss. */
	assert_int_equal(Nlg_store_begin(st), 0);
	add_apps(st, T0 + 20, 30, &want);
	assert_int_equal(Nlg_store_maintain(st, T0 + 50, &p), 0);
	assert_int_equal(Nlg_store_maintain(st, T0 + 3600, &p), 0);
	assert_int_equal(Nlg_store_commit(st), 0);
	for (int r = 0; r < NLG_RES_COUNT - 1; r++) {
		size_t n = app_rows(st, r, 0, INT64_MAX, &rx, &other, "app25");
		assert_int_equal(rx, want);
		assert_int_equal(n, r == NLG_RES_DAY ? 30 : 6);
	}
	Nlg_store_close(st);
}

static void make_path(char *buf, size_t size, const char *tag)
{
	snprintf(buf, size, "%s/nlg-store-%d-%s.db", P_tmpdir, (int)getpid(), tag);
	unlink(buf);
}

static void remove_db(const char *path)
{
	char side[600];
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *buf = malloc(1 << 20);
	assert_non_null(buf);
	*len = fread(buf, 1, 1 << 20, f);
	fclose(f);
	return buf;
}

static void sql(const char *path, const char *q)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, q, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

/* Opening must fail with code want, for reading and writing alike, and
 * leave the file byte for byte as it was, with no journal beside it. */
static void refused_untouched(const char *path, int want)
{
	size_t l1, l2;
	char *before = slurp(path, &l1), err[256], side[600];
	struct Nlg_store *st = NULL;
	for (int w = 0; w < 2; w++) {
		err[0] = 0;
		assert_int_equal(Nlg_store_open(&st, path, w, err, sizeof(err)), want);
		assert_null(st);
		assert_true(err[0] && !strchr(err, '\n'));
	}
	char *after = slurp(path, &l2);
	assert_int_equal(l1, l2);
	assert_memory_equal(before, after, l1);
	snprintf(side, sizeof(side), "%s-wal", path);
	assert_int_not_equal(access(side, F_OK), 0);
	free(before);
	free(after);
	unlink(path);
}

static void test_unknown_schema(void **state)
{
	(void)state;
	char path[512], err[256];
	struct Nlg_store *st;
	make_path(path, sizeof(path), "newer");
	assert_int_equal(Nlg_store_open(&st, path, true, err, sizeof(err)), 0);
	assert_int_equal(Nlg_store_begin(st), 0);
	assert_int_equal(Nlg_store_add(st, NLG_SERIES_IFACE, "eth0", 0, T0, 5, 6), 0);
	assert_int_equal(Nlg_store_commit(st), 0);
	Nlg_store_close(st);
	/* Reopened as is: the data is there (schema migration is a no-op). */
	assert_int_equal(Nlg_store_open(&st, path, false, err, sizeof(err)), 0);
	assert_int_equal(sum_rows(st, NLG_SERIES_IFACE, "eth0", NLG_RES_DAY, 0, INT64_MAX, NULL, true), 5);
	char v[16];
	assert_int_equal(Nlg_store_info_get(st, "schema_version", v, sizeof(v)), 0);
	assert_int_equal(atoi(v), NLG_STORE_SCHEMA);
	Nlg_store_close(st);
	sql(path, "PRAGMA journal_mode=DELETE; UPDATE info SET value = '99' WHERE key = 'schema_version'");
	refused_untouched(path, NLG_ENEWER);
}

static void test_foreign_and_corrupt(void **state)
{
	(void)state;
	char path[512];
	make_path(path, sizeof(path), "foreign");
	sql(path, "CREATE TABLE songs (title TEXT); INSERT INTO songs VALUES ('x')");
	refused_untouched(path, NLG_ENOTOURS);

	make_path(path, sizeof(path), "garbage");
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	for (int i = 0; i < 8192; i++)
		fputc((i * 7919) & 0xff, f);
	fclose(f);
	refused_untouched(path, NLG_ECORRUPT);

	/* A real netledger database with a page trashed in the middle. */
	make_path(path, sizeof(path), "damaged");
	struct Nlg_store *st;
	char err[256];
	assert_int_equal(Nlg_store_open(&st, path, true, err, sizeof(err)), 0);
	assert_int_equal(Nlg_store_begin(st), 0);
	for (int i = 0; i < 3000; i++)
		assert_int_equal(Nlg_store_add(st, NLG_SERIES_IFACE, "eth0", 0, T0 + 60 * i, 1, 1), 0);
	assert_int_equal(Nlg_store_commit(st), 0);
	Nlg_store_close(st);
	sql(path, "PRAGMA journal_mode=DELETE");
	f = fopen(path, "r+b");
	assert_non_null(f);
	fseek(f, 4096 * 12 + 10, SEEK_SET); /* a page of the bucket table */
	for (int i = 0; i < 3000; i++)
		fputc(0xa5, f);
	fclose(f);
	refused_untouched(path, NLG_ECORRUPT);
}

static void test_empty_file_is_created(void **state)
{
	(void)state;
	char path[512], err[256];
	struct Nlg_store *st;
	make_path(path, sizeof(path), "empty");
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fclose(f);
	/* Read-only: nothing recorded yet, a clear error. */
	assert_int_not_equal(Nlg_store_open(&st, path, false, err, sizeof(err)), 0);
	assert_int_equal(Nlg_store_open(&st, path, true, err, sizeof(err)), 0);
	Nlg_store_close(st);
	assert_int_equal(Nlg_store_open(&st, path, false, err, sizeof(err)), 0);
	Nlg_store_close(st);
	remove_db(path);
}

static void test_state(void **state)
{
	(void)state;
	struct Nlg_store *st = mem_store();
	struct Nlg_store_state s = { .ifindex = 3, .boot_id = "abc", .rx = 1ull << 40, .tx = 7, .t = T0 }, g;
	assert_int_equal(Nlg_store_state_get(st, "eth0", &g), -ENOENT);
	assert_int_equal(Nlg_store_state_put(st, "eth0", &s), 0);
	s.rx += 5;
	assert_int_equal(Nlg_store_state_put(st, "eth0", &s), 0);
	assert_int_equal(Nlg_store_state_get(st, "eth0", &g), 0);
	assert_int_equal(g.rx, (1ull << 40) + 5);
	assert_int_equal(g.ifindex, 3);
	assert_string_equal(g.boot_id, "abc");
	assert_int_equal(Nlg_store_state_prune(st, "abc"), 0);
	assert_int_equal(Nlg_store_state_get(st, "eth0", &g), 0);
	assert_int_equal(Nlg_store_state_prune(st, "next-boot"), 0);
	assert_int_equal(Nlg_store_state_get(st, "eth0", &g), -ENOENT);
	Nlg_store_close(st);
}

static int count_cb(void *ctx, int n, char **v, char **names)
{
	(void)n;
	(void)names;
	*(int *)ctx = atoi(v[0]);
	return 0;
}

static int series_count(const char *path)
{
	sqlite3 *db;
	int n = -1;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "SELECT count(*) FROM series", count_cb, &n, NULL), SQLITE_OK);
	sqlite3_close(db);
	return n;
}

/* An app folded away at every resolution loses its series too, once the
 * day has turned. */
static void test_series_pruned(void **state)
{
	(void)state;
	char path[512], err[256];
	struct Nlg_store *st;
	struct Nlg_store_policy p;
	Nlg_store_policy_default(&p);
	p.top_apps = 1;
	make_path(path, sizeof(path), "prune");
	assert_int_equal(Nlg_store_open(&st, path, true, err, sizeof(err)), 0);
	assert_int_equal(Nlg_store_begin(st), 0);
	assert_int_equal(Nlg_store_add(st, NLG_SERIES_APP, "big", 0, T0, 1000, 0), 0);
	assert_int_equal(Nlg_store_add(st, NLG_SERIES_APP, "small", 0, T0, 10, 0), 0);
	assert_int_equal(Nlg_store_maintain(st, T0 + 3600, &p), 0);
	assert_int_equal(Nlg_store_commit(st), 0);
	assert_int_equal(series_count(path), 3); /* big, small, other */
	/* Months later: every period of T0 is closed and folded. */
	assert_int_equal(Nlg_store_begin(st), 0);
	assert_int_equal(Nlg_store_maintain(st, T0 + 40 * DAY, &p), 0);
	assert_int_equal(Nlg_store_commit(st), 0);
	assert_int_equal(series_count(path), 2);
	uint64_t rx;
	bool other;
	assert_int_equal(app_rows(st, NLG_RES_MONTH, 0, INT64_MAX, &rx, &other, "big"), 2);
	assert_int_equal(rx, 1010);
	Nlg_store_close(st);
	remove_db(path);
}

/* A connection keeps at most 256 KiB of pages, not SQLite's default of
 * 2 MiB: netledgerd holds its writer and the history page's reader for
 * months, and reading a year of history must not leave either larger. */
static void test_page_cache_bounded(void **state)
{
	(void)state;
	char path[512], err[256], name[16];
	struct Nlg_store *st;
	make_path(path, sizeof(path), "cache");
	assert_int_equal(Nlg_store_open(&st, path, true, err, sizeof(err)), 0);
	assert_int_equal(Nlg_store_begin(st), 0);
	for (int a = 0; a < 40; a++) {
		snprintf(name, sizeof(name), "app%d", a);
		for (int m = 0; m < 3 * 24 * 60; m++)
			assert_int_equal(Nlg_store_add(st, NLG_SERIES_APP, name, 0, T0 + m * 60,
						       1000u + (unsigned)m, 10), 0);
	}
	assert_int_equal(Nlg_store_commit(st), 0);
	Nlg_store_close(st);
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_true(sb.st_size > 3 << 20);  /* more than the default cache */

	assert_int_equal(Nlg_store_open(&st, path, false, err, sizeof(err)), 0);
	sqlite3_int64 before, hw;
	assert_int_equal(sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &before, &hw, 0), SQLITE_OK);
	for (int a = 0; a < 40; a++) {
		snprintf(name, sizeof(name), "app%d", a);
		size_t n;
		assert_int_equal(sum_rows(st, NLG_SERIES_APP, name, NLG_RES_MINUTE, T0, T0 + 3 * DAY,
					  &n, false), 3 * 24 * 60 * 10);
		assert_int_equal(n, 3 * 24 * 60);
	}
	sqlite3_int64 after;
	assert_int_equal(sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &after, &hw, 0), SQLITE_OK);
	assert_true(after > 0);  /* SQLite counts its memory */
	assert_true(after - before < 512 << 10);
	Nlg_store_close(st);
	remove_db(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_periods),
		cmocka_unit_test(test_rollup_retention_400_days),
		cmocka_unit_test(test_clock_steps),
		cmocka_unit_test(test_top_apps_other),
		cmocka_unit_test(test_unknown_schema),
		cmocka_unit_test(test_foreign_and_corrupt),
		cmocka_unit_test(test_empty_file_is_created),
		cmocka_unit_test(test_state),
		cmocka_unit_test(test_series_pruned),
		cmocka_unit_test(test_page_cache_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
