/* SPDX-License-Identifier: MIT */
/*
 * nlg-sampling PORT BYTES N STOPFILE [--interval MS] [--reconcile S]
 *   Two monitors in one process, one sampling incrementally and one with a
 *   full dump every time, sample the same sockets every interval until
 *   STOPFILE exists (at most 120 s), then twice more. Every connection to
 *   or from PORT must have the same bytes in both, byte for byte; the
 *   client ends (remote port PORT) must be N, each having sent BYTES; the
 *   incremental monitor's checks must have run and found nothing wrong.
 *   (A connection only the incremental monitor reports, with exactly the
 *   bytes sent, or that the full path reports without its IP bytes, is
 *   one the full path missed: counted, not a mismatch. Slow samples, as
 *   under a sanitizer, make the full path miss some.)
 *   Prints what it found; exits 1 on a mismatch, 2 on bad usage, 77 when
 *   the incremental path cannot run here.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "netledger.h"

struct rec {
	uint64_t cookie;
	uint64_t v[4];       /* payload rx, tx; IP bytes rx, tx */
	int client;
	int seen;            /* bit 0: full monitor, bit 1: incremental */
	uint64_t w[4];       /* the incremental monitor's values */
};

struct table {
	struct rec *r;
	size_t n, cap;       /* open addressing, cap a power of two */
};

static struct rec *slot(struct table *t, uint64_t cookie)
{
	if (2 * (t->n + 1) > t->cap) {
		struct table g = { .cap = t->cap ? 2 * t->cap : 16384 };
		g.r = calloc(g.cap, sizeof(*g.r));
		if (!g.r) {
			perror("calloc");
			exit(1);
		}
		for (size_t i = 0; i < t->cap; i++)
			if (t->r[i].cookie)
				*slot(&g, t->r[i].cookie) = t->r[i];
		free(t->r);
		*t = g;
	}
	size_t i = (size_t)(cookie * 0x9E3779B97F4A7C15ull) & (t->cap - 1);
	while (t->r[i].cookie && t->r[i].cookie != cookie)
		i = (i + 1) & (t->cap - 1);
	if (!t->r[i].cookie) {
		t->r[i].cookie = cookie;
		t->n++;
	}
	return &t->r[i];
}

static struct nlg_monitor *open_mon(enum nlg_sampling mode, uint64_t reconcile_ns)
{
	struct nlg_monitor *mon = nlg_monitor_new();
	if (!mon || nlg_monitor_set_watch(mon, NLG_WATCH_INTERFACES | NLG_WATCH_SOCKETS) < 0 ||
	    nlg_monitor_set_ebpf(mon, NLG_EBPF_ON) < 0 ||
	    nlg_monitor_set_sampling(mon, mode, reconcile_ns) < 0) {
		fprintf(stderr, "cannot make a monitor\n");
		exit(1);
	}
	return mon;
}

