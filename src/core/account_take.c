/* SPDX-License-Identifier: MIT */
/*
 * account_take.c - what one sample adds to an account: the monitor's
 * connections made in its cgroups (or by its process tree), followed while
 * they live and summed for good once closed; then the rows and totals of
 * both, and the notes on what they may miss.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/account.h"
#include "core/array.h"
#include "platform/runcg.h"

/* Samples a closed cookie is remembered, so that a late reading of it is
 * not a new socket (the monitor remembers its removals as long). */
#define DONE_SAMPLES 8
/* Ancestors walked to find whether a process is in the tree. */
#define TREE_DEPTH 64

/* Return: true when pid is the tree's root or descends from it. */
static bool in_tree(struct nlg_account *a, int pid)
{
	int chain[TREE_DEPTH], n = 0, p = pid;
	uint64_t verdict = 2;
	while (n < TREE_DEPTH && p > 1) {
		const uint64_t *known = Nlg_u64map_get(&a->tree, (uint64_t)p);
		if (known) {
			verdict = *known;
			break;
		}
		chain[n++] = p;
		p = Nlg_runcg_ppid(NLG_ACCOUNT_PROCFS, p);
	}
	/* without memory, the answer is only not cached */
	for (int i = 0; i < n; i++)
		Nlg_u64map_put(&a->tree, (uint64_t)chain[i], verdict);
	return verdict == 1;
}

static bool ours(struct nlg_account *a, const struct nlg_conn *c)
{
	if (a->scope != NLG_SCOPE_TREE)
		return Nlg_u64map_get(&a->ids, nlg_conn_cgroup_id(c)) != NULL;
	const struct nlg_proc *p = nlg_conn_proc(c, NULL);
	return p && in_tree(a, nlg_proc_pid(p));
}

int Nlg_account_refresh_ids(struct nlg_account *a)
{
	const uint64_t *ids;
	if (a->scope == NLG_SCOPE_TREE)
		return 0;
	int n = Nlg_runcg_ids(a->cg, &ids);
	if (n < 0)
		return n == -ENOENT ? 0 : Nlg_fail(&a->err, n, "cannot list %s: %s",
						   Nlg_runcg_path(a->cg), strerror(-n));
	/* once ours, always: a cgroup removed meanwhile keeps its sockets */
	for (int i = 0; i < n; i++)
		if (Nlg_u64map_put(&a->ids, ids[i], 1) < 0)
			return Nlg_fail(&a->err, -ENOMEM, "out of memory");
	return 0;
}

/* Return: the live socket of c's cookie, made on its first sight, or NULL
 * when out of memory. */
static struct Nlg_account_live *live_of(struct nlg_account *a, const struct nlg_conn *c)
{
	uint64_t cookie = nlg_conn_cookie(c);
	const uint64_t *pos = Nlg_u64map_get(&a->live_index, cookie);
	if (pos)
		return &a->live[*pos - 1];
	if (Nlg_array_reserve(&a->live, &a->caplive, a->nlive + 1, sizeof(*a->live), 64) < 0 ||
	    Nlg_u64map_put(&a->live_index, cookie, a->nlive + 1) < 0)
		return NULL;
	struct Nlg_account_live *s = &a->live[a->nlive++];
	memset(s, 0, sizeof(*s));
	s->cookie = cookie;
	s->r.proto = nlg_conn_proto(c);
	s->r.remote = *nlg_conn_remote(c);
	/* an unconnected socket (UDP sendto) has no one remote host */
	if (s->r.remote.port == 0)
		memset(&s->r.remote, 0, sizeof(s->r.remote));
	s->r.sockets = 1;
	return s;
}

static void name_of(struct Nlg_account_live *s, const struct nlg_conn *c)
{
	const struct nlg_proc *p = nlg_conn_proc(c, NULL);
	if (p && !s->r.name[0])
		snprintf(s->r.name, sizeof(s->r.name), "%s", nlg_proc_name(p));
}

/* Takes a connection's counts: IP bytes with the eBPF counter, else TCP
 * payload; a socket without them makes the totals inexact. */
