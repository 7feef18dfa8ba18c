/* SPDX-License-Identifier: MIT */
/* cmd_history.c - netledger history: traffic recorded by netledgerd. */
#define _XOPEN_SOURCE 700 /* strptime */
#define _DEFAULT_SOURCE   /* timegm */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/opts.h"
#include "cli/history.h"

#define DEFAULT_DB "/var/lib/netledger/netledger.db"

/* Parses a time for --since/--until. Return: 0 or -1. */
static int parse_time(const char *s, int64_t now, int64_t *out)
{
	char *end;
	if (s[0] == '@' || s[0] == '-') {
		long long v = strtoll(s + 1, &end, 10);
		if (end == s + 1 || v < 0)
			return -1;
		if (s[0] == '@' && !*end) {
			*out = v;
			return 0;
		}
		static const char units[] = "mhd";
		static const int64_t secs[] = { 60, 3600, 86400 };
		const char *u = s[0] == '-' && *end && !end[1] ? strchr(units, *end) : NULL;
		if (!u)
			return -1;
		*out = now - v * secs[u - units];
		return 0;
	}
	static const char *const fmts[] = { "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S",
					    "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d" };
	for (size_t i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		struct tm tm = { 0 };
		end = strptime(s, fmts[i], &tm);
		if (end && !*end) {
			*out = (int64_t)timegm(&tm);
			return 0;
		}
	}
	return -1;
}

static int time_opt(const char *name, const char *arg, int64_t now, int64_t *out)
{
	if (parse_time(arg, now, out) == 0)
		return 0;
	Nlg_cli_error("invalid %s '%s' (YYYY-MM-DD[ HH:MM[:SS]], @UNIXTIME or -N[mhd])", name, arg);
	return -1;
}

static void default_range(struct history_query *q, bool has_since, int64_t now)
{
	static const int64_t back[NLG_RES_COUNT] = { 60 * 60, 24 * 3600, 30 * 86400, 0 };
	if (!has_since) {
		int64_t from = q->until - 1;
		if (q->res == NLG_RES_MONTH) {
			int64_t m = Nlg_res_start(NLG_RES_MONTH, from);
			for (int i = 0; i < 11; i++)
				m = Nlg_res_start(NLG_RES_MONTH, m - 1);
			q->since = m;
		} else {
			q->since = Nlg_res_start(q->res, from - back[q->res] + 1);
		}
	}
	(void)now;
}

/* Return: -1 usage error, 1 after --help, 0 to run. */
/* What the options say before the times are read against one "now". */
struct history_args {
	struct history_query q;
	const char *since, *until;
	bool json, csv;
};

#define Q(f) offsetof(struct history_args, q.f)
static const struct Nlg_cmd_opts command = {
	.name = "history",
	.opts = (const struct Nlg_opt[]){
		{ "interface", 'i', NLG_OPT_STRING, "NAME", "this interface (default: every one but loopback)", Q(iface) },
		{ "apps", 'a', NLG_OPT_FLAG, NULL, "totals per app over the range (top apps and \"other\")", Q(apps) },
		{ "minutes", 0, NLG_OPT_SET, NULL, "by minute (default range: the last hour)", Q(res), .value = NLG_RES_MINUTE },
		{ "hours", 0, NLG_OPT_SET, NULL, "by hour (the last 24 hours)", Q(res), .value = NLG_RES_HOUR },
		{ "days", 0, NLG_OPT_SET, NULL, "by day (the last 30 days; the default)", Q(res), .value = NLG_RES_DAY },
		{ "months", 0, NLG_OPT_SET, NULL, "by month (the last 12 months)", Q(res), .value = NLG_RES_MONTH },
		{ "since", 0, NLG_OPT_STRING, "TIME", "from TIME: YYYY-MM-DD[ HH:MM[:SS]] (UTC), @UNIXTIME,\n"
		  "or -N[mhd] (N minutes, hours or days ago)", offsetof(struct history_args, since) },
		{ "until", 0, NLG_OPT_STRING, "TIME", "up to TIME (default: now)", offsetof(struct history_args, until) },
		NLG_OPTE_JSON(struct history_args, json, "JSON"),
		{ "csv", 0, NLG_OPT_FLAG, NULL, "CSV", offsetof(struct history_args, csv) },
		{ "db", 0, NLG_OPT_STRING, "PATH", "database (default " DEFAULT_DB ")", Q(db) },
		NLG_OPTE_END,
	},
	.about = "Show the traffic netledgerd recorded, per interface or per app, by minute,\n"
		 "hour, day or month (UTC). The database is only read, also while the daemon\n"
		 "writes it.\n\n",
	.footer = "\nExit status: 0 success, 1 runtime error (missing, damaged or newer database,\n"
		  "unknown interface), 2 usage error.\n",
};
#undef Q

