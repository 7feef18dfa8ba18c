/* SPDX-License-Identifier: MIT */
/* cmd_history.c - netledger history: traffic recorded by netledgerd. */
#define _XOPEN_SOURCE 700 /* strptime */
#define _DEFAULT_SOURCE   /* timegm */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/history.h"

#define DEFAULT_DB "/var/lib/netledger/netledger.db"

static void help(FILE *f)
{
	fputs("Usage: netledger history [OPTIONS]\n"
	      "Show the traffic netledgerd recorded, per interface or per app, by minute,\n"
	      "hour, day or month (UTC). The database is only read, also while the daemon\n"
	      "writes it.\n\n"
	      "  -i, --interface NAME  this interface (default: every one but loopback)\n"
	      "  -a, --apps            totals per app over the range (top apps and \"other\")\n"
	      "      --minutes         by minute (default range: the last hour)\n"
	      "      --hours           by hour (the last 24 hours)\n"
	      "      --days            by day (the last 30 days; the default)\n"
	      "      --months          by month (the last 12 months)\n"
	      "      --since TIME      from TIME: YYYY-MM-DD[ HH:MM[:SS]] (UTC), @UNIXTIME,\n"
	      "                        or -N[mhd] (N minutes, hours or days ago)\n"
	      "      --until TIME      up to TIME (default: now)\n"
	      "  -j, --json            JSON\n"
	      "      --csv             CSV\n"
	      "      --db PATH         database (default " DEFAULT_DB ")\n"
	      "  -h, --help            this text\n\n"
	      "Exit status: 0 success, 1 runtime error (missing, damaged or newer database,\n"
	      "unknown interface), 2 usage error.\n", f);
}

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
	nlg_cli_error("invalid %s '%s' (YYYY-MM-DD[ HH:MM[:SS]], @UNIXTIME or -N[mhd])", name, arg);
	return -1;
}

static void default_range(struct history_query *q, bool has_since, int64_t now)
{
	static const int64_t back[NLG_RES_COUNT] = { 60 * 60, 24 * 3600, 30 * 86400, 0 };
	if (!has_since) {
		int64_t from = q->until - 1;
		if (q->res == NLG_RES_MONTH) {
			int64_t m = nlg_res_start(NLG_RES_MONTH, from);
			for (int i = 0; i < 11; i++)
				m = nlg_res_start(NLG_RES_MONTH, m - 1);
			q->since = m;
		} else {
			q->since = nlg_res_start(q->res, from - back[q->res] + 1);
		}
	}
	(void)now;
}

/* Return: -1 usage error, 1 after --help, 0 to run. */
static int parse_opts(int argc, char **argv, struct history_query *q)
{
	enum { O_MIN = 256, O_HOUR, O_DAY, O_MONTH, O_SINCE, O_UNTIL, O_CSV, O_DB };
	static const struct option longopts[] = {
		{ "interface", required_argument, NULL, 'i' },
		{ "apps", no_argument, NULL, 'a' },
		{ "minutes", no_argument, NULL, O_MIN },
		{ "hours", no_argument, NULL, O_HOUR },
		{ "days", no_argument, NULL, O_DAY },
		{ "months", no_argument, NULL, O_MONTH },
		{ "since", required_argument, NULL, O_SINCE },
		{ "until", required_argument, NULL, O_UNTIL },
		{ "json", no_argument, NULL, 'j' },
		{ "csv", no_argument, NULL, O_CSV },
		{ "db", required_argument, NULL, O_DB },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int64_t now = (int64_t)time(NULL);
	bool has_since = false;
	int c, formats = 0;

	*q = (struct history_query){ .db = DEFAULT_DB, .res = NLG_RES_DAY, .until = now + 1 };
	optind = 1;
	while ((c = getopt_long(argc, argv, "i:ajh", longopts, NULL)) != -1) {
		switch (c) {
		case 'i': q->iface = optarg; break;
		case 'a': q->apps = true; break;
		case O_MIN: case O_HOUR: case O_DAY: case O_MONTH:
			q->res = (enum nlg_res)(c - O_MIN);
			break;
		case O_SINCE:
			if (time_opt("--since", optarg, now, &q->since) < 0)
				return -1;
			has_since = true;
			break;
		case O_UNTIL:
			if (time_opt("--until", optarg, now, &q->until) < 0)
				return -1;
			break;
		case 'j': q->format = HISTORY_JSON; formats++; break;
		case O_CSV: q->format = HISTORY_CSV; formats++; break;
		case O_DB: q->db = optarg; break;
		case 'h': help(stdout); return 1;
		default: help(stderr); return -1;
		}
	}
	if (nlg_opt_no_operands(argc, argv, optind) < 0)
		return -1;
	if (formats > 1) {
		nlg_cli_error("--json and --csv exclude each other");
		return -1;
	}
	if (q->apps && q->iface) {
		nlg_cli_error("--apps and --interface exclude each other");
		return -1;
	}
	default_range(q, has_since, now);
	if (q->since >= q->until) {
		nlg_cli_error("--since must be before --until");
		return -1;
	}
	return 0;
}

/* Return: true when the daemon has seen the interface: it has traffic or
 * a stored reading. */
static bool known_iface(struct nlg_store *st, const char *name, int *err)
{
	struct nlg_store_row *rows;
	struct nlg_store_state s;
	size_t n;
	*err = nlg_store_query(st, NLG_SERIES_IFACE, name, NLG_RES_MONTH, INT64_MIN, INT64_MAX,
			       &rows, &n);
	free(rows);
	if (*err || n)
		return !*err;
	*err = nlg_store_state_get(st, name, &s);
	if (*err == -ENOENT)
		*err = 0;
	else if (!*err)
		return true;
	return false;
}

static int show(struct nlg_store *st, const struct history_query *q)
{
	int err = 0;
	if (q->apps) {
		struct nlg_store_total *t;
		size_t n;
		err = nlg_store_totals(st, NLG_SERIES_APP, q->res, q->since, q->until, &t, &n);
		if (!err) {
			err = history_print_apps(q, t, n);
			nlg_store_totals_free(t, n);
		}
		return err;
	}
	if (q->iface && !known_iface(st, q->iface, &err) && !err) {
		nlg_cli_error("no history for interface '%s' in %s", q->iface, q->db);
		return -1;
	}
	struct nlg_store_row *rows;
	size_t n;
	if (!err)
		err = nlg_store_query(st, NLG_SERIES_IFACE, q->iface, q->res, q->since, q->until,
				      &rows, &n);
	if (!err) {
		err = history_print_rows(q, rows, n);
		free(rows);
	}
	return err;
}

int nlg_cmd_history(int argc, char **argv)
{
	struct history_query q;
	int rc = parse_opts(argc, argv, &q);
	if (rc)
		return rc < 0 ? NLG_EXIT_USAGE : NLG_EXIT_OK;
	struct nlg_store *st;
	char err[300];
	if (nlg_store_open(&st, q.db, false, err, sizeof(err)) < 0) {
		nlg_cli_error("%s: %s", q.db, err);
		return NLG_EXIT_RUNTIME;
	}
	rc = show(st, &q);
	if (rc < -1)
		nlg_cli_error("%s: %s", q.db, nlg_store_errmsg(st));
	nlg_store_close(st);
	return rc ? NLG_EXIT_RUNTIME : NLG_EXIT_OK;
}
