/* SPDX-License-Identifier: MIT */
/*
 * attribute.c - what the sockets explain of what crossed the interfaces.
 *
 * Like is compared with like: the interfaces of one namespace (the one the
 * monitor reads links from) against the sockets of that namespace. Bytes
 * the namespace forwards (to containers behind a bridge, say) come in on
 * one of its interfaces and go out on another, with no local socket: they
 * are counted once, as forwarded, not twice as unattributed. What is left
 * is unattributed, and it goes to the "unattributed" app with the bytes of
 * sockets that have no process, so that its row and the attribution line
 * add up to the same.
 */
#include <string.h>
#include <netinet/in.h>

#include "core/ledger.h"

/* Return: the bytes an interface moved since the last attribution, less
 * the link-layer headers when sockets are counted in IP bytes; marks the
 * point for the next one. */
static uint64_t iface_bytes(struct nlg_iface *it, int dir, bool ip_bytes)
{
	static const enum nlg_counter bytes[2] = { NLG_RX_BYTES, NLG_TX_BYTES };
	static const enum nlg_counter packets[2] = { NLG_RX_PACKETS, NLG_TX_PACKETS };
	uint64_t b = it->acc[bytes[dir]].since_start - it->attr_mark[dir];
	uint64_t p = it->acc[packets[dir]].since_start - it->attr_mark[2 + dir];
	it->attr_mark[dir] = it->acc[bytes[dir]].since_start;
	it->attr_mark[2 + dir] = it->acc[packets[dir]].since_start;
	if (!ip_bytes)
		return b;
	uint64_t hdr = p * it->last.l2_len;
	return b > hdr ? b - hdr : 0;
}

/* One forwarded packet carries at most this much: with segmentation
 * offload a veth or bridge forwards whole 64 KiB segments as one. */
#define FWD_PACKET_MAX 65536

/* Forwarded bytes cross two interfaces: what neither direction's sockets
 * explain, once, and never more than the packets the kernel says it
 * forwarded could carry. */
static uint64_t forwarded(struct Nlg_ledger *lg, const struct Nlg_raw_links *rl, uint64_t rx,
			  uint64_t tx)
{
	if (!rl->have_fwd)
		return 0;
	uint64_t packets = lg->fwd_seen && rl->fwd_packets >= lg->fwd_mark ?
				   rl->fwd_packets - lg->fwd_mark : 0;
	lg->fwd_mark = rl->fwd_packets;
	lg->fwd_seen = true;
	uint64_t bytes = rx < tx ? rx : tx;
	uint64_t cap = packets * FWD_PACKET_MAX;
	return bytes < cap ? bytes : cap;
}

static bool home(const struct Nlg_ledger *lg, const struct nlg_conn *c)
{
	return !lg->home_netns || !c->last.netns || c->last.netns == lg->home_netns;
}

/* The unexplained bytes join the row of sockets without a process. */
static void to_unattributed(struct Nlg_ledger *lg, const struct Nlg_sample_ctx *sc)
{
	struct nlg_attribution *a = &lg->attr;
	if (!a->unattributed_rx && !a->unattributed_tx)
		return;
	struct nlg_app *u = Nlg_ledger_app_named(lg, NLG_APP_UNATTRIBUTED, "unattributed");
	if (!u)
		return;  /* out of memory: the line still has them */
	u->rx += a->unattributed_rx;
	u->tx += a->unattributed_tx;
	u->prx += a->unattributed_rx;
	u->ptx += a->unattributed_tx;
	if (sc->dt_ns) {
		u->rx_rate = (double)u->prx * 1e9 / (double)sc->dt_ns;
		u->tx_rate = (double)u->ptx * 1e9 / (double)sc->dt_ns;
	}
}

/* What an app's connections moved by protocol: TCP in payload, UDP in IP
 * bytes, whichever unit the app's own totals are in. */
