/* SPDX-License-Identifier: MIT */
/* conn.c - the public accessors of connections, processes and apps. */
#include <netinet/in.h>

#include "core/ledger.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* IANA protocol numbers that not every system's headers name. */
#ifndef IPPROTO_UDPLITE
#define IPPROTO_UDPLITE 136
#endif
#ifndef IPPROTO_SCTP
#define IPPROTO_SCTP 132
#endif

const char *nlg_conn_state_name(enum nlg_conn_state s)
{
	static const char *const names[] = {
		[NLG_CONN_UNKNOWN] = "unknown",       [NLG_CONN_ESTABLISHED] = "established",
		[NLG_CONN_SYN_SENT] = "syn-sent",     [NLG_CONN_SYN_RECV] = "syn-recv",
		[NLG_CONN_FIN_WAIT1] = "fin-wait-1",  [NLG_CONN_FIN_WAIT2] = "fin-wait-2",
		[NLG_CONN_TIME_WAIT] = "time-wait",   [NLG_CONN_CLOSE] = "close",
		[NLG_CONN_CLOSE_WAIT] = "close-wait", [NLG_CONN_LAST_ACK] = "last-ack",
		[NLG_CONN_LISTEN] = "listen",         [NLG_CONN_CLOSING] = "closing",
		[NLG_CONN_CLOSED] = "closed",
	};
	return (unsigned)s < ARRAY_SIZE(names) ? names[s] : "unknown";
}

const char *nlg_owner_why_text(enum nlg_owner_why why)
{
	switch (why) {
	case NLG_OWNER_OK: return "";
	case NLG_OWNER_NOT_FOUND: return "no visible process (another pid namespace or kernel socket)";
	case NLG_OWNER_UNREADABLE: return "process not readable in /proc";
	case NLG_OWNER_CLOSED_UNSEEN: return "closed before its process was seen";
	case NLG_OWNER_AMBIGUOUS: return "closed unseen; several processes could own it";
	case NLG_OWNER_NOT_LOOKED_UP: return "processes not looked up";
	}
	return "unknown";
}

const char *nlg_app_kind_name(enum nlg_app_kind k)
{
	static const char *const names[] = {
		[NLG_APP_SERVICE] = "service",   [NLG_APP_SCOPE] = "scope",
		[NLG_APP_CONTAINER] = "container", [NLG_APP_CGROUP] = "cgroup",
		[NLG_APP_PROCESS_TREE] = "process-tree", [NLG_APP_UNATTRIBUTED] = "unattributed",
	};
	return (unsigned)k < ARRAY_SIZE(names) ? names[k] : "unattributed";
}

uint64_t nlg_conn_cookie(const struct nlg_conn *c) { return c->last.cookie; }
int nlg_conn_proto(const struct nlg_conn *c) { return c->last.proto; }
const struct nlg_endpoint *nlg_conn_local(const struct nlg_conn *c) { return &c->local; }
const struct nlg_endpoint *nlg_conn_remote(const struct nlg_conn *c) { return &c->remote; }
uint32_t nlg_conn_uid(const struct nlg_conn *c) { return c->last.uid; }
uint64_t nlg_conn_inode(const struct nlg_conn *c) { return c->last.inode; }
uint64_t nlg_conn_cgroup_id(const struct nlg_conn *c) { return c->last.cgroup_id; }
bool nlg_conn_closed(const struct nlg_conn *c) { return c->closed; }
uint64_t nlg_conn_netns(const struct nlg_conn *c) { return c->last.netns; }
const char *nlg_conn_netns_name(const struct nlg_conn *c) { return c->netns_name ? c->netns_name : ""; }
uint64_t nlg_conn_first_seen_ns(const struct nlg_conn *c) { return c->first_seen_ns; }
uint64_t nlg_conn_rx_since_start(const struct nlg_conn *c) { return Nlg_conn_bytes_rx(c)->since_start; }
uint64_t nlg_conn_tx_since_start(const struct nlg_conn *c) { return Nlg_conn_bytes_tx(c)->since_start; }
bool nlg_conn_has_wire(const struct nlg_conn *c) { return c->w != NULL; }
uint64_t nlg_conn_rx_wire_bytes(const struct nlg_conn *c) { return c->w ? c->w->rx.since_start : 0; }
uint64_t nlg_conn_tx_wire_bytes(const struct nlg_conn *c) { return c->w ? c->w->tx.since_start : 0; }
uint64_t nlg_conn_rx_wire_packets(const struct nlg_conn *c) { return c->w ? c->w->rxp.since_start : 0; }
uint64_t nlg_conn_tx_wire_packets(const struct nlg_conn *c) { return c->w ? c->w->txp.since_start : 0; }

bool nlg_conn_has_bytes(const struct nlg_conn *c)
{
	if (c->final_unknown)
		return false;
	return c->last.proto == IPPROTO_TCP ? c->last.has_tcp_info : c->w || c->ebpf;
}

bool nlg_conn_final_unknown(const struct nlg_conn *c)
{
	return c->final_unknown;
}

