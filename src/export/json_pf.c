/* SPDX-License-Identifier: MIT */
/* json_pf.c - the JSON form of an interface's pf counters:
 * {"inet": {"in": {"pass": {"bytes", "packets", "rate"}, "block": ...},
 *           "out": ...}, "inet6": ...}. */
#include "export/json.h"

static const char *const af_names[] = { "inet", "inet6" };
static const char *const dir_names[] = { "in", "out" };
static const char *const action_names[] = { "pass", "block" };

static void cell(struct Nlg_js *js, const struct nlg_iface *it, int af, int dir, int act)
{
	Nlg_js_obj_open(js);
	Nlg_js_kuint(js, "bytes", nlg_iface_pf_bytes(it, af, dir, act));
	Nlg_js_kuint(js, "packets", nlg_iface_pf_packets(it, af, dir, act));
	Nlg_js_kdouble(js, "rate", nlg_iface_pf_rate(it, af, dir, act));
	Nlg_js_obj_close(js);
}

void Nlg_json_pf(struct Nlg_js *js, const struct nlg_iface *it)
{
	Nlg_js_obj_open(js);
	for (int af = 0; af < 2; af++) {
		Nlg_js_key(js, af_names[af]);
		Nlg_js_obj_open(js);
		for (int dir = 0; dir < 2; dir++) {
			Nlg_js_key(js, dir_names[dir]);
			Nlg_js_obj_open(js);
			for (int act = 0; act < 2; act++) {
				Nlg_js_key(js, action_names[act]);
				cell(js, it, af, dir, act);
			}
			Nlg_js_obj_close(js);
		}
		Nlg_js_obj_close(js);
	}
	Nlg_js_obj_close(js);
}
