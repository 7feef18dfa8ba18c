/* SPDX-License-Identifier: MIT */
/*
 * store_size [PATH] - the size of a year of history for 10 interfaces and
 * 50 apps, written through the store API on a simulated clock with the
 * default retention (minutes 48 h, hours 90 d, days 3 y, months forever)
 * and the default top 20 apps per period.
 *
 * What the daemon writes is one delta per series and minute. Minute rows
 * older than 48 hours are gone by the end, so before the last two days
 * the run adds one delta per series and hour (the hour, day and month
 * rows come out the same); the last two days get one per minute.
 */
#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"

#define IFACES 10
#define APPS 50
#define START 1735689600 /* 2025-01-01 UTC */
#define YEAR (365 * 86400)

static int add_all(struct Nlg_store *st, int64_t t, uint64_t scale)
{
	char name[32];
	for (int i = 0; i < IFACES; i++) {
		snprintf(name, sizeof(name), "eth%d", i);
		if (Nlg_store_add(st, NLG_SERIES_IFACE, name, 0, t, scale * (1000 + (uint64_t)i * 97),
				  scale * (300 + (uint64_t)i * 31)) < 0)
			return -1;
	}
	for (int a = 0; a < APPS; a++) {
		/* Apps of different sizes whose ranks shift over time. */
		uint64_t w = (uint64_t)((a * 7919 + t / 3600 * 31) % 97 + 1);
		snprintf(name, sizeof(name), "app-%02d.service", a);
		if (Nlg_store_add(st, NLG_SERIES_APP, name, 0, t, scale * w * 40, scale * w * 9) < 0)
			return -1;
	}
	return 0;
}

static int fill(struct Nlg_store *st, const struct Nlg_store_policy *p)
{
	const int64_t end = START + YEAR, fine = end - 2 * 86400;
	for (int64_t h = START; h < end; h += 3600) {
		if (Nlg_store_begin(st) < 0)
			return -1;
		if (h < fine) {
			if (add_all(st, h, 60) < 0)
				return -1;
		} else {
			for (int64_t m = h; m < h + 3600; m += 60)
				if (add_all(st, m, 1) < 0)
					return -1;
		}
		if (Nlg_store_maintain(st, h + 3600, p) < 0 || Nlg_store_commit(st) < 0)
			return -1;
	}
	return 0;
}

/* Prints rows per resolution and the pages SQLite keeps free for reuse. */
static int describe(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT res, count(*) FROM bucket GROUP BY res", -1, &s, NULL)) {
		fprintf(stderr, "store_size: %s\n", sqlite3_errmsg(db));
		sqlite3_close(db);
		return -1;
	}
	printf("store_size: rows:");
	while (sqlite3_step(s) == SQLITE_ROW)
		printf(" %s %d", Nlg_res_name(sqlite3_column_int(s, 0)), sqlite3_column_int(s, 1));
	sqlite3_finalize(s);
	if (sqlite3_prepare_v2(db, "PRAGMA freelist_count", -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		printf("; free pages %d", sqlite3_column_int(s, 0));
	sqlite3_finalize(s);
	printf("\n");
	sqlite3_close(db);
	return 0;
}

int main(int argc, char **argv)
{
	char path[256], err[256];
	snprintf(path, sizeof(path), "%s", argc > 1 ? argv[1] : "/tmp/netledger-store-size.db");
	unlink(path);
	struct Nlg_store *st;
	struct Nlg_store_policy p;
	Nlg_store_policy_default(&p);
	if (Nlg_store_open(&st, path, true, err, sizeof(err)) < 0) {
		fprintf(stderr, "store_size: %s: %s\n", path, err);
		return 1;
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int rc = fill(st, &p);
	if (rc < 0)
		fprintf(stderr, "store_size: %s\n", Nlg_store_errmsg(st));
	Nlg_store_close(st); /* checkpoints the WAL into the file */
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (rc < 0 || describe(path) < 0)
		return 1;
	struct stat sb;
	if (stat(path, &sb) < 0) {
		perror("store_size: stat");
		return 1;
	}
	printf("store_size: %d interfaces, %d apps (top %u kept per period), one year: "
	       "%.1f MiB (%" PRId64 " bytes), written in %.1f s\n",
	       IFACES, APPS, p.top_apps, (double)sb.st_size / 1048576.0, (int64_t)sb.st_size,
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return 0;
}
