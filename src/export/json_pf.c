/* SPDX-License-Identifier: MIT */
/* json_pf.c - the JSON form of an interface's pf counters:
 * {"inet": {"in": {"pass": {"bytes", "packets", "rate"}, "block": ...},
 *           "out": ...}, "inet6": ...}. */
#include "export/json.h"

static const char *const af_names[] = { "inet", "inet6" };
static const char *const dir_names[] = { "in", "out" };
static const char *const action_names[] = { "pass", "block" };

/* Adds v under key; NULL v or a failed add puts what it holds. */
static int put(struct json_object *o, const char *key, struct json_object *v)
{
	if (o && v && json_object_object_add(o, key, v) == 0)
		return 0;
	json_object_put(v);
	return -1;
}

static struct json_object *cell(const struct nlg_iface *it, int af, int dir, int act)
{
	struct json_object *o = json_object_new_object();
	if (put(o, "bytes", json_object_new_uint64(nlg_iface_pf_bytes(it, af, dir, act))) ||
	    put(o, "packets", json_object_new_uint64(nlg_iface_pf_packets(it, af, dir, act))) ||
	    put(o, "rate", json_object_new_double(nlg_iface_pf_rate(it, af, dir, act)))) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static struct json_object *direction(const struct nlg_iface *it, int af, int dir)
{
	struct json_object *o = json_object_new_object();
	for (int act = 0; act < 2; act++) {
		if (put(o, action_names[act], cell(it, af, dir, act)) < 0) {
			json_object_put(o);
			return NULL;
		}
	}
	return o;
}

static struct json_object *family(const struct nlg_iface *it, int af)
{
	struct json_object *o = json_object_new_object();
	for (int dir = 0; dir < 2; dir++) {
		if (put(o, dir_names[dir], direction(it, af, dir)) < 0) {
			json_object_put(o);
			return NULL;
		}
	}
	return o;
}

struct json_object *Nlg_json_pf(const struct nlg_iface *it)
{
	struct json_object *o = json_object_new_object();
	for (int af = 0; af < 2; af++) {
		if (put(o, af_names[af], family(it, af)) < 0) {
			json_object_put(o);
			return NULL;
		}
	}
	return o;
}
