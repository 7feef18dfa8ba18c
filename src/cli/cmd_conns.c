/* SPDX-License-Identifier: MIT */
/* cmd_conns.c - netledger conns: every TCP and UDP socket with its owner. */
#include <stddef.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/opts.h"
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

static const int protos[] = { IPPROTO_TCP, IPPROTO_UDP };
static const char *const proto_names[] = { "tcp", "udp", NULL };

static const struct Nlg_cmd_opts command = {
	.name = "conns",
	.opts = (const struct Nlg_opt[]){
		{ "pid", 'p', NLG_OPT_RANGE, "PID", "only sockets of this process", offsetof(struct conns_opts, pid),
		  .lo = 1, .hi = 4194304 },
		{ "app", 'a', NLG_OPT_STRING, "NAME", "only sockets of this app", offsetof(struct conns_opts, app) },
		{ "proto", 'P', NLG_OPT_CHOICE, "PROTO", "tcp or udp", offsetof(struct conns_opts, proto),
		  .choices = proto_names, .values = protos },
		{ "state", 's', NLG_OPT_STRING, "STATE", "e.g. established, listen, unconnected",
		  offsetof(struct conns_opts, state) },
		{ "port", 'o', NLG_OPT_RANGE, "PORT", "local or remote port", offsetof(struct conns_opts, port),
		  .lo = 0, .hi = 65535 },
		NLG_OPTE_JSON(struct conns_opts, json, "JSON"),
		NLG_OPTE_EBPF(struct conns_opts, ebpf, "off (default), auto, on"),
		NLG_OPTE_NETNS,
		NLG_OPTE_END,
	},
	.about = "List TCP and UDP sockets (IPv4 and IPv6) with their state, the process and\n"
		 "app that own them, and their payload bytes from the kernel's socket counters.\n"
		 "UDP sockets have no such counters: their bytes show as 'unknown'.\n\n",
};

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
	Nlg_endpoint_str(nlg_conn_local(c), l, sizeof(l));
	Nlg_endpoint_str(nlg_conn_remote(c), r, sizeof(r));
	if (nlg_conn_has_bytes(c)) {
		Nlg_fmt_bytes(nlg_conn_rx_total(c), rx, sizeof(rx));
		Nlg_fmt_bytes(nlg_conn_tx_total(c), tx, sizeof(tx));
	} else {
		snprintf(rx, sizeof(rx), "unknown");
		snprintf(tx, sizeof(tx), "unknown");
	}
	Nlg_term_printf(stdout, "%-5s %-28s %-28s %-12s %10s %10s  %-12s %s\n", Nlg_proto_str(c), l,
			r, nlg_conn_state_label(c), rx, tx, Nlg_netns_str(c, ns, sizeof(ns)),
			Nlg_owner_str(c, owner, sizeof(owner)));
}

int Nlg_cmd_conns(int argc, char **argv)
{
	struct conns_opts o = { .pid = -1, .port = -1 };
	struct nlg_monitor *mon;
	int r = Nlg_sockview_begin(&command, argc, argv, &o, &o.json, &o.ebpf, &mon);
	if (r != NLG_OPTS_GO)
		return r;
	int status = NLG_EXIT_OK;
	if (o.json) {
		status = Nlg_cli_json_conns(mon, selected, &o) < 0 ? NLG_EXIT_RUNTIME : NLG_EXIT_OK;
	} else {
		char ns[64];
		printf("%s\n", Nlg_sockview_netns_line(mon, ns, sizeof(ns)));
		printf("%-5s %-28s %-28s %-12s %10s %10s  %-12s %s\n", "PROTO", "LOCAL", "REMOTE",
		       "STATE", "RX", "TX", "NETNS", "PROCESS");
		for (size_t i = 0; i < nlg_conn_count(mon); i++)
			if (selected(&o, nlg_conn_at(mon, i)))
				print_row(nlg_conn_at(mon, i));
	}
	nlg_monitor_free(mon);
	return status;
}
