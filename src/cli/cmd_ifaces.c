/* SPDX-License-Identifier: MIT */
/* cmd_ifaces.c - netledger ifaces: the interfaces table, once or live. */
#include <arpa/inet.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "netledger.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "cli/json_out.h"
#include "cli/wifi_fmt.h"
#include "export/termtext.h"

struct ifaces_opts {
	const char *only;      /* -i NAME */
	bool watch;
	uint64_t interval_ns;
	long count;            /* frames to print in watch mode; 0 = until stopped */
	bool json;
	bool bits;
	bool pf;               /* --pf: pf's pass/block columns */
	enum nlg_total_scope total; /* --total: which interfaces the total row counts */
	const char *sysfs_root;     /* --sysfs-root DIR */
	bool all_netns;        /* --all-netns: every namespace's interfaces */
	enum nlg_link_source source;
};

/* Return: -1 to exit with usage error, 1 after --help, 0 to run. */
static const char *const sources[] = { "auto", "netlink", "procfs", NULL };
static const int source_values[] = { NLG_LINK_SOURCE_AUTO, NLG_LINK_SOURCE_NETLINK,
				     NLG_LINK_SOURCE_PROCFS };
static const char *const totals[] = { "physical", "all", NULL };
static const int total_values[] = { NLG_TOTAL_PHYSICAL, NLG_TOTAL_ALL };

static const struct Nlg_cmd_opts command = {
	.name = "ifaces",
	.opts = (const struct Nlg_opt[]){
		{ "interface", 'i', NLG_OPT_STRING, "NAME", "only this interface", offsetof(struct ifaces_opts, only) },
		NLG_OPTE_WATCH(struct ifaces_opts, watch, interval_ns, "refresh every SECONDS (default 1) with per-second rates"),
		NLG_OPTE_COUNT(struct ifaces_opts, count, "with --watch: stop after N refreshes"),
		NLG_OPTE_JSON(struct ifaces_opts, json, "JSON (one object per refresh with --watch)"),
		NLG_OPTE_BITS(struct ifaces_opts, bits, 'b'),
		{ "pf", 0, NLG_OPT_FLAG, NULL, "pf's passed and blocked bytes per direction (BSD)", offsetof(struct ifaces_opts, pf) },
		{ "source", 0, NLG_OPT_CHOICE, "SOURCE", "netlink, procfs or auto (default)", offsetof(struct ifaces_opts, source),
		  .choices = sources, .values = source_values },
		{ "total", 0, NLG_OPT_CHOICE, "SCOPE", "the total row counts physical interfaces (default)\n"
		  "or all: every one but loopback", offsetof(struct ifaces_opts, total), .choices = totals, .values = total_values },
		{ "sysfs-root", 0, NLG_OPT_STRING, "DIR", "read sysfs from DIR instead of /sys (the host's /sys\n"
		  "mounted elsewhere in a container)", offsetof(struct ifaces_opts, sysfs_root) },
		{ "all-netns", 0, NLG_OPT_FLAG, NULL, "the interfaces of every network namespace (root),\n"
		  "with a NETNS column; default: the current one", offsetof(struct ifaces_opts, all_netns) },
		NLG_OPTE_END,
	},
	.about = "Show every network interface with its type, state, addresses and\n"
		 "traffic counters (exact 64-bit totals, safe across counter wraps and resets).\n\n",
	.footer = "\nExit status: 0 success, 1 runtime error (e.g. unknown interface, pf not\n"
		  "readable), 2 usage error, 3 not available here (--pf without pf, --json in a\n"
		  "build without json-c).\n",
};

static int parse_opts(int argc, char **argv, struct ifaces_opts *o)
{
	*o = (struct ifaces_opts){ .interval_ns = 1000000000ull };
	int r = Nlg_opts_parse(&command, argc, argv, o);
	if (r != NLG_OPTS_GO)
		return r;
	if (o->count && !o->watch) {
		Nlg_cli_error("--count needs --watch");
		return NLG_EXIT_USAGE;
	}
	return NLG_OPTS_GO;
}

static bool selected(const struct ifaces_opts *o, const struct nlg_iface *it)
{
	return !o->only || !strcmp(o->only, nlg_iface_name(it));
}

static void type_label(const struct nlg_iface *it, char *buf, size_t size)
{
	const char *type = nlg_iface_type_name(nlg_iface_type(it));
	const char *kind = nlg_iface_kind(it);
	uint64_t speed = nlg_iface_speed_mbps(it);

	if (kind[0])
		snprintf(buf, size, "%s/%s", type, kind);
	else if (speed && nlg_iface_type(it) != NLG_IFACE_VIRTUAL)
		snprintf(buf, size, "%s %g%s", type, speed >= 1000 ? speed / 1000.0 : (double)speed,
			 speed >= 1000 ? "G" : "M");
	else
		snprintf(buf, size, "%s", type);
}

