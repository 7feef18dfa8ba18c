/* SPDX-License-Identifier: MIT */
/* open.c - opening a store: check read-only first, then write. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store/internal.h"

static void close_db(struct Nlg_store *st)
{
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(st->stmt[i]);
	memset(st->stmt, 0, sizeof(st->stmt));
	sqlite3_close(st->db);
	st->db = NULL;
}

/* "file:PATH?immutable=1" with the characters a URI gives meaning to
 * escaped. Return: a malloc'd URI or NULL. */
static char *immutable_uri(const char *path)
{
	char *uri = malloc(strlen(path) * 3 + 32), *o = uri;
	if (!uri)
		return NULL;
	o += sprintf(o, "file:");
	for (const char *p = path; *p; p++)
		o += strchr("?#%", *p) ? sprintf(o, "%%%02X", (unsigned char)*p) : sprintf(o, "%c", *p);
	sprintf(o, "?immutable=1");
	return uri;
}

static int open_db(struct Nlg_store *st, const char *path, int flags)
{
	char *uri = NULL;
	if (st->immutable) {
		uri = immutable_uri(path);
		if (!uri)
			return -ENOMEM;
		path = uri;
		flags |= SQLITE_OPEN_URI;
	}
	int rc = sqlite3_open_v2(path, &st->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
	free(uri);
	if (rc != SQLITE_OK) {
		int err = st->db ? Nlg_store_fail(st, "cannot open") : -ENOMEM;
		close_db(st);
		return err;
	}
	sqlite3_extended_result_codes(st->db, 1);
	/* Waits for a writer rather than failing at once; readers in WAL mode
	 * never block the writer. */
	sqlite3_busy_timeout(st->db, 5000);
	/* SQLite keeps up to 2 MiB of pages per connection by default, and
	 * netledgerd holds two (the writer, the history page's reader) for
	 * months: the page's queries over a year of history left it 2.7 MiB
	 * larger, 1.1 MiB with 256 KiB, and took as long. The pages it no
	 * longer keeps come from the system's file cache. */
	sqlite3_exec(st->db, "PRAGMA cache_size = -256", NULL, NULL, NULL);
	return 0;
}

/* The read-only look at an existing file: it must be ours, readable and
 * of a schema this code knows. Nothing is written. */
static int check_existing(struct Nlg_store *st, const char *path)
{
	int err = open_db(st, path, SQLITE_OPEN_READONLY);
	if (!err)
		err = Nlg_store_check(st);
	close_db(st);
	if (err == 1 && !st->writable) {
		snprintf(st->err, sizeof(st->err), "an empty database: no history recorded yet");
		return -ENODATA;
	}
	return err < 0 ? err : 0;
}

static int setup_writer(struct Nlg_store *st)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "PRAGMA journal_mode = WAL", -1, &s, NULL) != SQLITE_OK)
		return Nlg_store_fail(st, "journal mode");
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return Nlg_store_fail(st, "journal mode");
	/* NORMAL in WAL mode: a power cut may lose the last commits, never
	 * the database's consistency. */
	int err = Nlg_store_exec(st, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON");
	if (!err)
		err = Nlg_store_migrate(st);
	if (!err)
		err = Nlg_store_load_marks(st);
	return err;
}

static bool is_file(const char *path)
{
	struct stat sb;
	return strcmp(path, ":memory:") && stat(path, &sb) == 0;
}

static bool has_wal(const char *path)
{
	char wal[4200];
	struct stat sb;
	snprintf(wal, sizeof(wal), "%s-wal", path);
	return stat(wal, &sb) == 0;
}

int Nlg_store_open(struct Nlg_store **out, const char *path, bool writable,
		   char *err, size_t errlen)
{
	struct Nlg_store *st = calloc(1, sizeof(*st));
	int rc = st ? 0 : -ENOMEM;

	*out = NULL;
	if (st)
		st->writable = writable;
	if (st && !writable && !is_file(path)) {
		snprintf(st->err, sizeof(st->err), "no such database (has netledgerd run with it?)");
		rc = -ENOENT;
	}
	if (!rc && (!writable || is_file(path)))
		rc = check_existing(st, path);
	/* A copy of a WAL database where the reader may not create the WAL
	 * index (a read-only directory): with no WAL file beside it, all of
	 * its content is in the file, which can be read as it is. */
	if (rc == NLG_EDB && !writable && !has_wal(path) &&
	    (st->last_code == SQLITE_READONLY || st->last_code == SQLITE_CANTOPEN)) {
		st->immutable = true;
		st->err[0] = '\0';
		rc = check_existing(st, path);
	}
	if (!rc)
		rc = open_db(st, path, writable ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
					      : SQLITE_OPEN_READONLY);
	if (!rc && writable) {
		rc = setup_writer(st);
	}
	if (!rc && !writable)
		rc = Nlg_store_compat(st);
	if (rc) {
		if (!st || !st->err[0])
			snprintf(err, errlen, "%s", nlg_strerror(rc));
		else
			snprintf(err, errlen, "%s", st->err);
		if (st)
			close_db(st);
		free(st);
		return rc;
	}
	*out = st;
	return 0;
}

void Nlg_store_close(struct Nlg_store *st)
{
	if (!st)
		return;
	close_db(st);
	free(st);
}
