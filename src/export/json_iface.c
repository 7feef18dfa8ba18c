/* SPDX-License-Identifier: MIT */
/* json_iface.c - the JSON form of an interface and of a sample's header,
 * streamed (see netledger(1)). */
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

static void addresses(struct Nlg_js *js, const struct nlg_iface *it)
{
	char buf[INET6_ADDRSTRLEN];
	Nlg_js_arr_open(js);
	for (size_t i = 0; i < nlg_iface_addr_count(it); i++) {
		const struct nlg_addr *a = nlg_iface_addr_at(it, i);
		Nlg_js_obj_open(js);
		Nlg_js_kstr(js, "family", a->family == AF_INET ? "inet" : "inet6");
		Nlg_js_kstr(js, "address", Nlg_addr_str(a, buf, sizeof(buf)));
		Nlg_js_kint(js, "prefixlen", a->prefixlen);
		Nlg_js_kstr(js, "scope", scope_name(a->scope));
		Nlg_js_obj_close(js);
	}
	Nlg_js_arr_close(js);
}

static void flags(struct Nlg_js *js, const struct nlg_iface *it)
{
	static const struct { unsigned f; const char *name; } names[] = {
		{ NLG_IFF_UP, "up" }, { NLG_IFF_RUNNING, "running" },
		{ NLG_IFF_LOWER_UP, "lower_up" }, { NLG_IFF_LOOPBACK, "loopback" },
		{ NLG_IFF_BROADCAST, "broadcast" }, { NLG_IFF_MULTICAST, "multicast" },
		{ NLG_IFF_POINTOPOINT, "pointopoint" }, { NLG_IFF_PROMISC, "promisc" },
		{ NLG_IFF_NOARP, "noarp" },
	};
	unsigned f = nlg_iface_flags(it);
	Nlg_js_arr_open(js);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (f & names[i].f)
			Nlg_js_str(js, names[i].name);
	Nlg_js_arr_close(js);
}

enum view { TOTAL, SINCE_START, RATE };

static void counters(struct Nlg_js *js, const struct nlg_iface *it, enum view v)
{
	Nlg_js_obj_open(js);
	for (int c = 0; c < NLG_COUNTER_COUNT; c++) {
		if (!nlg_iface_has_counter(it, c))
			continue;
		Nlg_js_key(js, nlg_counter_name(c));
		if (v == RATE)
			Nlg_js_double(js, nlg_iface_rate(it, c));
		else
			Nlg_js_uint(js, v == TOTAL ? nlg_iface_total(it, c) : nlg_iface_since_start(it, c));
	}
	Nlg_js_obj_close(js);
}

/* null: the link has no hardware address */
static void mac(struct Nlg_js *js, const struct nlg_iface *it)
{
	const uint8_t *m;
	size_t n = nlg_iface_mac(it, &m);
	char buf[3 * 32 + 1] = "";
	size_t pos = 0;
	for (size_t i = 0; i < n && i < 32; i++)
		pos += (size_t)snprintf(buf + pos, sizeof(buf) - pos, i ? ":%02x" : "%02x", m[i]);
	Nlg_js_str_or_null(js, n ? buf : NULL);
}

void Nlg_json_iface(struct Nlg_js *js, const struct nlg_iface *it)
{
	uint64_t speed = nlg_iface_speed_mbps(it);
	Nlg_js_obj_open(js);
	Nlg_js_kstr(js, "name", nlg_iface_name(it));
	Nlg_js_kint(js, "index", nlg_iface_index(it));
	Nlg_js_kuint(js, "netns", nlg_iface_netns(it));
	Nlg_js_kstr(js, "netns_name", nlg_iface_netns_name(it));
	Nlg_js_kstr(js, "type", nlg_iface_type_name(nlg_iface_type(it)));
	Nlg_js_kstr(js, "kind", nlg_iface_kind(it));
	Nlg_js_kstr(js, "state", nlg_iface_gone(it) ? "gone" :
			nlg_oper_state_name(nlg_iface_oper_state(it)));
	Nlg_js_kbool(js, "gone", nlg_iface_gone(it));
	Nlg_js_key(js, "flags");
	flags(js, it);
	Nlg_js_kint(js, "mtu", nlg_iface_mtu(it));
	Nlg_js_key(js, "mac");
	mac(js, it);
	if (speed)
		Nlg_js_kuint(js, "speed_mbps", speed);
	else
		Nlg_js_knull(js, "speed_mbps");
	Nlg_js_key(js, "addresses");
	addresses(js, it);
	Nlg_js_key(js, "total");
	counters(js, it, TOTAL);
	Nlg_js_key(js, "since_start");
	counters(js, it, SINCE_START);
	Nlg_js_key(js, "rate");
	counters(js, it, RATE);
	Nlg_js_kuint(js, "wraps", nlg_iface_wraps(it));
	Nlg_js_kuint(js, "resets", nlg_iface_resets(it));
	if (nlg_iface_has_pf(it)) {
		Nlg_js_key(js, "pf");
		Nlg_json_pf(js, it);
	}
	if (nlg_iface_type(it) == NLG_IFACE_WIFI && !nlg_iface_gone(it)) {
		Nlg_js_key(js, "wifi");
		Nlg_json_wifi(js, it);
	}
	Nlg_js_obj_close(js);
}

static const char *source_name(enum nlg_link_source s)
{
	return s == NLG_LINK_SOURCE_PROCFS ? "procfs" : "netlink";
}

/* Incremental sampling: how it reads, and what its checks found wrong. */
static void sampling(struct Nlg_js *js, const struct nlg_monitor *mon)
{
	struct nlg_sampling_stats st;
	nlg_monitor_sampling_stats(mon, &st);
	Nlg_js_obj_open(js);
	Nlg_js_kbool(js, "incremental", st.incremental);
	Nlg_js_kuint(js, "full_dumps", st.full_dumps);
	Nlg_js_kuint(js, "reconciles", st.reconciles);
	Nlg_js_kuint(js, "differences", st.differences);
	Nlg_js_kuint(js, "lost_notices", st.lost_notices);
	Nlg_js_kuint(js, "last_read", st.last_read);
	Nlg_js_obj_close(js);
}

void Nlg_json_sample(struct Nlg_js *js, const struct nlg_monitor *mon)
{
	char when[32];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	Nlg_js_kint(js, "version", NLG_JSON_VERSION);
	Nlg_js_kstr(js, "time", when);
	Nlg_js_kdouble(js, "interval_s", nlg_monitor_interval_ns(mon) / 1e9);
	Nlg_js_kstr(js, "source", source_name(nlg_monitor_link_source(mon)));
	Nlg_js_kuint(js, "lost_link_events", nlg_monitor_lost_link_events(mon));
	/* The eBPF socket counter, where it was asked for. */
	if (nlg_monitor_ebpf_active(mon) || nlg_monitor_ebpf_status(mon)[0]) {
		Nlg_js_key(js, "ebpf");
		Nlg_js_obj_open(js);
		Nlg_js_kbool(js, "active", nlg_monitor_ebpf_active(mon));
		Nlg_js_kstr(js, "status", nlg_monitor_ebpf_status(mon));
		Nlg_js_kuint(js, "overflow_packets", nlg_monitor_ebpf_overflow(mon));
		Nlg_js_key(js, "sampling");
		sampling(js, mon);
		Nlg_js_obj_close(js);
	}
}
