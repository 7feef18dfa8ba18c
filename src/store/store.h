/* SPDX-License-Identifier: MIT */
/*
 * store.h - netledger's history database (SQLite, WAL).
 *
 * Traffic is kept in buckets per series (an interface, an app, or the
 * "other" row that sums the apps outside the top N of a period) at four
 * resolutions: minute, hour, day and month, all in UTC. Every delta is
 * added to the bucket of each resolution that holds its timestamp, so a
 * clock step only changes which bucket receives bytes, never how many.
 *
 * The store reads no clock: every function takes the time it should use.
 * Functions that can fail return 0 or a negative errno-style code, with
 * Nlg_store_errmsg() giving a one-line explanation. Nothing is printed.
 */
#ifndef NLG_STORE_H
#define NLG_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netledger.h"

/* The schema this code writes; a database with a higher version is
 * refused (it was written by a newer netledger). */
#define NLG_STORE_SCHEMA 2

/* Errors: negative errno values and the store's own (NLG_ENOTOURS: an
 * SQLite file of another program, NLG_ENEWER: a schema newer than
 * NLG_STORE_SCHEMA, NLG_ECORRUPT, NLG_EDB: any other SQLite failure), all
 * named by nlg_strerror() (netledger.h). */

enum Nlg_res { NLG_RES_MINUTE = 0, NLG_RES_HOUR, NLG_RES_DAY, NLG_RES_MONTH, NLG_RES_COUNT };

enum Nlg_series_kind {
	NLG_SERIES_IFACE = 0,
	NLG_SERIES_APP = 1,
	NLG_SERIES_OTHER = 2,   /* apps beyond the top N of a period */
};

#define NLG_SERIES_LOOPBACK 1u  /* series flag: excluded from "all interfaces" */

struct Nlg_store;

/* Opens (creating when writable and missing) the database at path.
 * An existing file is first checked through a read-only connection, so a
 * corrupt, foreign or newer database is refused without a byte changed;
 * only then is it opened for writing and migrated. ":memory:" works.
 * Return: 0, or a negative code with a one-line message in err. */
int Nlg_store_open(struct Nlg_store **out, const char *path, bool writable,
		   char *err, size_t errlen);
void Nlg_store_close(struct Nlg_store *st);

/* Return: the detail of the last failure. */
const char *Nlg_store_errmsg(const struct Nlg_store *st);

/* Transactions: BEGIN IMMEDIATE ... COMMIT (or ROLLBACK). */
int Nlg_store_begin(struct Nlg_store *st);
int Nlg_store_commit(struct Nlg_store *st);
void Nlg_store_rollback(struct Nlg_store *st);

/* The info table: small key/value strings (schema_version, boot_id...). */
int Nlg_store_info_get(struct Nlg_store *st, const char *key, char *buf, size_t size);
int Nlg_store_info_set(struct Nlg_store *st, const char *key, const char *value);

/* Adds rx/tx bytes at unix time t to every resolution's bucket of the
 * series (created on first use; flags as NLG_SERIES_*). */
int Nlg_store_add(struct Nlg_store *st, enum Nlg_series_kind kind, const char *name,
		  unsigned flags, int64_t t, uint64_t rx, uint64_t tx);
/* The same for an app: key is its stable identity (nlg_app_key), label
 * the name it is shown by and app_kind its kind's name ("service"...),
 * both recorded when the series is made. */
int Nlg_store_add_app(struct Nlg_store *st, const char *key, const char *label,
		      const char *app_kind, int64_t t, uint64_t rx, uint64_t tx);

/* Retention per resolution in seconds; 0 keeps forever. */
struct Nlg_store_policy {
	int64_t keep[NLG_RES_COUNT];
	unsigned top_apps;   /* app rows per period, the rest go to "other"; 0: no limit */
};
void Nlg_store_policy_default(struct Nlg_store_policy *p);

/* Folds the apps beyond the top N of every closed period into "other",
 * deletes buckets older than the retention, as seen at time now, and
 * once a day the apps left without a bucket. */
int Nlg_store_maintain(struct Nlg_store *st, int64_t now, const struct Nlg_store_policy *p);

/* The last raw counter reading of an interface, for continuity across
 * restarts of the daemon. */
struct Nlg_store_state {
	int ifindex;
	char boot_id[64];
	uint64_t rx, tx;
	int64_t t;
};
/* Return: 0, or -ENOENT when the interface has no stored state. */
int Nlg_store_state_get(struct Nlg_store *st, const char *name, struct Nlg_store_state *s);
int Nlg_store_state_put(struct Nlg_store *st, const char *name, const struct Nlg_store_state *s);
/* Drops the readings of other boots than boot_id: they can never be
 * continued. */
int Nlg_store_state_prune(struct Nlg_store *st, const char *boot_id);

/* Start of the bucket holding t, and of the next one. */
int64_t Nlg_res_start(enum Nlg_res res, int64_t t);
int64_t Nlg_res_next(enum Nlg_res res, int64_t start);
/* Return: "minute", "hour", "day", "month". */
const char *Nlg_res_name(enum Nlg_res res);

struct Nlg_store_row {
	int64_t start;
	uint64_t rx, tx;
};

/* Buckets of resolution res with since <= start < until, oldest first.
 * name NULL sums every interface except loopbacks (kind IFACE) or every
 * app with the other row (kind APP). *rows is malloc'd (NULL when none). */
int Nlg_store_query(struct Nlg_store *st, enum Nlg_series_kind kind, const char *name,
		    enum Nlg_res res, int64_t since, int64_t until,
		    struct Nlg_store_row **rows, size_t *n);

struct Nlg_store_total {
	char *name;       /* the series' key: an interface's name, an app's identity */
	char *label;      /* what it is shown by */
	char *app_kind;   /* an app's kind ("service", "process-tree"...), else "" */
	enum Nlg_series_kind kind;
	uint64_t rx, tx;
};

/* Totals per series of the kinds wanted (IFACE, or APP with OTHER) over
 * buckets of res in [since, until), largest first. Free with
 * Nlg_store_totals_free. */
int Nlg_store_totals(struct Nlg_store *st, enum Nlg_series_kind kind, enum Nlg_res res,
		     int64_t since, int64_t until, struct Nlg_store_total **out, size_t *n);
void Nlg_store_totals_free(struct Nlg_store_total *t, size_t n);

#endif
