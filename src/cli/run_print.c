/* SPDX-License-Identifier: MIT */
/* run_print.c - netledger run's summary and progress lines, on stderr.
 * Exact totals are printed as exact byte counts; totals that may miss
 * sockets say "at least" and list what may be missing. */
#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "cli/cli.h"
#include "cli/run.h"

/* Rows of hosts and processes shown; the JSON has them all. */
#define TOP_ROWS 5

/* A process name as the kernel gave it, control bytes made '?': names
 * are chosen by whoever runs the process. */
static const char *safe_name(const char *name, char *buf, size_t size)
{
	size_t i = 0;
	for (; name[i] && i + 1 < size; i++)
		buf[i] = isprint((unsigned char)name[i]) ? name[i] : '?';
	buf[i] = '\0';
	return i ? buf : "?";
}

static const char *host(const struct nlg_account_row *r, char *buf, size_t size)
{
	char addr[INET6_ADDRSTRLEN];
	if ((r->remote.family != AF_INET && r->remote.family != AF_INET6) ||
	    !inet_ntop(r->remote.family, r->remote.addr, addr, sizeof(addr))) {
		snprintf(buf, size, "%s (unconnected)", nlg_proto_name(r->proto));
		return buf;
	}
	snprintf(buf, size, r->remote.family == AF_INET6 ? "%s [%s]:%u" : "%s %s:%u",
		 nlg_proto_name(r->proto), addr, r->remote.port);
	return buf;
}

static const char *row_bytes(const struct nlg_account_row *r, char *buf, size_t size)
{
	char rx[32], tx[32];
	if (!r->bytes_known)
		snprintf(buf, size, "bytes unknown");
	else
		snprintf(buf, size, "in %s  out %s", Nlg_fmt_bytes(r->rx_bytes, rx, sizeof(rx)),
			 Nlg_fmt_bytes(r->tx_bytes, tx, sizeof(tx)));
	return buf;
}

void Nlg_run_print_progress(const struct nlg_account *a, double elapsed_s)
{
	struct nlg_account_totals t;
	char rx[32], tx[32], rr[32], tr[32];
	if (nlg_account_totals(a, &t) < 0)
		return;
	fprintf(stderr, "netledger: %.1f s  in %s (%s)  out %s (%s)  sockets %llu\n", elapsed_s,
		Nlg_fmt_bytes(t.rx_bytes, rx, sizeof(rx)), Nlg_fmt_rate(t.rx_rate, false, rr, sizeof(rr)),
		Nlg_fmt_bytes(t.tx_bytes, tx, sizeof(tx)), Nlg_fmt_rate(t.tx_rate, false, tr, sizeof(tr)),
		(unsigned long long)t.sockets);
}

static void print_direction(const char *what, uint64_t bytes, double avg, double peak,
			    const struct nlg_account_totals *t)
{
	char b[32], ar[32], pr[32];
	fprintf(stderr, "  %-10s %s%llu bytes (%s)%s, average %s, peak %s\n", what,
		t->exact ? "" : "at least ", (unsigned long long)bytes, Nlg_fmt_bytes(bytes, b, sizeof(b)),
		t->ip_bytes ? " of IP" : " of TCP payload", Nlg_fmt_rate(avg, false, ar, sizeof(ar)),
		Nlg_fmt_rate(peak, false, pr, sizeof(pr)));
}

static void print_rows(const char *title, const struct nlg_account *a, size_t n,
		       const struct nlg_account_row *(*at)(const struct nlg_account *, size_t),
		       bool hosts)
{
	char name[64], bytes[80];
	for (size_t i = 0; i < n && i < TOP_ROWS; i++) {
		const struct nlg_account_row *r = at(a, i);
		fprintf(stderr, "  %-10s %-28s %5llu socket%s  %s\n", i ? "" : title,
			hosts ? host(r, name, sizeof(name)) : safe_name(r->name, name, sizeof(name)),
			(unsigned long long)r->sockets, r->sockets == 1 ? " " : "s",
			row_bytes(r, bytes, sizeof(bytes)));
	}
	if (n > TOP_ROWS)
		fprintf(stderr, "  %-10s ... %zu more\n", "", n - TOP_ROWS);
}

static void print_protos(const struct nlg_account *a)
{
	fprintf(stderr, "  %-10s", "sockets");
	for (size_t i = 0; i < nlg_account_proto_count(a); i++) {
		const struct nlg_account_row *r = nlg_account_proto_at(a, i);
		fprintf(stderr, "%s %s %llu", i ? "," : "", nlg_proto_name(r->proto),
			(unsigned long long)r->sockets);
	}
	fputs(nlg_account_proto_count(a) ? "\n" : " none\n", stderr);
}

static void print_status(const struct Nlg_run_result *r, double wall)
{
	fprintf(stderr, "  %-10s %.3f s, ", "wall time", wall);
	if (r->signal)
		fprintf(stderr, "killed by signal %d (exit status %d)\n", r->signal, r->status);
	else
		fprintf(stderr, "exit status %d\n", r->status);
}

void Nlg_run_print_summary(const struct nlg_account *a, const struct Nlg_run_opts *o,
			   const struct Nlg_run_result *r)
{
	struct nlg_account_totals t;
	char name[64];
	if (nlg_account_totals(a, &t) < 0)
		return;
	double wall = (double)(r->end_ns - r->start_ns) / 1e9;
	fprintf(stderr, "netledger run: %s\n", safe_name(o->argv[0], name, sizeof(name)));
	print_status(r, wall);
	/* averages over the account's time, as in the JSON */
	double secs = (double)t.elapsed_ns / 1e9;
	print_direction("received", t.rx_bytes, secs > 0 ? (double)t.rx_bytes / secs : 0, t.rx_peak, &t);
	print_direction("sent", t.tx_bytes, secs > 0 ? (double)t.tx_bytes / secs : 0, t.tx_peak, &t);
	fprintf(stderr, "  %-10s %s%llu bytes received, %llu bytes sent over TCP\n", "payload",
		t.exact ? "" : "at least ", (unsigned long long)t.tcp_rx_payload,
		(unsigned long long)t.tcp_tx_payload);
	print_protos(a);
	print_rows("hosts", a, nlg_account_host_count(a), nlg_account_host_at, true);
	print_rows("processes", a, nlg_account_proc_count(a), nlg_account_proc_at, false);
	const char *cg = nlg_account_cgroup(a);
	if (t.exact)
		fprintf(stderr, "  %-10s every socket of cgroup %s, to its last byte (eBPF counter)\n",
			"exact", cg);
	for (size_t i = 0; i < nlg_account_note_count(a); i++)
		fprintf(stderr, "  %-10s %s\n", i ? "" : "may miss", nlg_account_note_at(a, i));
}
