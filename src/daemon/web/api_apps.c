/* SPDX-License-Identifier: MIT */
/* api_apps.c - GET /api/v1/apps: each app's received and sent bytes over
 * a range, largest first, with the interfaces' totals for the same range.
 * The same store query and the same fields as `netledger history --apps
 * --json`: an app's name is what it is shown by, its key what selects it
 * (app= of /api/v1/series). */
#include <errno.h>

#include "daemon/web/web_int.h"

static struct json_object *totals_doc(const struct Nlg_store_total *t, size_t n, bool apps)
{
	struct json_object *arr = json_object_new_array_ext((int)n);
	for (size_t i = 0; arr && i < n; i++) {
		struct json_object *o = json_object_new_object();
		if (!o || web_add(o, "name", Nlg_json_text(apps ? t[i].label : t[i].name)) ||
		    (apps && web_add(o, "key", Nlg_json_text(t[i].name))) ||
		    (apps && web_add(o, "kind", Nlg_json_text(
				t[i].kind == NLG_SERIES_OTHER ? "other" : "app"))) ||
		    (apps && web_add(o, "app_kind", Nlg_json_text(t[i].app_kind))) ||
		    web_add(o, "rx_bytes", json_object_new_uint64(t[i].rx)) ||
		    web_add(o, "tx_bytes", json_object_new_uint64(t[i].tx)) ||
		    json_object_array_add(arr, o)) {
			json_object_put(o);
			json_object_put(arr);
			return NULL;
		}
	}
	return arr;
}

int web_api_apps(struct Nlg_web *w, const struct Nlg_web_arg *a, size_t n,
		 struct Nlg_web_resp *out)
{
	static const char *const allowed[] = { "range", "since", "until", "res", NULL };
	char err[300];
	struct web_range r;
	if (web_args_check(a, n, allowed, err, sizeof(err)) < 0 ||
	    web_range_parse(a, n, web_now(w), &w->o, &r, err, sizeof(err)) < 0)
		return web_error(out, 400, "%s", err);
	struct Nlg_store *st = web_store(w, err, sizeof(err));
	if (!st)
		return web_error(out, 503, "history: %s", err);
	struct Nlg_store_total *apps = NULL, *ifs = NULL;
	size_t na = 0, ni = 0;
	if (Nlg_store_totals(st, NLG_SERIES_APP, r.res, r.since, r.until, &apps, &na) < 0 ||
	    Nlg_store_totals(st, NLG_SERIES_IFACE, r.res, r.since, r.until, &ifs, &ni) < 0) {
		Nlg_store_totals_free(apps, na);
		return web_error(out, 503, "history: %s", Nlg_store_errmsg(st));
	}
	struct json_object *doc = web_range_doc(&r);
	if (doc && (web_add(doc, "apps", totals_doc(apps, na, true)) ||
		    web_add(doc, "interfaces", totals_doc(ifs, ni, false)))) {
		json_object_put(doc);
		doc = NULL;
	}
	Nlg_store_totals_free(apps, na);
	Nlg_store_totals_free(ifs, ni);
	return web_json(out, 200, doc);
}
