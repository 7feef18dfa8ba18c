/* SPDX-License-Identifier: MIT */
/*
 * stmt.c - the store's SQL: its statements, prepared once and cached per
 * store, and the helpers that run them.
 */
#include "store/internal.h"

static const char *const stmt_sql[ST_COUNT] = {
	[ST_INFO_GET] = "SELECT value FROM info WHERE key = ?1",
	[ST_INFO_SET] = "INSERT INTO info(key, value) VALUES (?1, ?2) "
			"ON CONFLICT(key) DO UPDATE SET value = excluded.value",
	[ST_SERIES_GET] = "SELECT id FROM series WHERE kind = ?1 AND name = ?2",
	[ST_SERIES_ADD] = "INSERT INTO series(kind, name, flags, label, app_kind)"
			  " VALUES (?1, ?2, ?3, coalesce(?4, ?2), coalesce(?5, ''))",
	[ST_BUCKET_ADD] = "INSERT INTO bucket(res, start, series, rx, tx) VALUES (?1, ?2, ?3, ?4, ?5) "
			  "ON CONFLICT(res, start, series) DO UPDATE SET "
			  "rx = rx + excluded.rx, tx = tx + excluded.tx",
	[ST_STATE_GET] = "SELECT ifindex, boot_id, rx, tx, t FROM iface_state WHERE name = ?1",
	[ST_STATE_PUT] = "INSERT INTO iface_state(name, ifindex, boot_id, rx, tx, t) "
			 "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(name) DO UPDATE SET "
			 "ifindex = excluded.ifindex, boot_id = excluded.boot_id, "
			 "rx = excluded.rx, tx = excluded.tx, t = excluded.t",
	[ST_PERIODS] = "SELECT DISTINCT start FROM bucket WHERE res = ?1 AND start >= ?2 AND start < ?3",
	[ST_RANKED] = "SELECT b.series, b.rx, b.tx FROM bucket b JOIN series s ON s.id = b.series "
		      "WHERE b.res = ?1 AND b.start = ?2 AND s.kind = 1 "
		      "ORDER BY b.rx + b.tx DESC, s.name LIMIT -1 OFFSET ?3",
	[ST_BUCKET_DEL] = "DELETE FROM bucket WHERE res = ?1 AND start = ?2 AND series = ?3",
	[ST_EXPIRE] = "DELETE FROM bucket WHERE res = ?1 AND start < ?2",
	[ST_STATE_PRUNE] = "DELETE FROM iface_state WHERE boot_id <> ?1",
};

sqlite3_stmt *Nlg_store_stmt(struct Nlg_store *st, enum stmt_id id)
{
	sqlite3_stmt *s = st->stmt[id];
	if (!s) {
		if (sqlite3_prepare_v3(st->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
				       &st->stmt[id], NULL) != SQLITE_OK) {
			Nlg_store_fail(st, "prepare");
			return NULL;
		}
		return st->stmt[id];
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return s;
}

int Nlg_store_exec(struct Nlg_store *st, const char *sql)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return Nlg_store_fail(st, "SQL");
	return 0;
}

int Nlg_store_run(struct Nlg_store *st, sqlite3_stmt *s, const char *what)
{
	int err = sqlite3_step(s) == SQLITE_DONE ? 0 : Nlg_store_fail(st, what);
	sqlite3_reset(s);
	return err;
}
