/* SPDX-License-Identifier: MIT */
/* json_iface.c - the JSON form of an interface (see netledger-ifaces(1)). */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "export/json.h"

char *Nlg_addr_str(const struct nlg_addr *a, char *buf, size_t size)
{
	if (!inet_ntop(a->family, a->addr, buf, (socklen_t)size))
		snprintf(buf, size, "?");
	return buf;
}

static const char *scope_name(uint8_t scope)
{
	switch (scope) {
	case 0: return "global";
	case 200: return "site";
	case 253: return "link";
	case 254: return "host";
	default: return "other";
	}
}

/* Adds v under key; a NULL v (out of memory) makes the whole object fail. */
static int add(struct json_object *o, const char *key, struct json_object *v)
{
	if (!v)
		return -1;
	/* Keys are string constants, each added once: json-c need not copy
	 * or look them up (a large share of the cost of a big document). */
	return json_object_object_add_ex(o, key, v, JSON_C_OBJECT_ADD_KEY_IS_NEW |
						       JSON_C_OBJECT_ADD_CONSTANT_KEY);
}

static struct json_object *addresses(const struct nlg_iface *it)
{
	struct json_object *arr = json_object_new_array();
	char buf[INET6_ADDRSTRLEN];
	for (size_t i = 0; arr && i < nlg_iface_addr_count(it); i++) {
		const struct nlg_addr *a = nlg_iface_addr_at(it, i);
		struct json_object *o = json_object_new_object();
		if (!o || add(o, "family", json_object_new_string(a->family == AF_INET ? "inet" : "inet6")) ||
		    add(o, "address", json_object_new_string(Nlg_addr_str(a, buf, sizeof(buf)))) ||
		    add(o, "prefixlen", json_object_new_int(a->prefixlen)) ||
		    add(o, "scope", json_object_new_string(scope_name(a->scope))) ||
		    json_object_array_add(arr, o)) {
			json_object_put(o);
			json_object_put(arr);
			return NULL;
		}
	}
	return arr;
}

static struct json_object *flags(const struct nlg_iface *it)
{
	static const struct { unsigned f; const char *name; } names[] = {
		{ NLG_IFF_UP, "up" }, { NLG_IFF_RUNNING, "running" },
		{ NLG_IFF_LOWER_UP, "lower_up" }, { NLG_IFF_LOOPBACK, "loopback" },
		{ NLG_IFF_BROADCAST, "broadcast" }, { NLG_IFF_MULTICAST, "multicast" },
		{ NLG_IFF_POINTOPOINT, "pointopoint" }, { NLG_IFF_PROMISC, "promisc" },
		{ NLG_IFF_NOARP, "noarp" },
	};
	struct json_object *arr = json_object_new_array();
	unsigned f = nlg_iface_flags(it);
	for (size_t i = 0; arr && i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(f & names[i].f))
			continue;
		struct json_object *s = json_object_new_string(names[i].name);
		if (!s || json_object_array_add(arr, s)) {
			json_object_put(s);
			json_object_put(arr);
			return NULL;
		}
	}
	return arr;
}

enum view { TOTAL, SINCE_START, RATE };

static struct json_object *counters(const struct nlg_iface *it, enum view v)
{
	struct json_object *o = json_object_new_object();
	for (int c = 0; o && c < NLG_COUNTER_COUNT; c++) {
		if (!nlg_iface_has_counter(it, c))
			continue;
		struct json_object *val =
			v == TOTAL ? json_object_new_uint64(nlg_iface_total(it, c)) :
			v == SINCE_START ? json_object_new_uint64(nlg_iface_since_start(it, c)) :
					   json_object_new_double(nlg_iface_rate(it, c));
		if (add(o, nlg_counter_name(c), val)) {
			json_object_put(o);
			return NULL;
		}
	}
	return o;
}

static struct json_object *mac(const struct nlg_iface *it)
{
	const uint8_t *m;
	size_t n = nlg_iface_mac(it, &m);
	char buf[3 * 32 + 1] = "";
	if (n == 0)
		return NULL; /* JSON null: the link has no hardware address */
	size_t pos = 0;
	for (size_t i = 0; i < n && i < 32; i++)
		pos += (size_t)snprintf(buf + pos, sizeof(buf) - pos, i ? ":%02x" : "%02x", m[i]);
	return json_object_new_string(buf);
}