static void addresses(const struct nlg_iface *it, char *buf, size_t size)
{
	char a[INET6_ADDRSTRLEN];
	size_t pos = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < nlg_iface_addr_count(it) && pos < size; i++) {
		const struct nlg_addr *ad = nlg_iface_addr_at(it, i);
		if (!inet_ntop(ad->family, ad->addr, a, sizeof(a)))
			snprintf(a, sizeof(a), "?");
		pos += (size_t)snprintf(buf + pos, size - pos, "%s%s/%u", i ? " " : "", a,
					ad->prefixlen);
	}
}

/* The errors and drops line under an interface, only when one is non-zero. */
static void print_problems(const struct nlg_iface *it)
{
	static const enum nlg_counter shown[] = { NLG_RX_ERRORS, NLG_TX_ERRORS, NLG_RX_DROPPED,
						  NLG_TX_DROPPED, NLG_COLLISIONS };
	bool any = false;
	for (size_t i = 0; i < sizeof(shown) / sizeof(shown[0]); i++) {
		uint64_t v = nlg_iface_total(it, shown[i]);
		if (!v)
			continue;
		printf("%s%s %llu", any ? ", " : "  ^ ", nlg_counter_name(shown[i]),
		       (unsigned long long)v);
		any = true;
	}
	if (any)
		putchar('\n');
}

/* pf's bytes of both families, per direction and action; "-" where pf
 * keeps no record of the interface. */
static void print_pf(const struct nlg_iface *it)
{
	for (int dir = 0; dir < 2; dir++) {
		for (int act = 0; act < 2; act++) {
			char b[24] = "-";
			if (nlg_iface_has_pf(it))
				Nlg_fmt_bytes(nlg_iface_pf_bytes(it, NLG_PF_INET, dir, act) +
					      nlg_iface_pf_bytes(it, NLG_PF_INET6, dir, act),
					      b, sizeof(b));
			printf(" %11s", b);
		}
	}
}

/* The wireless link on a line under its interface. */
static void print_wifi(const struct nlg_iface *it)
{
	struct nlg_wifi w;
	char line[512];
	if (nlg_iface_wifi(it, &w) == 0)
		printf("  ~ %s\n", Nlg_fmt_wifi(&w, line, sizeof(line)));
}

/* The last row: the sum of the counted interfaces' rows, and their names. */
static void print_total(const struct nlg_monitor *mon, const struct ifaces_opts *o, bool rates)
{
	char rx[24], tx[24], rrx[24], rtx[24], names[512] = "";
	struct nlg_total t;
	size_t pos = 0;
	if (nlg_monitor_total(mon, o->total, &t) < 0)
		return;
	for (size_t i = 0; i < nlg_iface_count(mon) && pos < sizeof(names); i++) {
		const struct nlg_iface *it = nlg_iface_at(mon, i);
		char name[64];
		if (!nlg_iface_counted(it, o->total))
			continue;
		Nlg_term_render(nlg_iface_name(it), -1, name, sizeof(name));
		pos += (size_t)snprintf(names + pos, sizeof(names) - pos, "%s%s", pos ? " " : "", name);
	}
	Nlg_fmt_bytes(t.rx_total, rx, sizeof(rx));
	Nlg_fmt_bytes(t.tx_total, tx, sizeof(tx));
	if (o->all_netns)
		printf("%-14s ", "current");
	printf("%-15s %-16s %-7s %10s %10s", "total",
	       o->total == NLG_TOTAL_ALL ? "all" : "physical", "", rx, tx);
	if (rates)
		printf(" %12s %12s", Nlg_fmt_rate(t.rx_rate, o->bits, rrx, sizeof(rrx)),
		       Nlg_fmt_rate(t.tx_rate, o->bits, rtx, sizeof(rtx)));
	if (o->pf)
		printf(" %11s %11s %11s %11s", "", "", "", "");
	printf("  %s\n", pos ? names : "(none)");
}

static void print_row(const struct nlg_iface *it, const struct ifaces_opts *o, bool rates)
{
	char type[48], rx[24], tx[24], rrx[24], rtx[24], addrs[512], name[256];
	const char *state = nlg_iface_gone(it) ? "gone" :
			    nlg_oper_state_name(nlg_iface_oper_state(it));

	type_label(it, type, sizeof(type));
	addresses(it, addrs, sizeof(addrs));
	if (o->all_netns) {
		char ns[72], cell[14 * 4 + 1];
		if (nlg_iface_netns_name(it)[0])
			snprintf(ns, sizeof(ns), "%s", nlg_iface_netns_name(it));
		else if (nlg_iface_netns(it))
			snprintf(ns, sizeof(ns), "%llu", (unsigned long long)nlg_iface_netns(it));
		else
			snprintf(ns, sizeof(ns), "current");
		printf("%s ", Nlg_term_cell(ns, 14, false, cell, sizeof(cell)));
	}
	Nlg_fmt_bytes(nlg_iface_total(it, NLG_RX_BYTES), rx, sizeof(rx));
	Nlg_fmt_bytes(nlg_iface_total(it, NLG_TX_BYTES), tx, sizeof(tx));
	/* a name from another namespace may be long once escaped: never cut */
	int nw = Nlg_term_width(nlg_iface_name(it));
	printf("%s %-16s %-7s %10s %10s",
	       Nlg_term_cell(nlg_iface_name(it), nw > 15 ? nw : 15, false, name, sizeof(name)),
	       type, state, rx, tx);
	if (rates)
		printf(" %12s %12s",
		       Nlg_fmt_rate(nlg_iface_rate(it, NLG_RX_BYTES), o->bits, rrx, sizeof(rrx)),
		       Nlg_fmt_rate(nlg_iface_rate(it, NLG_TX_BYTES), o->bits, rtx, sizeof(rtx)));
	if (o->pf)
		print_pf(it);
	printf("  %s\n", addrs);
	print_problems(it);
	print_wifi(it);
}

