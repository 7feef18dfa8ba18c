/* SPDX-License-Identifier: MIT */
/* cmd_watch.c - netledger watch: connection events as they happen. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/opts.h"
#include "cli/sockview.h"
#include "cli/json_out.h"
#include "export/termtext.h"

struct watch_opts {
	enum nlg_ebpf_mode ebpf;
	uint64_t interval_ns;
	long count;
	bool json;
	bool no_updates;
};

static const struct Nlg_cmd_opts command = {
	.name = "watch",
	.opts = (const struct Nlg_opt[]){
		{ "interval", 'i', NLG_OPT_SECONDS, "SECONDS", "sample interval (default 1)",
		  offsetof(struct watch_opts, interval_ns) },
		NLG_OPTE_COUNT(struct watch_opts, count, "stop after N samples"),
		{ "quiet-counts", 'q', NLG_OPT_FLAG, NULL, "only added and removed events",
		  offsetof(struct watch_opts, no_updates) },
		NLG_OPTE_JSON(struct watch_opts, json, "JSON lines"),
		NLG_OPTE_SOCKETS(struct watch_opts, ebpf, NLG_EBPF_DEFAULT_AUTO),
		NLG_OPTE_END,
	},
	.about = "Stream connection events, one line each: 'added', 'counts' (bytes moved in\n"
		 "the interval) and 'removed' (with the connection's final counts), and\n"
		 "'lost' when the kernel dropped socket-close events.\n\n",
};

static const char *const type_names[] = { "added", "counts", "removed" };

static void stamp(char *buf, size_t size)
{
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	size_t n = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, size - n, ".%03ldZ", ts.tv_nsec / 1000000);
}

static void print_text_event(const struct nlg_event *ev, const char *when)
{
	const struct nlg_conn *c = ev->conn;
	char l[64], r[64], owner[256], a[24], b[24];
	Nlg_endpoint_str(nlg_conn_local(c), l, sizeof(l));
	Nlg_endpoint_str(nlg_conn_remote(c), r, sizeof(r));
	printf("%s %-7s %-4s %s -> %s", when, type_names[ev->type], Nlg_proto_str(c), l, r);
	if (nlg_conn_final_unknown(c))
		printf("  final bytes unknown (close events lost)");
	else if (!nlg_conn_has_bytes(c))
		printf("  bytes unknown");
	else if (ev->type == NLG_EVENT_CONN_UPDATED)
		printf("  rx +%llu tx +%llu", (unsigned long long)ev->rx_delta,
		       (unsigned long long)ev->tx_delta);
	else if (ev->type == NLG_EVENT_CONN_REMOVED)
		printf("  rx %s tx %s (final: %llu/%llu)", Nlg_fmt_bytes(nlg_conn_rx_since_start(c), a, sizeof(a)),
		       Nlg_fmt_bytes(nlg_conn_tx_since_start(c), b, sizeof(b)),
		       (unsigned long long)nlg_conn_rx_since_start(c), (unsigned long long)nlg_conn_tx_since_start(c));
	Nlg_term_printf(stdout, "  %s\n", Nlg_owner_str(c, owner, sizeof(owner)));
}

/* When the kernel dropped close events, the connections they would have
 * reported are missing from the stream: say so, with the running count. */
static int print_lost(const struct nlg_monitor *mon, const struct watch_opts *o,
		      const char *when, uint64_t *seen)
{
	uint64_t lost = nlg_monitor_lost_sock_events(mon);
	if (lost == *seen)
		return 0;
	*seen = lost;
	if (!o->json) {
		printf("%s lost    the kernel dropped socket-close events (%llu times so far): "
		       "connections that closed meanwhile are missing\n",
		       when, (unsigned long long)lost);
		return 0;
	}
	return Nlg_cli_json_lost(lost, when);
}

static int print_events(const struct nlg_monitor *mon, const struct watch_opts *o,
			uint64_t *lost_seen)
{
	char when[40];
	stamp(when, sizeof(when));
	if (print_lost(mon, o, when, lost_seen) < 0)
		return -1;
	for (size_t i = 0; i < nlg_event_count(mon); i++) {
		const struct nlg_event *ev = nlg_event_at(mon, i);
		if (o->no_updates && ev->type == NLG_EVENT_CONN_UPDATED)
			continue;
		if (o->json) {
			if (Nlg_cli_json_event(ev, type_names[ev->type], when) < 0)
				return -1;
		} else {
			print_text_event(ev, when);
		}
	}
	fflush(stdout);
	return 0;
}

int Nlg_cmd_watch(int argc, char **argv)
{
	struct watch_opts o = { .interval_ns = 1000000000ull, .ebpf = NLG_EBPF_AUTO };
	struct nlg_monitor *mon;
	int r = Nlg_sockview_begin(&command, argc, argv, &o, &o.json, &o.ebpf, &mon);
	if (r != NLG_OPTS_GO)
		return r;
	Nlg_stop_on_signals();
	int status = NLG_EXIT_OK;
	uint64_t lost_seen = 0;
	if (!o.json) {
		/* On stderr, as the other notes: stdout is one event a line. */
		char ns[64];
		fprintf(stderr, "%s\n", Nlg_sockview_netns_line(mon, ns, sizeof(ns)));
	}
	/* The first sample's sockets already existed: only later ones are
	 * events, so the stream starts with what changes. */
	for (long n = 0; !o.count || n < o.count; n++) {
		Nlg_sleep_ns(o.interval_ns);
		if (Nlg_stop_requested())
			break;
		if (Nlg_sockview_sample(mon) < 0 || print_events(mon, &o, &lost_seen) < 0) {
			status = NLG_EXIT_RUNTIME;
			break;
		}
	}
	/* On a stop, one last sample so that what closed is reported. */
	if (status == NLG_EXIT_OK && Nlg_stop_requested() && Nlg_sockview_sample(mon) == 0)
		print_events(mon, &o, &lost_seen);
	nlg_monitor_free(mon);
	return status;
}
