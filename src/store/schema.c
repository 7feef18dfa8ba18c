/* SPDX-License-Identifier: MIT */
/* schema.c - the schema, its migrations, and the check of a foreign file. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"

#define APP_ID "netledger"

/* migrations[i] takes a database from version i to i + 1. */
static const char *const migrations[NLG_STORE_SCHEMA] = {
	"CREATE TABLE info (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE series (id INTEGER PRIMARY KEY, kind INTEGER NOT NULL,"
	" name TEXT NOT NULL, flags INTEGER NOT NULL DEFAULT 0, UNIQUE(kind, name));"
	/* One row per resolution, period and series; the key orders rows by
	 * period so that rollups and retention read ranges. */
	"CREATE TABLE bucket (res INTEGER NOT NULL, start INTEGER NOT NULL,"
	" series INTEGER NOT NULL REFERENCES series(id), rx INTEGER NOT NULL,"
	" tx INTEGER NOT NULL, PRIMARY KEY(res, start, series)) WITHOUT ROWID;"
	"CREATE TABLE iface_state (name TEXT PRIMARY KEY, ifindex INTEGER NOT NULL,"
	" boot_id TEXT NOT NULL, rx INTEGER NOT NULL, tx INTEGER NOT NULL, t INTEGER NOT NULL);"
	"INSERT INTO info(key, value) VALUES ('application', '" APP_ID "');",
	/* 2: apps keyed by a stable identity ("exe:/usr/bin/curl"), with the
	 * name they are shown by and their kind beside it. A schema-1 app of
	 * no cgroup was "name[pid]", one per run: its buckets merge into one
	 * series per program ("comm:name": the executable was not recorded),
	 * bucket by bucket, every byte kept. Units get their key's prefix. */
	"ALTER TABLE series ADD COLUMN label TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE series ADD COLUMN app_kind TEXT NOT NULL DEFAULT '';"
	"UPDATE series SET label = name;"
	"CREATE TEMP TABLE legacy AS SELECT id, substr(name, 1, instr(name, '[') - 1) AS prog"
	" FROM series WHERE kind = 1 AND name GLOB '?*[[][0-9]*[]]'"
	" AND NOT substr(name, instr(name, '[') + 1, length(name) - instr(name, '[') - 1) GLOB '*[^0-9]*';"
	"INSERT OR IGNORE INTO series(kind, name, flags, label, app_kind)"
	" SELECT DISTINCT 1, 'comm:' || prog, 0, prog, 'process-tree' FROM legacy;"
	"INSERT INTO bucket(res, start, series, rx, tx)"
	" SELECT b.res, b.start, n.id, sum(b.rx), sum(b.tx) FROM bucket b"
	" JOIN legacy l ON l.id = b.series JOIN series n ON n.kind = 1 AND n.name = 'comm:' || l.prog"
	" WHERE true GROUP BY b.res, b.start, n.id"
	" ON CONFLICT(res, start, series) DO UPDATE SET rx = rx + excluded.rx, tx = tx + excluded.tx;"
	"DELETE FROM bucket WHERE series IN (SELECT id FROM legacy);"
	"DELETE FROM series WHERE id IN (SELECT id FROM legacy);"
	"DROP TABLE legacy;"
	"UPDATE series SET name = 'unit:' || name, app_kind = 'service'"
	" WHERE kind = 1 AND name GLOB '?*.service';"
	"UPDATE series SET name = 'unit:' || name, app_kind = 'scope'"
	" WHERE kind = 1 AND name GLOB '?*.scope';"
	"UPDATE series SET app_kind = 'container' WHERE kind = 1 AND app_kind = ''"
	" AND (name GLOB 'docker:*' OR name GLOB 'libpod:*' OR name GLOB 'cri-containerd:*'"
	"  OR name GLOB 'crio:*' OR name GLOB 'lxc.payload:*');"
	"UPDATE series SET app_kind = 'unattributed' WHERE kind = 1 AND name = 'unattributed';"
	"UPDATE series SET app_kind = 'cgroup', name = 'cgroup:' || name"
	" WHERE kind = 1 AND app_kind = '' AND name GLOB '/*';",
};