static int sample(struct nlg_monitor *mon, struct table *t, int port, int bit)
{
	if (nlg_monitor_sample(mon) < 0) {
		fprintf(stderr, "sample failed: %s\n", nlg_monitor_errmsg(mon));
		return -1;
	}
	for (size_t i = 0; i < nlg_conn_count(mon); i++) {
		const struct nlg_conn *c = nlg_conn_at(mon, i);
		int client = nlg_conn_remote(c)->port == port;
		if (!client && nlg_conn_local(c)->port != port)
			continue;
		struct rec *r = slot(t, nlg_conn_cookie(c));
		uint64_t *v = bit == 1 ? r->v : r->w;
		v[0] = nlg_conn_rx_total(c);
		v[1] = nlg_conn_tx_total(c);
		v[2] = nlg_conn_rx_wire_bytes(c);
		v[3] = nlg_conn_tx_wire_bytes(c);
		r->client = client;
		r->seen |= bit;
	}
	return 0;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

/* Return: the number of mismatches, printing the first few. A connection
 * that only the incremental monitor reports, with exactly the bytes sent,
 * is one the full path missed (its own race between the table and the
 * destroy events): counted in *missed, not a mismatch. */
static long compare(const struct table *t, int *clients, uint64_t bytes, long *missed)
{
	long bad = 0;
	for (size_t i = 0; i < t->cap; i++) {
		const struct rec *r = &t->r[i];
		if (!r->cookie)
			continue;
		if (r->seen == 2 && r->w[r->client ? 1 : 0] == bytes) {
			++*missed;
			*clients += r->client;
			continue;
		}
		/* the full path's IP bytes lost (its entry dropped before its
		 * destroy event came), the payload the same: also its miss */
		if (r->seen == 3 && !r->v[2] && !r->v[3] && r->w[2] && r->w[3] &&
		    r->v[0] == r->w[0] && r->v[1] == r->w[1] && r->w[r->client ? 1 : 0] == bytes) {
			++*missed;
			*clients += r->client;
			continue;
		}
		bool wrong = r->seen != 3 || memcmp(r->v, r->w, sizeof(r->v)) != 0;
		if (r->client) {
			++*clients;
			wrong |= r->v[1] != bytes;
		}
		if (wrong && bad++ < 5)
			fprintf(stderr, "cookie %llu (%s, seen %d): full %llu/%llu ip %llu/%llu, "
				"incremental %llu/%llu ip %llu/%llu\n", (unsigned long long)r->cookie,
				r->client ? "client" : "server", r->seen,
				(unsigned long long)r->v[0], (unsigned long long)r->v[1],
				(unsigned long long)r->v[2], (unsigned long long)r->v[3],
				(unsigned long long)r->w[0], (unsigned long long)r->w[1],
				(unsigned long long)r->w[2], (unsigned long long)r->w[3]);
	}
	return bad;
}

int main(int argc, char **argv)
{
	long interval = 200, reconcile = 2;
	if (argc < 5)
		goto usage;
	int port = atoi(argv[1]), n = atoi(argv[3]);
	uint64_t bytes = strtoull(argv[2], NULL, 10);
	const char *stop = argv[4];
	for (int i = 5; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--interval"))
			interval = atol(argv[i + 1]);
		else if (!strcmp(argv[i], "--reconcile"))
			reconcile = atol(argv[i + 1]);
		else
			goto usage;
	}
	if (port <= 0 || n <= 0 || interval <= 0 || reconcile <= 0)
		goto usage;
	struct nlg_monitor *full = open_mon(NLG_SAMPLING_FULL, 0);
	struct nlg_monitor *inc = open_mon(NLG_SAMPLING_AUTO, (uint64_t)reconcile * 1000000000ull);
	struct table t = { 0 };
	struct nlg_sampling_stats st;
	if (sample(full, &t, port, 1) < 0 || sample(inc, &t, port, 2) < 0)
		return 1;
	nlg_monitor_sampling_stats(inc, &st);
	if (!st.incremental) {
		printf("SKIP: incremental sampling does not run here\n");
		return 77;
	}
	printf("ready\n");
	fflush(stdout);
	long samples = 1, after = 0;
	for (long ms = 0; ms < 120000 && after < 2; ms += interval, samples++) {
		sleep_ms(interval);
		after += access(stop, F_OK) == 0;
		if (sample(full, &t, port, 1) < 0 || sample(inc, &t, port, 2) < 0)
			return 1;
	}
	int clients = 0;
	long missed = 0;
	long bad = compare(&t, &clients, bytes, &missed);
	nlg_monitor_sampling_stats(inc, &st);
	printf("samples %ld, connections %zu, clients %d of %d, mismatches %ld\n", samples, t.n,
	       clients, n, bad);
	printf("connections the full path missed: %ld\n", missed);
	printf("lost destroy events: full %llu, incremental %llu\n",
	       (unsigned long long)nlg_monitor_lost_sock_events(full),
	       (unsigned long long)nlg_monitor_lost_sock_events(inc));
	printf("incremental: full dumps %llu, checks %llu, differences %llu, lost notices %llu\n",
	       (unsigned long long)st.full_dumps, (unsigned long long)st.reconciles,
	       (unsigned long long)st.differences, (unsigned long long)st.lost_notices);
	nlg_monitor_free(full);
	nlg_monitor_free(inc);
	free(t.r);
	return bad || clients != n || !st.reconciles || st.differences ? 1 : 0;
usage:
	fprintf(stderr, "usage: nlg-sampling PORT BYTES N STOPFILE [--interval MS] [--reconcile S]\n");
	return 2;
}