static void print_table(const struct nlg_monitor *mon, const struct ifaces_opts *o)
{
	bool rates = o->watch;
	if (o->all_netns)
		printf("%-14s ", "NETNS");
	printf("%-15s %-16s %-7s %10s %10s", "IFACE", "TYPE", "STATE", "RX", "TX");
	if (rates)
		printf(" %12s %12s", "RX RATE", "TX RATE");
	if (o->pf)
		printf(" %11s %11s %11s %11s", "PF IN PASS", "IN BLOCK", "OUT PASS", "OUT BLOCK");
	printf("  %s\n", "ADDRESSES");
	for (size_t i = 0; i < nlg_iface_count(mon); i++) {
		const struct nlg_iface *it = nlg_iface_at(mon, i);
		if (selected(o, it))
			print_row(it, o, rates);
	}
	if (!o->only)
		print_total(mon, o, rates);
}

static void frame_header(bool tty)
{
	char when[32];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	if (tty)
		fputs("\033[H\033[2J", stdout);
	else
		putchar('\n');
	printf("netledger ifaces  %s  (Ctrl-C to quit)\n", when);
}

static int print_frame(const struct nlg_monitor *mon, const struct ifaces_opts *o, bool tty)
{
	if (o->json)
		return Nlg_cli_json_ifaces(mon, o->only);
	if (o->watch)
		frame_header(tty);
	print_table(mon, o);
	return 0;
}

static int sample(struct nlg_monitor *mon)
{
	int err = nlg_monitor_sample(mon);
	if (err < 0) {
		const char *detail = nlg_monitor_errmsg(mon);
		Nlg_cli_error("cannot read interfaces: %s", detail[0] ? detail : nlg_strerror(err));
	}
	return err;
}

/* Return: 0 when pf was read, else the exit status after saying why. */
static int check_pf(const struct nlg_monitor *mon)
{
	const char *why;
	int err = nlg_monitor_pf_status(mon, &why);
	if (err == 0)
		return NLG_EXIT_OK;
	Nlg_cli_error("--pf: %s", why);
	return err == -ENOTSUP ? NLG_EXIT_UNSUPPORTED : NLG_EXIT_RUNTIME;
}

static int run(struct nlg_monitor *mon, const struct ifaces_opts *o)
{
	bool tty = isatty(STDOUT_FILENO);
	int status;
	if (sample(mon) < 0)
		return NLG_EXIT_RUNTIME;
	if (o->pf && (status = check_pf(mon)) != NLG_EXIT_OK)
		return status;
	if (o->only && !nlg_iface_find(mon, o->only)) {
		Nlg_cli_error("no interface named '%s'", o->only);
		return NLG_EXIT_RUNTIME;
	}
	if (!o->watch)
		return print_frame(mon, o, tty) < 0 ? NLG_EXIT_RUNTIME : NLG_EXIT_OK;
	/* Every frame is one sample; the first has totals and no rates yet
	 * (its JSON says interval_s 0). */
	for (long n = 0;;) {
		if (print_frame(mon, o, tty) < 0)
			return NLG_EXIT_RUNTIME;
		fflush(stdout);
		if (o->count && ++n >= o->count)
			break;
		Nlg_sleep_ns(o->interval_ns);
		if (Nlg_stop_requested())
			break;
		if (sample(mon) < 0)
			return NLG_EXIT_RUNTIME;
	}
	return NLG_EXIT_OK;
}

int Nlg_cmd_ifaces(int argc, char **argv)
{
	struct ifaces_opts o;
	int r = parse_opts(argc, argv, &o);
	if (r != NLG_OPTS_GO)
		return r;
	if (o.json && Nlg_cli_json_usable() < 0)
		return NLG_EXIT_UNSUPPORTED;

	struct nlg_monitor *mon = nlg_monitor_new();
	if (!mon) {
		Nlg_cli_error("out of memory");
		return NLG_EXIT_RUNTIME;
	}
	nlg_monitor_set_link_source(mon, o.source);
	if (o.sysfs_root && nlg_monitor_set_sysfs_root(mon, o.sysfs_root) < 0) {
		Nlg_cli_error("out of memory");
		nlg_monitor_free(mon);
		return NLG_EXIT_RUNTIME;
	}
	nlg_monitor_set_all_netns_ifaces(mon, o.all_netns);
	Nlg_stop_on_signals();
	int status = run(mon, &o);
	nlg_monitor_free(mon);
	return status;
}
