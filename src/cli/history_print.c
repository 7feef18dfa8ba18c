/* SPDX-License-Identifier: MIT */
/* history_print.c - tables with bars, JSON and CSV of stored history. */
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/json_out.h"
#include "cli/history.h"
#include "export/json.h"
#include "export/termtext.h"

#define BAR 30

void history_time(enum Nlg_res res, int64_t t, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	switch (res) {
	case NLG_RES_MINUTE: strftime(buf, size, "%Y-%m-%d %H:%M", &tm); break;
	case NLG_RES_HOUR: strftime(buf, size, "%Y-%m-%d %H:00", &tm); break;
	case NLG_RES_DAY: strftime(buf, size, "%Y-%m-%d", &tm); break;
	default: strftime(buf, size, "%Y-%m", &tm); break;
	}
}

/* A bar of width proportional to rx + tx against max: '#' for received,
 * '=' for sent. */
static void bar(uint64_t rx, uint64_t tx, uint64_t max, char *buf)
{
	size_t w = max ? (size_t)((double)(rx + tx) / (double)max * BAR + 0.5) : 0;
	size_t r = rx + tx ? (size_t)((double)rx / (double)(rx + tx) * (double)w + 0.5) : 0;
	memset(buf, '#', r);
	memset(buf + r, '=', w - r);
	buf[w] = '\0';
}

/* label (an app's name: rendered for the terminal), then suffix, in lw
 * columns. */
static void table_line(const char *label, const char *suffix, int lw, uint64_t rx, uint64_t tx,
		       uint64_t max)
{
	char a[32], b[32], c[32], g[BAR + 1], cell[256];
	int sw = (int)strlen(suffix);
	int w = Nlg_term_render(label, lw - sw, cell, sizeof(cell) - (size_t)sw) + sw;
	strcat(cell, suffix);
	bar(rx, tx, max, g);
	printf(" %s%*s %12s %12s %12s  %s\n", cell, lw - w, "", Nlg_fmt_bytes(rx, a, sizeof(a)),
	       Nlg_fmt_bytes(tx, b, sizeof(b)), Nlg_fmt_bytes(rx + tx, c, sizeof(c)), g);
}

static void table_head(const char *first, int lw)
{
	printf(" %-*s %12s %12s %12s\n", lw, first, "rx", "tx", "total");
	printf(" ");
	for (int i = 0; i < lw + 40 + BAR; i++)
		putchar('-');
	putchar('\n');
}

static void table_rows(const struct history_query *q, const struct Nlg_store_row *rows, size_t n)
{
	uint64_t max = 0, rx = 0, tx = 0;
	int lw = q->res == NLG_RES_MINUTE || q->res == NLG_RES_HOUR ? 16 : 10;
	char t[40];
	for (size_t i = 0; i < n; i++)
		if (rows[i].rx + rows[i].tx > max)
			max = rows[i].rx + rows[i].tx;
	Nlg_term_printf(stdout, " %s, by %s (UTC); '#' received, '=' sent\n",
			q->iface ? q->iface : "all interfaces but loopback", Nlg_res_name(q->res));
	putchar('\n');
	table_head(Nlg_res_name(q->res), lw);
	for (size_t i = 0; i < n; i++) {
		history_time(q->res, rows[i].start, t, sizeof(t));
		table_line(t, "", lw, rows[i].rx, rows[i].tx, max);
		rx += rows[i].rx;
		tx += rows[i].tx;
	}
	if (!n)
		printf(" (no traffic recorded in this range)\n");
	table_line("total", "", lw, rx, tx, 0);
}

static struct json_object *range_doc(const struct history_query *q)
{
	struct json_object *doc = json_object_new_object();
	if (!doc)
		return NULL;
	json_object_object_add(doc, "version", json_object_new_int(1));
	json_object_object_add(doc, "resolution", Nlg_json_text(Nlg_res_name(q->res)));
	json_object_object_add(doc, "since", json_object_new_int64(q->since));
	json_object_object_add(doc, "until", json_object_new_int64(q->until));
	return doc;
}

static int json_add(struct json_object *o, const char *k, struct json_object *v)
{
	return !v || json_object_object_add(o, k, v);
}