/* Return: the schema version (0 when there is no info table), or a
 * negative code. */
static int read_version(struct Nlg_store *st, bool *has_info)
{
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(st->db, "SELECT count(*), "
		"sum(name = 'info') FROM sqlite_master WHERE type = 'table'", -1, &s, NULL);
	if (rc != SQLITE_OK)
		return Nlg_store_fail(st, "read schema");
	rc = sqlite3_step(s);
	int tables = sqlite3_column_int(s, 0), info = sqlite3_column_int(s, 1);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return Nlg_store_fail(st, "read schema");
	*has_info = info > 0;
	if (!tables)
		return 0;
	char app[32], ver[16];
	if (!info || Nlg_store_info_get(st, "application", app, sizeof(app)) < 0 ||
	    strcmp(app, APP_ID)) {
		snprintf(st->err, sizeof(st->err), "not a netledger database (an SQLite file of another program)");
		return NLG_ENOTOURS;
	}
	if (Nlg_store_info_get(st, "schema_version", ver, sizeof(ver)) < 0) {
		snprintf(st->err, sizeof(st->err), "netledger database without a schema version");
		return NLG_ECORRUPT;
	}
	char *end;
	long v = strtol(ver, &end, 10);
	if (*end || v < 1 || v > 1000000) {
		snprintf(st->err, sizeof(st->err), "invalid schema version '%s'", ver);
		return NLG_ECORRUPT;
	}
	return (int)v;
}

int Nlg_store_check(struct Nlg_store *st)
{
	bool info;
	int v = read_version(st, &info);
	if (v < 0)
		return v;
	if (v > NLG_STORE_SCHEMA) {
		snprintf(st->err, sizeof(st->err),
			 "schema version %d was written by a newer netledger (this one reads up to %d)",
			 v, NLG_STORE_SCHEMA);
		return NLG_ENEWER;
	}
	if (v == 0)
		return 1;
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "PRAGMA quick_check", -1, &s, NULL) != SQLITE_OK)
		return Nlg_store_fail(st, "check");
	int rc = sqlite3_step(s);
	const char *res = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(s, 0) : NULL;
	bool ok = res && !strcmp(res, "ok");
	if (!ok && rc == SQLITE_ROW) {
		/* The report spans lines; the first finding is enough. */
		const char *nl = res ? strchr(res, '\n') : NULL;
		snprintf(st->err, sizeof(st->err), "damaged: %.120s", nl ? nl + 1 : res ? res : "?");
		st->err[strcspn(st->err, "\n")] = '\0';
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return Nlg_store_fail(st, "check");
	return ok ? 0 : NLG_ECORRUPT;
}

int Nlg_store_migrate(struct Nlg_store *st)
{
	bool info;
	int v = read_version(st, &info);
	if (v < 0)
		return v;
	if (v >= NLG_STORE_SCHEMA)
		return 0;
	int err = Nlg_store_begin(st);
	for (; !err && v < NLG_STORE_SCHEMA; v++)
		err = Nlg_store_exec(st, migrations[v]);
	char ver[16];
	snprintf(ver, sizeof(ver), "%d", NLG_STORE_SCHEMA);
	if (!err)
		err = Nlg_store_info_set(st, "schema_version", ver);
	if (!err)
		err = Nlg_store_commit(st);
	if (err)
		Nlg_store_rollback(st);
	return err;
}

int Nlg_store_compat(struct Nlg_store *st)
{
	bool info;
	int v = read_version(st, &info);
	if (v < 0)
		return v;
	/* Schema 1 has no labels: a temporary view (only this connection's,
	 * nothing written to the file) shadows the table with its names. */
	if (v == 1)
		return Nlg_store_exec(st, "CREATE TEMP VIEW series AS SELECT id, kind, name, flags,"
				      " name AS label, '' AS app_kind FROM main.series");
	return 0;
}