static int parse_opts(int argc, char **argv, struct history_query *q)
{
	int64_t now = (int64_t)time(NULL);
	struct history_args a = { .q = { .db = DEFAULT_DB, .res = NLG_RES_DAY, .until = now + 1 } };
	int r = Nlg_opts_parse(&command, argc, argv, &a);
	if (r != NLG_OPTS_GO)
		return r;
	*q = a.q;
	if (a.since && time_opt("--since", a.since, now, &q->since) < 0)
		return NLG_EXIT_USAGE;
	if (a.until && time_opt("--until", a.until, now, &q->until) < 0)
		return NLG_EXIT_USAGE;
	if (a.json && a.csv) {
		Nlg_cli_error("--json and --csv exclude each other");
		return NLG_EXIT_USAGE;
	}
	q->format = a.json ? HISTORY_JSON : a.csv ? HISTORY_CSV : q->format;
	if (q->apps && q->iface) {
		Nlg_cli_error("--apps and --interface exclude each other");
		return NLG_EXIT_USAGE;
	}
	default_range(q, a.since != NULL, now);
	if (q->since >= q->until) {
		Nlg_cli_error("--since must be before --until");
		return NLG_EXIT_USAGE;
	}
	return NLG_OPTS_GO;
}

/* Return: true when the daemon has seen the interface: it has traffic or
 * a stored reading. */
static bool known_iface(struct Nlg_store *st, const char *name, int *err)
{
	struct Nlg_store_row *rows;
	struct Nlg_store_state s;
	size_t n;
	*err = Nlg_store_query(st, NLG_SERIES_IFACE, name, NLG_RES_MONTH, INT64_MIN, INT64_MAX,
			       &rows, &n);
	free(rows);
	if (*err || n)
		return !*err;
	*err = Nlg_store_state_get(st, name, &s);
	if (*err == -ENOENT)
		*err = 0;
	else if (!*err)
		return true;
	return false;
}

static int show(struct Nlg_store *st, const struct history_query *q)
{
	int err = 0;
	if (q->apps) {
		struct Nlg_store_total *t;
		size_t n;
		err = Nlg_store_totals(st, NLG_SERIES_APP, q->res, q->since, q->until, &t, &n);
		if (!err) {
			err = history_print_apps(q, t, n);
			Nlg_store_totals_free(t, n);
		}
		return err;
	}
	if (q->iface && !known_iface(st, q->iface, &err) && !err) {
		Nlg_cli_error("no history for interface '%s' in %s", q->iface, q->db);
		return -1;
	}
	struct Nlg_store_row *rows;
	size_t n;
	if (!err)
		err = Nlg_store_query(st, NLG_SERIES_IFACE, q->iface, q->res, q->since, q->until,
				      &rows, &n);
	if (!err) {
		err = history_print_rows(q, rows, n);
		free(rows);
	}
	return err;
}

int Nlg_cmd_history(int argc, char **argv)
{
	struct history_query q;
	int rc = parse_opts(argc, argv, &q);
	if (rc != NLG_OPTS_GO)
		return rc;
	struct Nlg_store *st;
	char err[300];
	if (Nlg_store_open(&st, q.db, false, err, sizeof(err)) < 0) {
		Nlg_cli_error("%s: %s", q.db, err);
		return NLG_EXIT_RUNTIME;
	}
	rc = show(st, &q);
	if (rc < -1)
		Nlg_cli_error("%s: %s", q.db, Nlg_store_errmsg(st));
	Nlg_store_close(st);
	return rc ? NLG_EXIT_RUNTIME : NLG_EXIT_OK;
}
