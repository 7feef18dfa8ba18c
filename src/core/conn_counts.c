/* SPDX-License-Identifier: MIT */
/*
 * conn_counts.c - which of a connection's counters count its bytes.
 *
 * Read by the connection table, the process table and attribution, so it
 * sits below all three instead of inside one of them.
 */
#include <netinet/in.h>

#include "core/ledger.h"

static bool is_tcp(const struct nlg_conn *c)
{
	return c->last.proto == IPPROTO_TCP;
}

static const struct Nlg_acc no_counts;

const struct Nlg_acc *Nlg_conn_bytes_rx(const struct nlg_conn *c)
{
	return is_tcp(c) ? &c->rx : c->w ? &c->w->rx : &no_counts;
}

const struct Nlg_acc *Nlg_conn_bytes_tx(const struct nlg_conn *c)
{
	return is_tcp(c) ? &c->tx : c->w ? &c->w->tx : &no_counts;
}

/* With the eBPF counter every packet of every socket is seen: a socket it
 * has no entry for moved nothing since it was loaded. */
bool Nlg_conn_counted(const struct Nlg_ledger *lg, const struct nlg_conn *c)
{
	return lg->ip_bytes || is_tcp(c);
}

uint64_t Nlg_conn_counted_rx(const struct Nlg_ledger *lg, const struct nlg_conn *c)
{
	if (lg->ip_bytes)
		return c->w ? c->w->rx.last_delta : 0;
	return is_tcp(c) ? c->rx.last_delta : 0;
}

uint64_t Nlg_conn_counted_tx(const struct Nlg_ledger *lg, const struct nlg_conn *c)
{
	if (lg->ip_bytes)
		return c->w ? c->w->tx.last_delta : 0;
	return is_tcp(c) ? c->tx.last_delta : 0;
}
