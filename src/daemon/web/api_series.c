/* SPDX-License-Identifier: MIT */
/* api_series.c - GET /api/v1/series: bytes per bucket of one interface,
 * of every interface but loopbacks, or of one app, over a range. The same
 * store query as `netledger history`, so the same numbers. An app is
 * selected by its key; the answer names it by key and by display name. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "daemon/web/web_int.h"
#include "store/query_range.h"

static struct json_object *rows_doc(const struct Nlg_store_row *rows, size_t n)
{
	struct json_object *arr = json_object_new_array_ext((int)n);
	for (size_t i = 0; arr && i < n; i++) {
		struct json_object *r = json_object_new_object();
		if (!r || web_add(r, "start", json_object_new_int64(rows[i].start)) ||
		    web_add(r, "rx_bytes", json_object_new_uint64(rows[i].rx)) ||
		    web_add(r, "tx_bytes", json_object_new_uint64(rows[i].tx)) ||
		    json_object_array_add(arr, r)) {
			json_object_put(r);
			json_object_put(arr);
			return NULL;
		}
	}
	return arr;
}

/* Which series: iface=NAME, app=NAME, or neither (every interface but
 * loopbacks). Return: 0, or -1 with the reason in err. */
static int pick(const struct Nlg_web_arg *a, size_t n, enum Nlg_series_kind *kind,
		const char **name, char *err, size_t errlen)
{
	const char *iface = web_arg(a, n, "iface"), *app = web_arg(a, n, "app");
	if ((iface && app) || (iface && !*iface) || (app && !*app)) {
		snprintf(err, errlen, iface && app ? "iface and app exclude each other"
						   : "empty series name");
		return -1;
	}
	*kind = app ? NLG_SERIES_APP : NLG_SERIES_IFACE;
	*name = app ? app : iface;
	return 0;
}

static int answer(struct Nlg_store *st, const struct web_range *r, enum Nlg_series_kind kind,
		  const char *name, const char *label, struct Nlg_web_resp *out)
{
	struct Nlg_store_row *rows;
	size_t n;
	if (Nlg_store_query(st, kind, name, r->res, r->since, r->until, &rows, &n) < 0)
		return web_error(out, 503, "history: %s", Nlg_store_errmsg(st));
	struct json_object *doc = web_range_doc(r);
	const char *key = kind == NLG_SERIES_APP ? "app" : "interface";
	if (!doc || json_object_object_add(doc, key, name ? Nlg_json_text(name) : NULL) ||
	    (kind == NLG_SERIES_APP && web_add(doc, "name", Nlg_json_text(label))) ||
	    web_add(doc, "rows", rows_doc(rows, n))) {
		json_object_put(doc);
		doc = NULL;
	}
	free(rows);
	return web_json(out, 200, doc);
}

int web_api_series(struct Nlg_web *w, const struct Nlg_web_arg *a, size_t n,
		   struct Nlg_web_resp *out)
{
	static const char *const allowed[] = { "range", "since", "until", "res", "iface", "app",
					       NULL };
	char err[300];
	struct web_range r;
	enum Nlg_series_kind kind;
	const char *name;
	if (web_args_check(a, n, allowed, err, sizeof(err)) < 0 ||
	    web_range_parse(a, n, web_now(w), &w->o, &r, err, sizeof(err)) < 0 ||
	    pick(a, n, &kind, &name, err, sizeof(err)) < 0)
		return web_error(out, 400, "%s", err);
	struct Nlg_store *st = web_store(w, err, sizeof(err));
	if (!st)
		return web_error(out, 503, "history: %s", err);
	char label[512] = "";
	if (name) {
		int found = Nlg_store_series_label(st, kind, name, label, sizeof(label));
		if (found < 0)
			return web_error(out, 503, "history: %s", Nlg_store_errmsg(st));
		if (!found)
			return web_error(out, 400, "unknown %s", kind == NLG_SERIES_APP ? "app"
											 : "interface");
	}
	return answer(st, &r, kind, name, label, out);
}
