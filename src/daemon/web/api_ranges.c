/* SPDX-License-Identifier: MIT */
/* api_ranges.c - GET /api/v1/ranges: the named ranges as of now, how far
 * back each resolution reaches, and the interfaces on record. */
#include <errno.h>

#include "daemon/web/web_int.h"
#include "store/query_range.h"

static struct json_object *presets(const struct Nlg_web *w, int64_t now)
{
	static const char *const names[] = { "hour", "day", "week", "month", "year", "billing" };
	struct json_object *arr = json_object_new_array();
	for (size_t i = 0; arr && i < sizeof(names) / sizeof(names[0]); i++) {
		int64_t since, until;
		web_preset(names[i], now, w->o.billing_day, &since, &until);
		struct json_object *p = json_object_new_object();
		if (!p || web_add(p, "name", Nlg_json_text(names[i])) ||
		    web_add(p, "since", json_object_new_int64(since)) ||
		    web_add(p, "until", json_object_new_int64(until)) ||
		    json_object_array_add(arr, p)) {
			json_object_put(p);
			json_object_put(arr);
			return NULL;
		}
	}
	return arr;
}

static struct json_object *resolutions(const struct Nlg_web *w, struct Nlg_store *st, int *err)
{
	static const int64_t steps[NLG_RES_COUNT] = { 60, 3600, 86400, 0 };
	struct json_object *arr = json_object_new_array();
	for (enum Nlg_res r = 0; arr && !*err && r < NLG_RES_COUNT; r++) {
		int64_t first, last;
		*err = Nlg_store_extent(st, r, &first, &last);
		bool none = *err == -ENOENT;
		if (none)
			*err = 0;
		struct json_object *o = json_object_new_object();
		if (*err || !o || web_add(o, "name", Nlg_json_text(Nlg_res_name(r))) ||
		    web_add(o, "step", json_object_new_int64(steps[r])) ||
		    web_add(o, "keep", json_object_new_int64(w->o.keep[r])) ||
		    json_object_object_add(o, "first", none ? NULL : json_object_new_int64(first)) ||
		    json_object_object_add(o, "last", none ? NULL : json_object_new_int64(last)) ||
		    json_object_array_add(arr, o)) {
			json_object_put(o);
			json_object_put(arr);
			return NULL;
		}
	}
	return arr;
}

static struct json_object *interfaces(struct Nlg_store *st, int *err)
{
	struct Nlg_store_series_info *v;
	size_t n;
	*err = Nlg_store_series_list(st, NLG_SERIES_IFACE, &v, &n);
	if (*err)
		return NULL;
	struct json_object *arr = json_object_new_array();
	for (size_t i = 0; arr && i < n; i++) {
		struct json_object *o = json_object_new_object();
		if (!o || web_add(o, "name", Nlg_json_text(v[i].name)) ||
		    web_add(o, "loopback", json_object_new_boolean(v[i].flags & NLG_SERIES_LOOPBACK)) ||
		    json_object_array_add(arr, o)) {
			json_object_put(o);
			json_object_put(arr);
			arr = NULL;
		}
	}
	Nlg_store_series_free(v, n);
	return arr;
}

int web_api_ranges(struct Nlg_web *w, const struct Nlg_web_arg *a, size_t n,
		   struct Nlg_web_resp *out)
{
	static const char *const allowed[] = { NULL };
	char err[300];
	if (web_args_check(a, n, allowed, err, sizeof(err)) < 0)
		return web_error(out, 400, "%s", err);
	struct Nlg_store *st = web_store(w, err, sizeof(err));
	if (!st)
		return web_error(out, 503, "history: %s", err);
	int64_t now = web_now(w);
	int qerr = 0;
	struct json_object *doc = json_object_new_object();
	if (!doc || web_add(doc, "version", json_object_new_int(1)) ||
	    web_add(doc, "now", json_object_new_int64(now)) ||
	    web_add(doc, "billing_day", json_object_new_int((int)w->o.billing_day)) ||
	    web_add(doc, "presets", presets(w, now)) ||
	    web_add(doc, "resolutions", resolutions(w, st, &qerr)) ||
	    web_add(doc, "interfaces", interfaces(st, &qerr))) {
		json_object_put(doc);
		if (qerr)
			return web_error(out, 503, "history: %s", Nlg_store_errmsg(st));
		return -ENOMEM;
	}
	return web_json(out, 200, doc);
}
