/* SPDX-License-Identifier: MIT */
/* internal.h - what the store's files share. */
#ifndef NLG_STORE_INTERNAL_H
#define NLG_STORE_INTERNAL_H

#include <sqlite3.h>

#include "store/store.h"

/* Prepared statements, made on first use and kept. */
enum stmt_id {
	ST_INFO_GET, ST_INFO_SET, ST_SERIES_GET, ST_SERIES_ADD, ST_BUCKET_ADD,
	ST_STATE_GET, ST_STATE_PUT, ST_PERIODS, ST_RANKED, ST_BUCKET_DEL, ST_EXPIRE, ST_STATE_PRUNE,
	ST_COUNT
};

struct Nlg_store {
	sqlite3 *db;
	bool writable;
	bool immutable;  /* a bare copy that nothing writes: no WAL index needed */
	int last_code;   /* SQLite's primary result code of the last failure */
	/* Oldest period per resolution that may hold more than top_apps apps. */
	int64_t unfolded[NLG_RES_COUNT];
	sqlite3_stmt *stmt[ST_COUNT];
	char err[256];
};

/* Records SQLite's message for what failed. Return: NLG_EDB, or
 * NLG_ECORRUPT when SQLite says the file is damaged. */
int Nlg_store_fail(struct Nlg_store *st, const char *what);

/* Return: the cached statement (reset, bindings cleared) or NULL with the
 * error recorded. */
sqlite3_stmt *Nlg_store_stmt(struct Nlg_store *st, enum stmt_id id);

/* Steps a statement that returns no rows, then resets it.
 * Return: 0 or a negative code. */
int Nlg_store_run(struct Nlg_store *st, sqlite3_stmt *s, const char *what);

/* Runs SQL without results. Return: 0 or a negative code. */
int Nlg_store_exec(struct Nlg_store *st, const char *sql);

/* Creates or upgrades the schema in a writable database. */
int Nlg_store_migrate(struct Nlg_store *st);

/* Lets a reader query an older schema that it may not migrate (the
 * daemon does, when it next opens the file). Return: 0 or a negative code. */
int Nlg_store_compat(struct Nlg_store *st);

/* Checks that an existing database is one this code can read.
 * Return: 0, 1 for an empty file (no tables), or a negative code. */
int Nlg_store_check(struct Nlg_store *st);

/* Return: the id of the series, created when create is true, or a
 * negative code (-ENOENT when missing and not created). */
int64_t Nlg_store_series(struct Nlg_store *st, enum Nlg_series_kind kind, const char *name,
			 unsigned flags, bool create);

/* The same, recording the label and app kind of a series it makes (NULL:
 * the name, and ""). */
int64_t Nlg_store_series_labelled(struct Nlg_store *st, enum Nlg_series_kind kind,
				  const char *name, const char *label, const char *app_kind,
				  unsigned flags, bool create);

/* Adds rx/tx to one bucket (resolution r, period start, series id). */
int Nlg_store_bucket_add(struct Nlg_store *st, enum Nlg_res r, int64_t start, int64_t id,
			 uint64_t rx, uint64_t tx);

/* Reads the fold marks of a writable store. */
int Nlg_store_load_marks(struct Nlg_store *st);

#endif
