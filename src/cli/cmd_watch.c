/* SPDX-License-Identifier: MIT */
/* cmd_watch.c - netledger watch: connection events as they happen. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
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

static void help(FILE *f)
{
	fputs("Usage: netledger watch [OPTIONS]\n"
	      "Stream connection events, one line each: 'added', 'counts' (bytes moved in\n"
	      "the interval) and 'removed' (with the connection's final counts), and\n"
	      "'lost' when the kernel dropped socket-close events.\n\n"
	      "  -i, --interval SECONDS  sample interval (default 1)\n"
	      "  -n, --count N           stop after N samples\n"
	      "  -q, --quiet-counts      only added and removed events\n"
	      "  -j, --json              JSON lines\n"
	      "      --ebpf MODE         the eBPF socket counter: auto (default), on, off\n"
	      "      --netns NS          network namespaces: all (default as root), current,\n"
	      "                          an ip netns NAME or a PID\n"
	      "  -h, --help              this text\n\n"
	      "Exit status: 0 success, 1 runtime error, 2 usage error.\n", f);
}

static int parse_opts(int argc, char **argv, struct watch_opts *o)
{
	static const struct option longopts[] = {
		{ "interval", required_argument, NULL, 'i' }, { "count", required_argument, NULL, 'n' },
		{ "quiet-counts", no_argument, NULL, 'q' }, { "json", no_argument, NULL, 'j' },
		{ "ebpf", required_argument, NULL, 'E' }, { "netns", required_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' }, { 0 },
	};
	int c;
	*o = (struct watch_opts){ .interval_ns = 1000000000ull, .ebpf = NLG_EBPF_AUTO };
	optind = 1;
	while ((c = getopt_long(argc, argv, "i:n:qjh", longopts, NULL)) != -1) {
		switch (c) {
		case 'i':
			if (nlg_opt_seconds("--interval", optarg, &o->interval_ns) < 0)
				return -1;
			break;
		case 'n':
			if (nlg_opt_count("--count", optarg, &o->count) < 0)
				return -1;
			break;
		case 'q': o->no_updates = true; break;
		case 'j': o->json = true; break;
		case 'E':
			if (nlg_opt_ebpf(optarg, &o->ebpf) < 0)
				return -1;
			break;
		case 'N':
			if (nlg_opt_netns(optarg) < 0)
				return -1;
			break;
		case 'h': help(stdout); return 1;
		default: help(stderr); return -1;
		}
	}
	return nlg_opt_no_operands(argc, argv, optind);
}

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
	nlg_endpoint_str(nlg_conn_local(c), l, sizeof(l));
	nlg_endpoint_str(nlg_conn_remote(c), r, sizeof(r));
	printf("%s %-7s %-4s %s -> %s", when, type_names[ev->type], nlg_proto_str(c), l, r);
	if (nlg_conn_final_unknown(c))
		printf("  final bytes unknown (close events lost)");
	else if (!nlg_conn_has_bytes(c))
		printf("  bytes unknown");
	else if (ev->type == NLG_EVENT_CONN_UPDATED)
		printf("  rx +%llu tx +%llu", (unsigned long long)ev->rx_delta,
		       (unsigned long long)ev->tx_delta);
	else if (ev->type == NLG_EVENT_CONN_REMOVED)
		printf("  rx %s tx %s (final: %llu/%llu)", nlg_fmt_bytes(nlg_conn_rx_bytes(c), a, sizeof(a)),
		       nlg_fmt_bytes(nlg_conn_tx_bytes(c), b, sizeof(b)),
		       (unsigned long long)nlg_conn_rx_bytes(c), (unsigned long long)nlg_conn_tx_bytes(c));
	nlg_term_printf(stdout, "  %s\n", nlg_owner_str(c, owner, sizeof(owner)));
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
	return nlg_cli_json_lost(lost, when);
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
			if (nlg_cli_json_event(ev, type_names[ev->type], when) < 0)
				return -1;
		} else {
			print_text_event(ev, when);
		}
	}
	fflush(stdout);
	return 0;
}

int nlg_cmd_watch(int argc, char **argv)
{
	struct watch_opts o;
	int r = parse_opts(argc, argv, &o);
	if (r)
		return r < 0 ? NLG_EXIT_USAGE : NLG_EXIT_OK;
	struct nlg_monitor *mon;
	if ((r = nlg_sockview_begin(o.json, o.ebpf, &mon)) != NLG_EXIT_OK)
		return r;
	nlg_stop_on_signals();
	int status = NLG_EXIT_OK;
	uint64_t lost_seen = 0;
	if (!o.json) {
		/* On stderr, as the other notes: stdout is one event a line. */
		char ns[64];
		fprintf(stderr, "%s\n", nlg_sockview_netns_line(mon, ns, sizeof(ns)));
	}
	/* The first sample's sockets already existed: only later ones are
	 * events, so the stream starts with what changes. */
	for (long n = 0; !o.count || n < o.count; n++) {
		nlg_sleep_ns(o.interval_ns);
		if (nlg_stop_requested())
			break;
		if (nlg_sockview_sample(mon) < 0 || print_events(mon, &o, &lost_seen) < 0) {
			status = NLG_EXIT_RUNTIME;
			break;
		}
	}
	/* On a stop, one last sample so that what closed is reported. */
	if (status == NLG_EXIT_OK && nlg_stop_requested() && nlg_sockview_sample(mon) == 0)
		print_events(mon, &o, &lost_seen);
	nlg_monitor_free(mon);
	return status;
}
