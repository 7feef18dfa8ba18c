/* SPDX-License-Identifier: MIT */
/* cmd_conns.c - netledger conns: every TCP and UDP socket with its owner. */
#include <getopt.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/sockview.h"
#include "cli/json_out.h"
#include "export/termtext.h"

struct conns_opts {
	enum nlg_ebpf_mode ebpf;
	long pid;            /* -1: any */
	const char *app;
	int proto;           /* 0: any */
	const char *state;
	long port;           /* -1: any */
	bool json;
};

static void help(FILE *f)
{
	fputs("Usage: netledger conns [OPTIONS]\n"
	      "List TCP and UDP sockets (IPv4 and IPv6) with their state, the process and\n"
	      "app that own them, and their payload bytes from the kernel's socket counters.\n"
	      "UDP sockets have no such counters: their bytes show as 'unknown'.\n\n"
	      "  -p, --pid PID       only sockets of this process\n"
	      "  -a, --app NAME      only sockets of this app\n"
	      "  -P, --proto PROTO   tcp or udp\n"
	      "  -s, --state STATE   e.g. established, listen, unconnected\n"
	      "  -o, --port PORT     local or remote port\n"
	      "  -j, --json          JSON\n"
	      "      --ebpf MODE     the eBPF socket counter: off (default), auto, on\n"
	      "      --netns NS      network namespaces: all (default as root), current,\n"
	      "                      an ip netns NAME or a PID\n"
	      "  -h, --help          this text\n\n"
	      "Exit status: 0 success, 1 runtime error, 2 usage error.\n", f);
}

static bool parse_long(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (end == s || *end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

/* Return: -1 usage error, 1 after --help, 0 to run. */
static int parse_opts(int argc, char **argv, struct conns_opts *o)
{
	static const struct option longopts[] = {
		{ "pid", required_argument, NULL, 'p' }, { "app", required_argument, NULL, 'a' },
		{ "proto", required_argument, NULL, 'P' }, { "state", required_argument, NULL, 's' },
		{ "port", required_argument, NULL, 'o' }, { "json", no_argument, NULL, 'j' },
		{ "ebpf", required_argument, NULL, 'E' }, { "netns", required_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' }, { 0 },
	};
	int c;
	*o = (struct conns_opts){ .pid = -1, .port = -1 };
	optind = 1;
	while ((c = getopt_long(argc, argv, "p:a:P:s:o:jh", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (!parse_long(optarg, 1, 4194304, &o->pid)) {
				nlg_cli_error("invalid --pid '%s'", optarg);
				return -1;
			}
			break;
		case 'a': o->app = optarg; break;
		case 'P':
			if (!strcmp(optarg, "tcp"))
				o->proto = IPPROTO_TCP;
			else if (!strcmp(optarg, "udp"))
				o->proto = IPPROTO_UDP;
			else {
				nlg_cli_error("invalid --proto '%s' (tcp or udp)", optarg);
				return -1;
			}
			break;
		case 's': o->state = optarg; break;
		case 'o':
			if (!parse_long(optarg, 0, 65535, &o->port)) {
				nlg_cli_error("invalid --port '%s'", optarg);
				return -1;
			}
			break;
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

static bool selected(const void *ctx, const struct nlg_conn *c)
{
	const struct conns_opts *o = ctx;
	const struct nlg_proc *p = nlg_conn_proc(c, NULL);
	const struct nlg_app *a = nlg_conn_app(c);
	if (o->pid >= 0 && (!p || nlg_proc_pid(p) != o->pid))
		return false;
	if (o->app && (!a || strcmp(nlg_app_name(a), o->app)))
		return false;
	if (o->proto && nlg_conn_proto(c) != o->proto)
		return false;
	if (o->state && strcmp(nlg_conn_state_label(c), o->state))
		return false;
	if (o->port >= 0 && nlg_conn_local(c)->port != o->port && nlg_conn_remote(c)->port != o->port)
		return false;
	return true;
}

static void print_row(const struct nlg_conn *c)
{
	char l[64], r[64], rx[24], tx[24], owner[256], ns[NLG_CLI_NETNS_MAX];
	nlg_endpoint_str(nlg_conn_local(c), l, sizeof(l));
	nlg_endpoint_str(nlg_conn_remote(c), r, sizeof(r));
	if (nlg_conn_has_bytes(c)) {
		nlg_fmt_bytes(nlg_conn_rx_total(c), rx, sizeof(rx));
		nlg_fmt_bytes(nlg_conn_tx_total(c), tx, sizeof(tx));
	} else {
		snprintf(rx, sizeof(rx), "unknown");
		snprintf(tx, sizeof(tx), "unknown");
	}
	nlg_term_printf(stdout, "%-5s %-28s %-28s %-12s %10s %10s  %-12s %s\n", nlg_proto_str(c), l,
			r, nlg_conn_state_label(c), rx, tx, nlg_netns_str(c, ns, sizeof(ns)),
			nlg_owner_str(c, owner, sizeof(owner)));
}

int nlg_cmd_conns(int argc, char **argv)
{
	struct conns_opts o;
	int r = parse_opts(argc, argv, &o);
	if (r)
		return r < 0 ? NLG_EXIT_USAGE : NLG_EXIT_OK;
	struct nlg_monitor *mon;
	if ((r = nlg_sockview_begin(o.json, o.ebpf, &mon)) != NLG_EXIT_OK)
		return r;
	int status = NLG_EXIT_OK;
	if (o.json) {
		status = nlg_cli_json_conns(mon, selected, &o) < 0 ? NLG_EXIT_RUNTIME : NLG_EXIT_OK;
	} else {
		char ns[64];
		printf("%s\n", nlg_sockview_netns_line(mon, ns, sizeof(ns)));
		printf("%-5s %-28s %-28s %-12s %10s %10s  %-12s %s\n", "PROTO", "LOCAL", "REMOTE",
		       "STATE", "RX", "TX", "NETNS", "PROCESS");
		for (size_t i = 0; i < nlg_conn_count(mon); i++)
			if (selected(&o, nlg_conn_at(mon, i)))
				print_row(nlg_conn_at(mon, i));
	}
	nlg_monitor_free(mon);
	return status;
}