static void take_counts(struct nlg_account *a, struct Nlg_account_live *s, const struct nlg_conn *c)
{
	bool tcp = s->r.proto == IPPROTO_TCP;
	bool ip = nlg_monitor_ebpf_active(a->mon);
	/* since the start: a socket of an existing cgroup may be older */
	if (tcp && nlg_conn_has_bytes(c)) {
		s->prx = nlg_conn_rx_since_start(c);
		s->ptx = nlg_conn_tx_since_start(c);
	} else if (tcp) {
		a->inexact = true;
	}
	if (ip && nlg_conn_has_wire(c)) {
		s->r.rx_bytes = nlg_conn_rx_wire_bytes(c);
		s->r.tx_bytes = nlg_conn_tx_wire_bytes(c);
		s->rxp = nlg_conn_rx_wire_packets(c);
		s->txp = nlg_conn_tx_wire_packets(c);
		s->r.bytes_known = true;
	} else if (!ip) {
		s->r.rx_bytes = s->prx;
		s->r.tx_bytes = s->ptx;
		s->r.bytes_known = tcp && nlg_conn_has_bytes(c);
	} else if (s->rxp + s->txp == 0) {
		/* the eBPF counter runs but has not seen it (its table full) */
		s->r.bytes_known = false;
	}
}

static void add_sums(struct Nlg_account_sums *to, const struct Nlg_account_live *s)
{
	to->rx += s->r.rx_bytes;
	to->tx += s->r.tx_bytes;
	to->prx += s->prx;
	to->ptx += s->ptx;
	to->rxp += s->rxp;
	to->txp += s->txp;
	to->sockets++;
}