static int json_rows(const struct history_query *q, const struct Nlg_store_row *rows, size_t n)
{
	struct json_object *doc = range_doc(q), *arr = json_object_new_array();
	int err = !doc || !arr;
	/* json-c's null is a NULL object: add it directly, not through
	 * json_add, which takes NULL for a failed allocation. */
	err = err || (q->iface ? json_add(doc, "interface", Nlg_json_text(q->iface))
			       : json_object_object_add(doc, "interface", NULL));
	err = err || json_object_object_add(doc, "rows", json_object_get(arr));
	for (size_t i = 0; !err && i < n; i++) {
		char t[40];
		struct json_object *r = json_object_new_object();
		history_time(q->res, rows[i].start, t, sizeof(t));
		err = !r || json_add(r, "start", json_object_new_int64(rows[i].start)) ||
		      json_add(r, "time", Nlg_json_text(t)) ||
		      json_add(r, "rx_bytes", json_object_new_uint64(rows[i].rx)) ||
		      json_add(r, "tx_bytes", json_object_new_uint64(rows[i].tx)) ||
		      json_object_array_add(arr, r);
	}
	json_object_put(arr);
	return Nlg_cli_json_print(doc, !err);
}

int history_print_rows(const struct history_query *q, const struct Nlg_store_row *rows, size_t n)
{
	char t[40];
	switch (q->format) {
	case HISTORY_JSON:
		return json_rows(q, rows, n);
	case HISTORY_CSV:
		printf("start,time,rx_bytes,tx_bytes\n");
		for (size_t i = 0; i < n; i++) {
			history_time(q->res, rows[i].start, t, sizeof(t));
			printf("%lld,%s,%llu,%llu\n", (long long)rows[i].start, t,
			       (unsigned long long)rows[i].rx, (unsigned long long)rows[i].tx);
		}
		return 0;
	default:
		table_rows(q, rows, n);
		return 0;
	}
}

static const char *kind_name(enum Nlg_series_kind k)
{
	return k == NLG_SERIES_OTHER ? "other" : "app";
}

static int json_apps(const struct history_query *q, const struct Nlg_store_total *t, size_t n)
{
	struct json_object *doc = range_doc(q), *arr = json_object_new_array();
	int err = !doc || !arr || json_object_object_add(doc, "apps", json_object_get(arr));
	for (size_t i = 0; !err && i < n; i++) {
		struct json_object *r = json_object_new_object();
		err = !r || json_add(r, "name", Nlg_json_text(t[i].label)) ||
		      json_add(r, "key", Nlg_json_text(t[i].name)) ||
		      json_add(r, "kind", Nlg_json_text(kind_name(t[i].kind))) ||
		      json_add(r, "app_kind", Nlg_json_text(t[i].app_kind)) ||
		      json_add(r, "rx_bytes", json_object_new_uint64(t[i].rx)) ||
		      json_add(r, "tx_bytes", json_object_new_uint64(t[i].tx)) ||
		      json_object_array_add(arr, r);
	}
	json_object_put(arr);
	return Nlg_cli_json_print(doc, !err);
}

int history_print_apps(const struct history_query *q, const struct Nlg_store_total *t, size_t n)
{
	if (q->format == HISTORY_JSON)
		return json_apps(q, t, n);
	if (q->format == HISTORY_CSV) {
		printf("app,kind,rx_bytes,tx_bytes,key\n");
		for (size_t i = 0; i < n; i++) {
			Nlg_csv_field(t[i].label, stdout);   /* names come from other users */
			printf(",%s,%llu,%llu,", kind_name(t[i].kind), (unsigned long long)t[i].rx,
			       (unsigned long long)t[i].tx);
			Nlg_csv_field(t[i].name, stdout);
			putchar('\n');
		}
		return 0;
	}
	char a[40], b[40];
	int lw = 24 + 7;   /* the name, then " (rest)" */
	history_time(q->res, q->since, a, sizeof(a));
	history_time(q->res, q->until - 1, b, sizeof(b));
	printf(" apps, %s to %s (UTC, by %s); '#' received, '=' sent\n\n", a, b, Nlg_res_name(q->res));
	table_head("app", lw);
	uint64_t max = n ? t[0].rx + t[0].tx : 0;
	for (size_t i = 0; i < n; i++) {
		table_line(t[i].label, t[i].kind == NLG_SERIES_OTHER ? " (rest)" : "", lw, t[i].rx,
			   t[i].tx, max);
	}
	if (!n)
		printf(" (no app traffic recorded in this range)\n");
	return 0;
}