static void by_protocol(const struct nlg_conn *c)
{
	struct nlg_app *a = c->app;
	if (!a)
		return;
	if (c->last.proto == IPPROTO_TCP) {
		a->tcp_rx += c->rx.last_delta;
		a->tcp_tx += c->tx.last_delta;
	} else if (c->last.proto == IPPROTO_UDP && c->w) {
		a->udp_rx += c->w->rx.last_delta;
		a->udp_tx += c->w->tx.last_delta;
	}
}

static void sum_ifaces(struct Nlg_ledger *lg, struct Nlg_iface_table *ifaces)
{
	struct nlg_attribution *a = &lg->attr;
	a->wire_rx = a->wire_tx = 0;
	/* Since the last socket sample, which interface-only samples may
	 * have followed. Bridge and bond ports carry what their master also
	 * counts; a gone interface adds its last increase once; interfaces
	 * of other namespaces have their own sockets. */
	for (size_t i = 0; i < ifaces->n; i++) {
		struct nlg_iface *it = ifaces->v[i];
		uint64_t rx = iface_bytes(it, 0, lg->ip_bytes), tx = iface_bytes(it, 1, lg->ip_bytes);
		if (it->last.master || it->last.netns)
			continue;
		a->wire_rx += rx;
		a->wire_tx += tx;
	}
}

void Nlg_ledger_attribute(struct Nlg_ledger *lg, struct Nlg_iface_table *ifaces,
			  const struct Nlg_raw_links *rl, const struct Nlg_sample_ctx *sc)
{
	struct nlg_attribution *a = &lg->attr;
	uint64_t prx = 0, ptx = 0, orx = 0, otx = 0;
	size_t noproc = 0, nobytes = 0;

	a->ip_bytes = lg->ip_bytes;
	sum_ifaces(lg, ifaces);
	for (size_t i = 0; i < lg->nconns; i++) {
		const struct nlg_conn *c = lg->conns[i];
		uint64_t rx = Nlg_conn_counted_rx(lg, c), tx = Nlg_conn_counted_tx(lg, c);
		by_protocol(c);
		if (c->app && c->app->kind == NLG_APP_UNATTRIBUTED) {
			orx += rx;
			otx += tx;
		}
		if (!home(lg, c))
			continue;
		prx += rx;
		ptx += tx;
		if (c->closed)
			continue;
		noproc += !c->proc;
		nobytes += !Nlg_conn_counted(lg, c);
	}
	uint64_t urx = a->wire_rx > prx ? a->wire_rx - prx : 0;
	uint64_t utx = a->wire_tx > ptx ? a->wire_tx - ptx : 0;
	a->forwarded = forwarded(lg, rl, urx, utx);
	a->payload_rx = prx;
	a->payload_tx = ptx;
	a->unattributed_rx = urx - a->forwarded;
	a->unattributed_tx = utx - a->forwarded;
	a->coverage_rx = a->wire_rx > a->forwarded ?
				 (double)prx / (double)(a->wire_rx - a->forwarded) : 1.0;
	a->coverage_tx = a->wire_tx > a->forwarded ?
				 (double)ptx / (double)(a->wire_tx - a->forwarded) : 1.0;
	a->total_wire_rx += a->wire_rx;
	a->total_wire_tx += a->wire_tx;
	a->total_payload_rx += prx;
	a->total_payload_tx += ptx;
	a->total_forwarded += a->forwarded;
	a->total_unattributed_rx += a->unattributed_rx + orx;
	a->total_unattributed_tx += a->unattributed_tx + otx;
	a->conns_without_process = noproc;
	a->conns_without_bytes = nobytes;
	to_unattributed(lg, sc);
}

uint64_t nlg_app_tcp_payload_rx(const struct nlg_app *a) { return a->tcp_rx; }
uint64_t nlg_app_tcp_payload_tx(const struct nlg_app *a) { return a->tcp_tx; }
uint64_t nlg_app_udp_ip_rx(const struct nlg_app *a) { return a->udp_rx; }
uint64_t nlg_app_udp_ip_tx(const struct nlg_app *a) { return a->udp_tx; }