static int add_rows(struct Nlg_rowtab *tabs, const struct Nlg_account_live *s)
{
	struct nlg_account_row key;
	for (int k = 0; k < NLG_ROWS_KINDS; k++) {
		Nlg_rowtab_key(k, &s->r, &key);
		if (Nlg_rowtab_add(&tabs[k], &key) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* A closed socket's final counts join the sums for good. */
static int retire(struct nlg_account *a, size_t i)
{
	struct Nlg_account_live *s = &a->live[i];
	add_sums(&a->closed, s);
	int err = add_rows(a->closed_rows, s);
	Nlg_u64map_put(&a->done, s->cookie, a->gen);
	Nlg_u64map_del(&a->live_index, s->cookie, NULL);
	if (i + 1 < a->nlive) {
		a->live[i] = a->live[a->nlive - 1];
		Nlg_u64map_put(&a->live_index, a->live[i].cookie, i + 1);
	}
	a->nlive--;
	return err;
}

static int take_conn(struct nlg_account *a, const struct nlg_conn *c)
{
	if (!ours(a, c) || Nlg_u64map_get(&a->done, nlg_conn_cookie(c)))
		return 0;
	struct Nlg_account_live *s = live_of(a, c);
	if (!s)
		return -ENOMEM;
	name_of(s, c);
	take_counts(a, s, c);
	s->gen = a->gen;
	if (!nlg_conn_closed(c))
		return 0;
	return retire(a, (size_t)(s - a->live));
}

static bool recent(uint64_t key, uint64_t *gen, void *ctx)
{
	(void)key;
	return *(const uint64_t *)ctx - *gen <= DONE_SAMPLES;
}

static int take_sample(struct nlg_account *a)
{
	int err = 0;
	a->gen++;
	for (size_t i = 0; i < nlg_conn_count(a->mon) && !err; i++)
		err = take_conn(a, nlg_conn_at(a->mon, i));
	/* gone from the monitor without a closing reading: as last seen */
	for (size_t i = a->nlive; i-- > 0 && !err;)
		if (a->live[i].gen != a->gen)
			err = retire(a, i);
	Nlg_u64map_filter(&a->done, recent, &a->gen);
	return err;
}

/* The rows and totals of closed and live sockets together. */
static int build_view(struct nlg_account *a, uint64_t now)
{
	struct Nlg_account_sums all = a->closed;
	for (int k = 0; k < NLG_ROWS_KINDS; k++)
		if (Nlg_rowtab_copy(&a->rows[k], &a->closed_rows[k]) < 0)
			return -ENOMEM;
	for (size_t i = 0; i < a->nlive; i++) {
		add_sums(&all, &a->live[i]);
		if (add_rows(a->rows, &a->live[i]) < 0)
			return -ENOMEM;
	}
	for (int k = 0; k < NLG_ROWS_KINDS; k++)
		Nlg_rowtab_sort(&a->rows[k]);
	struct nlg_account_totals *t = &a->t;
	double dt = now > a->last_ns ? (double)(now - a->last_ns) / 1e9 : 0;
	t->rx_rate = dt > 0 && all.rx >= t->rx_bytes ? (double)(all.rx - t->rx_bytes) / dt : 0;
	t->tx_rate = dt > 0 && all.tx >= t->tx_bytes ? (double)(all.tx - t->tx_bytes) / dt : 0;
	if (t->rx_rate > t->rx_peak)
		t->rx_peak = t->rx_rate;
	if (t->tx_rate > t->tx_peak)
		t->tx_peak = t->tx_rate;
	t->rx_bytes = all.rx;
	t->tx_bytes = all.tx;
	t->rx_packets = all.rxp;
	t->tx_packets = all.txp;
	t->tcp_rx_payload = all.prx;
	t->tcp_tx_payload = all.ptx;
	t->sockets = all.sockets;
	t->elapsed_ns = (a->stop_ns ? a->stop_ns : now) - a->start_ns;
	a->last_ns = now;
	return 0;
}

static void note(struct nlg_account *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void note(struct nlg_account *a, const char *fmt, ...)
{
	va_list ap;
	if (a->nnotes >= NLG_ACCOUNT_NOTES)
		return;
	va_start(ap, fmt);
	vsnprintf(a->notes[a->nnotes++].msg, sizeof(a->notes[0].msg), fmt, ap);
	va_end(ap);
}

/* What the totals may miss, from what the monitor could not see. */
void Nlg_account_notes(struct nlg_account *a)
{
	const struct nlg_monitor *m = a->mon;
	uint64_t lost = nlg_monitor_lost_sock_events(m) - a->lost0;
	uint64_t over = nlg_monitor_ebpf_overflow(m) - a->overflow0;
	a->nnotes = 0;
	if (!nlg_monitor_ebpf_active(m))
		note(a, "no eBPF counter (%s): totals are TCP payload; UDP and other protocols' "
			"bytes are not counted", nlg_monitor_ebpf_status(m)[0] ?
			nlg_monitor_ebpf_status(m) : "off");
	if (!nlg_monitor_closures_visible(m))
		note(a, "%s", "socket-close events are not visible (needs CAP_NET_ADMIN): a socket "
			      "opened and closed between two samples is missed, a closed one keeps "
			      "its last sample's bytes");
	if (a->scope == NLG_SCOPE_TREE)
		note(a, "%s", "processes are found by their parents at each sample: one that lived "
			      "between two samples, or whose parent had exited, is missed");
	if (lost)
		note(a, "the kernel dropped %llu socket-close events", (unsigned long long)lost);
	if (over)
		note(a, "the eBPF table was full: %llu packets were not counted",
		     (unsigned long long)over);
	if (a->failed)
		note(a, "%llu samples failed (the last: %s): sockets may be missing",
		     (unsigned long long)a->failed, a->failure.msg);
	if (a->inexact && a->nnotes == 0)
		note(a, "%s", "some sockets had no byte counts when they closed");
	a->t.ip_bytes = nlg_monitor_ebpf_active(m);
	a->t.exact = a->nnotes == 0;
}

int Nlg_account_take(struct nlg_account *a, uint64_t now)
{
	if (take_sample(a) < 0 || build_view(a, now) < 0)
		return Nlg_fail(&a->err, -ENOMEM, "out of memory");
	Nlg_account_notes(a);
	return 0;
}