uint64_t nlg_conn_rx_total(const struct nlg_conn *c)
{
	if (c->last.proto == IPPROTO_TCP)
		return c->last.bytes_received;
	return c->w ? c->w->rx.raw : 0;
}

uint64_t nlg_conn_tx_total(const struct nlg_conn *c)
{
	if (c->last.proto == IPPROTO_TCP)
		return c->last.bytes_acked;
	return c->w ? c->w->tx.raw : 0;
}

const char *nlg_conn_proto_label(const struct nlg_conn *c)
{
	return nlg_proto_name(c->last.proto);
}

const char *nlg_proto_name(int proto)
{
	switch (proto) {
	case IPPROTO_TCP: return "tcp";
	case IPPROTO_UDP: return "udp";
	case IPPROTO_ICMP: return "icmp";
	case IPPROTO_ICMPV6: return "icmpv6";
	case IPPROTO_RAW: return "raw";
	case IPPROTO_SCTP: return "sctp";
	case IPPROTO_UDPLITE: return "udplite";
	}
	return "other";
}
/* Return: what the last reading added, per second of its interval. */
static double rate(const struct nlg_conn *c, const struct Nlg_acc *acc)
{
	if (c->closed || !c->dt_us)
		return 0.0;
	return (double)acc->last_delta * 1e6 / (double)c->dt_us;
}

double nlg_conn_rx_rate(const struct nlg_conn *c) { return rate(c, Nlg_conn_bytes_rx(c)); }
double nlg_conn_tx_rate(const struct nlg_conn *c) { return rate(c, Nlg_conn_bytes_tx(c)); }
uint32_t nlg_conn_rtt_us(const struct nlg_conn *c) { return c->last.rtt_us; }
uint32_t nlg_conn_retrans(const struct nlg_conn *c) { return c->last.retrans; }
const struct nlg_app *nlg_conn_app(const struct nlg_conn *c) { return c->app; }

enum nlg_conn_state nlg_conn_state(const struct nlg_conn *c)
{
	if (c->closed)
		return NLG_CONN_CLOSED;
	return c->last.state <= NLG_CONN_CLOSING ? (enum nlg_conn_state)c->last.state :
						   NLG_CONN_UNKNOWN;
}

const char *nlg_conn_state_label(const struct nlg_conn *c)
{
	if (c->last.proto != IPPROTO_TCP && !c->closed) {
		if (!c->last.family)
			return "unknown";
		return c->last.state == NLG_CONN_ESTABLISHED ? "connected" : "unconnected";
	}
	return nlg_conn_state_name(nlg_conn_state(c));
}

const struct nlg_proc *nlg_conn_proc(const struct nlg_conn *c, enum nlg_owner_why *why)
{
	if (why)
		*why = c->proc ? NLG_OWNER_OK : c->why;
	return c->proc;
}

int nlg_proc_pid(const struct nlg_proc *p) { return p->d.pid; }
int nlg_proc_ppid(const struct nlg_proc *p) { return p->d.ppid; }
uint64_t nlg_proc_start_ticks(const struct nlg_proc *p) { return p->d.start_ticks; }
uint32_t nlg_proc_uid(const struct nlg_proc *p) { return p->d.uid; }
const char *nlg_proc_name(const struct nlg_proc *p) { return p->d.comm; }
const char *nlg_proc_cmdline(const struct nlg_proc *p) { return p->d.cmdline; }
const char *nlg_proc_exe(const struct nlg_proc *p) { return p->d.exe; }
const char *nlg_proc_cgroup(const struct nlg_proc *p) { return p->d.cgroup; }
bool nlg_proc_gone(const struct nlg_proc *p) { return p->gone; }
const struct nlg_app *nlg_proc_app(const struct nlg_proc *p) { return p->app; }
size_t nlg_proc_conn_count(const struct nlg_proc *p) { return p->nconns; }
uint64_t nlg_proc_rx_since_start(const struct nlg_proc *p) { return p->rx; }
uint64_t nlg_proc_tx_since_start(const struct nlg_proc *p) { return p->tx; }
double nlg_proc_rx_rate(const struct nlg_proc *p) { return p->rx_rate; }
double nlg_proc_tx_rate(const struct nlg_proc *p) { return p->tx_rate; }
bool nlg_proc_has_unknown_bytes(const struct nlg_proc *p) { return p->unknown_bytes; }

const char *nlg_app_name(const struct nlg_app *a) { return a->name; }
const char *nlg_app_key(const struct nlg_app *a) { return a->key; }
enum nlg_app_kind nlg_app_kind(const struct nlg_app *a) { return a->kind; }
size_t nlg_app_proc_count(const struct nlg_app *a) { return a->nprocs; }
size_t nlg_app_conn_count(const struct nlg_app *a) { return a->nconns; }
uint64_t nlg_app_rx_since_start(const struct nlg_app *a) { return a->rx; }
uint64_t nlg_app_tx_since_start(const struct nlg_app *a) { return a->tx; }
double nlg_app_rx_rate(const struct nlg_app *a) { return a->rx_rate; }
double nlg_app_tx_rate(const struct nlg_app *a) { return a->tx_rate; }
bool nlg_app_has_unknown_bytes(const struct nlg_app *a) { return a->unknown_bytes; }