struct json_object *Nlg_json_iface(const struct nlg_iface *it)
{
	struct json_object *o = json_object_new_object();
	uint64_t speed = nlg_iface_speed_mbps(it);
	if (!o)
		return NULL;
	if (add(o, "name", json_object_new_string(nlg_iface_name(it))) ||
	    add(o, "index", json_object_new_int(nlg_iface_index(it))) ||
	    add(o, "netns", json_object_new_uint64(nlg_iface_netns(it))) ||
	    add(o, "netns_name", json_object_new_string(nlg_iface_netns_name(it))) ||
	    add(o, "type", json_object_new_string(nlg_iface_type_name(nlg_iface_type(it)))) ||
	    add(o, "kind", json_object_new_string(nlg_iface_kind(it))) ||
	    add(o, "state", json_object_new_string(nlg_iface_gone(it) ? "gone" :
				nlg_oper_state_name(nlg_iface_oper_state(it)))) ||
	    add(o, "gone", json_object_new_boolean(nlg_iface_gone(it))) ||
	    add(o, "flags", flags(it)) ||
	    add(o, "mtu", json_object_new_int64(nlg_iface_mtu(it))) ||
	    json_object_object_add(o, "mac", mac(it)) ||
	    json_object_object_add(o, "speed_mbps", speed ? json_object_new_uint64(speed) : NULL) ||
	    add(o, "addresses", addresses(it)) ||
	    add(o, "total", counters(it, TOTAL)) ||
	    add(o, "since_start", counters(it, SINCE_START)) ||
	    add(o, "rate", counters(it, RATE)) ||
	    add(o, "wraps", json_object_new_uint64(nlg_iface_wraps(it))) ||
	    add(o, "resets", json_object_new_uint64(nlg_iface_resets(it))) ||
	    (nlg_iface_has_pf(it) && add(o, "pf", Nlg_json_pf(it))) ||
	    (nlg_iface_type(it) == NLG_IFACE_WIFI && !nlg_iface_gone(it) &&
	     add(o, "wifi", Nlg_json_wifi(it)))) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static const char *source_name(enum nlg_link_source s)
{
	return s == NLG_LINK_SOURCE_PROCFS ? "procfs" : "netlink";
}

/* Incremental sampling: how it reads, and what its checks found wrong. */
static struct json_object *sampling(const struct nlg_monitor *mon)
{
	struct nlg_sampling_stats st;
	struct json_object *o = json_object_new_object();
	nlg_monitor_sampling_stats(mon, &st);
	if (!o || add(o, "incremental", json_object_new_boolean(st.incremental)) ||
	    add(o, "full_dumps", json_object_new_uint64(st.full_dumps)) ||
	    add(o, "reconciles", json_object_new_uint64(st.reconciles)) ||
	    add(o, "differences", json_object_new_uint64(st.differences)) ||
	    add(o, "lost_notices", json_object_new_uint64(st.lost_notices)) ||
	    add(o, "last_read", json_object_new_uint64(st.last_read))) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

struct json_object *Nlg_json_sample(const struct nlg_monitor *mon)
{
	struct json_object *o = json_object_new_object();
	char when[32];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (!o)
		return NULL;
	if (add(o, "version", json_object_new_int(NLG_JSON_VERSION)) ||
	    add(o, "time", json_object_new_string(when)) ||
	    add(o, "interval_s", json_object_new_double(nlg_monitor_interval_ns(mon) / 1e9)) ||
	    add(o, "source", json_object_new_string(source_name(nlg_monitor_link_source(mon)))) ||
	    add(o, "lost_link_events", json_object_new_uint64(nlg_monitor_lost_link_events(mon)))) {
		json_object_put(o);
		return NULL;
	}
	/* The eBPF socket counter, where it was asked for. */
	if (nlg_monitor_ebpf_active(mon) || nlg_monitor_ebpf_status(mon)[0]) {
		struct json_object *e = json_object_new_object();
		if (!e || add(o, "ebpf", e) ||
		    add(e, "active", json_object_new_boolean(nlg_monitor_ebpf_active(mon))) ||
		    add(e, "status", json_object_new_string(nlg_monitor_ebpf_status(mon))) ||
		    add(e, "overflow_packets", json_object_new_uint64(nlg_monitor_ebpf_overflow(mon))) ||
		    add(e, "sampling", sampling(mon))) {
			json_object_put(o);
			return NULL;
		}
	}
	return o;
}
