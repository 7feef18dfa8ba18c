/* SPDX-License-Identifier: MIT */
/* json_conn.c - JSON forms of connections, processes, apps and events. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>

#include "export/json.h"

static int add(struct json_object *o, const char *key, struct json_object *v)
{
	if (!v)
		return -1;
	/* Keys are string constants, each added once: json-c need not copy
	 * or look them up (a large share of the cost of a big document). */
	return json_object_object_add_ex(o, key, v, JSON_C_OBJECT_ADD_KEY_IS_NEW |
						       JSON_C_OBJECT_ADD_CONSTANT_KEY);
}

static struct json_object *endpoint(const struct nlg_endpoint *ep)
{
	char buf[INET6_ADDRSTRLEN];
	struct json_object *o = json_object_new_object();
	if (!inet_ntop(ep->family, ep->addr, buf, sizeof(buf)))
		snprintf(buf, sizeof(buf), "?");
	if (!o || add(o, "address", Nlg_json_text(buf)) ||
	    add(o, "port", json_object_new_int(ep->port))) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

/* An endpoint, or null where only the eBPF counter knows the socket. */
static int add_endpoint(struct json_object *o, const char *key, const struct nlg_endpoint *ep)
{
	if (ep->family != AF_INET && ep->family != AF_INET6)
		return json_object_object_add(o, key, NULL);
	return add(o, key, endpoint(ep));
}

struct json_object *Nlg_json_proc(const struct nlg_proc *p)
{
	struct json_object *o = json_object_new_object();
	const struct nlg_app *a = nlg_proc_app(p);
	if (!o || add(o, "pid", json_object_new_int(nlg_proc_pid(p))) ||
	    add(o, "ppid", json_object_new_int(nlg_proc_ppid(p))) ||
	    add(o, "start_ticks", json_object_new_uint64(nlg_proc_start_ticks(p))) ||
	    add(o, "uid", json_object_new_int64(nlg_proc_uid(p))) ||
	    add(o, "name", Nlg_json_text(nlg_proc_name(p))) ||
	    add(o, "cmdline", Nlg_json_text(nlg_proc_cmdline(p))) ||
	    add(o, "exe", Nlg_json_text(nlg_proc_exe(p))) ||
	    add(o, "cgroup", Nlg_json_text(nlg_proc_cgroup(p))) ||
	    add(o, "app", Nlg_json_text(a ? nlg_app_name(a) : "")) ||
	    add(o, "app_key", Nlg_json_text(a ? nlg_app_key(a) : "")) ||
	    add(o, "gone", json_object_new_boolean(nlg_proc_gone(p))) ||
	    add(o, "connections", json_object_new_int64((int64_t)nlg_proc_conn_count(p))) ||
	    add(o, "rx_bytes", json_object_new_uint64(nlg_proc_rx_since_start(p))) ||
	    add(o, "tx_bytes", json_object_new_uint64(nlg_proc_tx_since_start(p))) ||
	    add(o, "rx_rate", json_object_new_double(nlg_proc_rx_rate(p))) ||
	    add(o, "tx_rate", json_object_new_double(nlg_proc_tx_rate(p))) ||
	    add(o, "has_unknown_bytes", json_object_new_boolean(nlg_proc_has_unknown_bytes(p)))) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

struct json_object *Nlg_json_app(const struct nlg_app *a)
{
	struct json_object *o = json_object_new_object();
	if (!o || add(o, "name", Nlg_json_text(nlg_app_name(a))) ||
	    add(o, "key", Nlg_json_text(nlg_app_key(a))) ||
	    add(o, "kind", Nlg_json_text(nlg_app_kind_name(nlg_app_kind(a)))) ||
	    add(o, "processes", json_object_new_int64((int64_t)nlg_app_proc_count(a))) ||
	    add(o, "connections", json_object_new_int64((int64_t)nlg_app_conn_count(a))) ||
	    add(o, "rx_bytes", json_object_new_uint64(nlg_app_rx_since_start(a))) ||
	    add(o, "tx_bytes", json_object_new_uint64(nlg_app_tx_since_start(a))) ||
	    add(o, "rx_rate", json_object_new_double(nlg_app_rx_rate(a))) ||
	    add(o, "tx_rate", json_object_new_double(nlg_app_tx_rate(a))) ||
	    add(o, "has_unknown_bytes", json_object_new_boolean(nlg_app_has_unknown_bytes(a)))) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

/* Byte counts, or null where the kernel keeps none (UDP): never a made-up 0. */
static int add_bytes(struct json_object *o, const struct nlg_conn *c)
{
	bool known = nlg_conn_has_bytes(c);
	return add(o, "bytes_known", json_object_new_boolean(known)) ||
	       add(o, "final_unknown", json_object_new_boolean(nlg_conn_final_unknown(c))) ||
	       json_object_object_add(o, "rx_bytes", known ? json_object_new_uint64(nlg_conn_rx_since_start(c)) : NULL) ||
	       json_object_object_add(o, "tx_bytes", known ? json_object_new_uint64(nlg_conn_tx_since_start(c)) : NULL) ||
	       json_object_object_add(o, "rx_total", known ? json_object_new_uint64(nlg_conn_rx_total(c)) : NULL) ||
	       json_object_object_add(o, "tx_total", known ? json_object_new_uint64(nlg_conn_tx_total(c)) : NULL) ||
	       json_object_object_add(o, "rx_rate", known ? json_object_new_double(nlg_conn_rx_rate(c)) : NULL) ||
	       json_object_object_add(o, "tx_rate", known ? json_object_new_double(nlg_conn_tx_rate(c)) : NULL);
}

/* IP bytes from the eBPF socket counter, null where it has not seen it. */
static int add_wire(struct json_object *o, const struct nlg_conn *c)
{
	bool known = nlg_conn_has_wire(c);
	return json_object_object_add(o, "rx_ip_bytes", known ? json_object_new_uint64(nlg_conn_rx_wire_bytes(c)) : NULL) ||
	       json_object_object_add(o, "tx_ip_bytes", known ? json_object_new_uint64(nlg_conn_tx_wire_bytes(c)) : NULL) ||
	       json_object_object_add(o, "rx_packets", known ? json_object_new_uint64(nlg_conn_rx_wire_packets(c)) : NULL) ||
	       json_object_object_add(o, "tx_packets", known ? json_object_new_uint64(nlg_conn_tx_wire_packets(c)) : NULL);
}

static int add_owner(struct json_object *o, const struct nlg_conn *c)
{
	enum nlg_owner_why why;
	const struct nlg_proc *p = nlg_conn_proc(c, &why);
	const struct nlg_app *a = nlg_conn_app(c);
	if (p)
		return add(o, "process", Nlg_json_proc(p)) ||
		       add(o, "app", Nlg_json_text(a ? nlg_app_name(a) : ""));
	return json_object_object_add(o, "process", NULL) ||
	       add(o, "app", Nlg_json_text(a ? nlg_app_name(a) : "unattributed")) ||
	       add(o, "no_process_reason", Nlg_json_text(nlg_owner_why_text(why)));
}

struct json_object *Nlg_json_conn(const struct nlg_conn *c)
{
	struct json_object *o = json_object_new_object();
	int family = nlg_conn_local(c)->family;
	if (!o || add(o, "cookie", json_object_new_uint64(nlg_conn_cookie(c))) ||
	    add(o, "proto", Nlg_json_text(nlg_conn_proto_label(c))) ||
	    add(o, "family", Nlg_json_text(family == AF_INET ? "inet" :
						    family == AF_INET6 ? "inet6" : "unknown")) ||
	    add_endpoint(o, "local", nlg_conn_local(c)) ||
	    add_endpoint(o, "remote", nlg_conn_remote(c)) ||
	    add(o, "state", Nlg_json_text(nlg_conn_state_label(c))) ||
	    add(o, "uid", json_object_new_int64(nlg_conn_uid(c))) ||
	    add(o, "inode", json_object_new_uint64(nlg_conn_inode(c))) ||
	    add(o, "cgroup_id", json_object_new_uint64(nlg_conn_cgroup_id(c))) ||
	    add(o, "netns", json_object_new_uint64(nlg_conn_netns(c))) ||
	    add(o, "netns_name", Nlg_json_text(nlg_conn_netns_name(c))) ||
	    add_bytes(o, c) || add_wire(o, c) || add_owner(o, c)) {
		json_object_put(o);
		return NULL;
	}
	if (nlg_conn_proto(c) == IPPROTO_TCP &&
	    (add(o, "rtt_us", json_object_new_int64(nlg_conn_rtt_us(c))) ||
	     add(o, "retransmits", json_object_new_int64(nlg_conn_retrans(c))))) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

struct json_object *Nlg_json_attribution(const struct nlg_attribution *a, bool closures,
					 uint64_t lost)
{
	struct json_object *o = json_object_new_object();
	if (!o || add(o, "wire_rx_bytes", json_object_new_uint64(a->wire_rx)) ||
	    add(o, "wire_tx_bytes", json_object_new_uint64(a->wire_tx)) ||
	    add(o, "payload_rx_bytes", json_object_new_uint64(a->payload_rx)) ||
	    add(o, "payload_tx_bytes", json_object_new_uint64(a->payload_tx)) ||
	    add(o, "unattributed_rx_bytes", json_object_new_uint64(a->unattributed_rx)) ||
	    add(o, "unattributed_tx_bytes", json_object_new_uint64(a->unattributed_tx)) ||
	    add(o, "coverage_rx", json_object_new_double(a->coverage_rx)) ||
	    add(o, "coverage_tx", json_object_new_double(a->coverage_tx)) ||
	    add(o, "total_wire_rx_bytes", json_object_new_uint64(a->total_wire_rx)) ||
	    add(o, "total_wire_tx_bytes", json_object_new_uint64(a->total_wire_tx)) ||
	    add(o, "total_payload_rx_bytes", json_object_new_uint64(a->total_payload_rx)) ||
	    add(o, "total_payload_tx_bytes", json_object_new_uint64(a->total_payload_tx)) ||
	    add(o, "connections_without_process", json_object_new_int64((int64_t)a->conns_without_process)) ||
	    add(o, "connections_without_bytes", json_object_new_int64((int64_t)a->conns_without_bytes)) ||
	    add(o, "ip_bytes", json_object_new_boolean(a->ip_bytes)) ||
	    add(o, "forwarded_bytes", json_object_new_uint64(a->forwarded)) ||
	    add(o, "total_forwarded_bytes", json_object_new_uint64(a->total_forwarded)) ||
	    add(o, "total_unattributed_rx_bytes", json_object_new_uint64(a->total_unattributed_rx)) ||
	    add(o, "total_unattributed_tx_bytes", json_object_new_uint64(a->total_unattributed_tx)) ||
	    add(o, "closures_visible", json_object_new_boolean(closures)) ||
	    add(o, "lost_close_events", json_object_new_uint64(lost))) {
		json_object_put(o);
		return NULL;
	}
	return o;
}
