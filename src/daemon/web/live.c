/* SPDX-License-Identifier: MIT */
/* live.c - the live rates of one sample as JSON, rendered on the sampling
 * thread after each sample and published for /api/v1/live. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/web/web_int.h"
#include "netledger.h"

/* Apps listed in the live panel: the busiest right now. */
#define LIVE_APPS 10

static int rates(struct json_object *o, double rx, double tx)
{
	/* Whole bytes per second: more digits would be noise. */
	return web_add(o, "rx_rate", json_object_new_int64(llround(rx))) ||
	       web_add(o, "tx_rate", json_object_new_int64(llround(tx)));
}

static struct json_object *ifaces_doc(const struct nlg_monitor *mon, double *rx, double *tx)
{
	struct json_object *arr = json_object_new_array();
	for (size_t i = 0; arr && i < nlg_iface_count(mon); i++) {
		const struct nlg_iface *it = nlg_iface_at(mon, i);
		if (nlg_iface_gone(it))
			continue;
		bool lo = nlg_iface_type(it) == NLG_IFACE_LOOPBACK;
		double r = nlg_iface_rate(it, NLG_RX_BYTES), t = nlg_iface_rate(it, NLG_TX_BYTES);
		if (!lo) {
			*rx += r;
			*tx += t;
		}
		struct json_object *o = json_object_new_object();
		if (!o || web_add(o, "name", Nlg_json_text(nlg_iface_name(it))) ||
		    web_add(o, "loopback", json_object_new_boolean(lo)) || rates(o, r, t) ||
		    web_add(o, "rx_bytes", json_object_new_uint64(nlg_iface_total(it, NLG_RX_BYTES))) ||
		    web_add(o, "tx_bytes", json_object_new_uint64(nlg_iface_total(it, NLG_TX_BYTES))) ||
		    json_object_array_add(arr, o)) {
			json_object_put(o);
			json_object_put(arr);
			return NULL;
		}
	}
	return arr;
}

static int by_rate(const void *x, const void *y)
{
	const struct nlg_app *a = *(const struct nlg_app *const *)x,
			     *b = *(const struct nlg_app *const *)y;
	double ra = nlg_app_rx_rate(a) + nlg_app_tx_rate(a), rb = nlg_app_rx_rate(b) + nlg_app_tx_rate(b);
	return ra < rb ? 1 : ra > rb ? -1 : strcmp(nlg_app_name(a), nlg_app_name(b));
}

static struct json_object *apps_doc(const struct nlg_monitor *mon)
{
	size_t n = nlg_app_count(mon);
	const struct nlg_app **v = malloc((n ? n : 1) * sizeof(*v));
	struct json_object *arr = v ? json_object_new_array() : NULL;
	for (size_t i = 0; i < n && v; i++)
		v[i] = nlg_app_at(mon, i);
	if (arr)
		qsort(v, n, sizeof(*v), by_rate);
	for (size_t i = 0; arr && i < n && i < LIVE_APPS; i++) {
		const struct nlg_app *a = v[i];
		struct json_object *o = json_object_new_object();
		if (!o || web_add(o, "name", Nlg_json_text(nlg_app_name(a))) ||
		    web_add(o, "key", Nlg_json_text(nlg_app_key(a))) ||
		    web_add(o, "kind", Nlg_json_text(nlg_app_kind_name(nlg_app_kind(a)))) ||
		    rates(o, nlg_app_rx_rate(a), nlg_app_tx_rate(a)) ||
		    web_add(o, "rx_bytes", json_object_new_uint64(nlg_app_rx_since_start(a))) ||
		    web_add(o, "tx_bytes", json_object_new_uint64(nlg_app_tx_since_start(a))) ||
		    json_object_array_add(arr, o)) {
			json_object_put(o);
			json_object_put(arr);
			arr = NULL;
		}
	}
	free(v);
	return arr;
}

int Nlg_web_publish_live(struct Nlg_web *w, const struct nlg_monitor *mon, double t,
			 uint64_t samples)
{
	double rx = 0, tx = 0;
	struct json_object *doc = json_object_new_object(), *all = json_object_new_object();
	int err = !doc || !all || web_add(doc, "version", json_object_new_int(1)) ||
		  web_add(doc, "time", json_object_new_double(t)) ||
		  web_add(doc, "samples", json_object_new_uint64(samples)) ||
		  web_add(doc, "interfaces", ifaces_doc(mon, &rx, &tx)) || rates(all, rx, tx) ||
		  web_add(doc, "all", json_object_get(all)) || web_add(doc, "apps", apps_doc(mon));
	json_object_put(all);
	const char *s = err ? NULL : json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN);
	char *text = s ? strdup(s) : NULL;
	json_object_put(doc);
	if (!text)
		return -ENOMEM;
	return Nlg_snap_publish(&w->live, text, strlen(text));
}
