/* SPDX-License-Identifier: MIT */
/* cmd_apps.c - netledger apps: traffic per app, process, cgroup or user. */
#include <stddef.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/opts.h"
#include "cli/sockview.h"
#include "cli/json_out.h"
#include "export/termtext.h"

enum group_by { BY_APP, BY_PROCESS, BY_CGROUP, BY_USER };

struct apps_opts {
	enum nlg_ebpf_mode ebpf;
	enum group_by by;
	bool watch;
	uint64_t interval_ns;
	uint64_t linger_ns;
	long count;
	bool json;
	bool bits;
};

static const char *const bys[] = { "app", "process", "cgroup", "user", NULL };

static const struct Nlg_cmd_opts command = {
	.name = "apps",
	.opts = (const struct Nlg_opt[]){
		{ "group-by", 'g', NLG_OPT_CHOICE, "BY", "app (default), process, cgroup or user",
		  offsetof(struct apps_opts, by), .choices = bys },
		NLG_OPTE_WATCH(struct apps_opts, watch, interval_ns, "refresh every SECONDS (default 1)"),
		NLG_OPTE_COUNT(struct apps_opts, count, "with --watch: stop after N refreshes"),
		NLG_OPTE_JSON(struct apps_opts, json, "JSON (one object per refresh)"),
		NLG_OPTE_BITS(struct apps_opts, bits, 'b'),
		NLG_OPTE_LIVE(struct apps_opts, ebpf, linger_ns),
		NLG_OPTE_END,
	},
	.about = "Payload bytes per app (processes folded into the service, container or\n"
		 "program that owns them) since the start, with rates, plus the traffic no\n"
		 "socket explains. Without --watch, measures over one interval.\n\n",
};

static void add_to(struct Nlg_cli_group *r, const struct nlg_proc *p)
{
	r->procs++;
	r->conns += nlg_proc_conn_count(p);
	r->rx += nlg_proc_rx_since_start(p);
	r->tx += nlg_proc_tx_since_start(p);
	r->rx_rate += nlg_proc_rx_rate(p);
	r->tx_rate += nlg_proc_tx_rate(p);
	r->unknown |= nlg_proc_has_unknown_bytes(p);
}

static void proc_key(const struct nlg_proc *p, enum group_by by, char *buf, size_t size)
{
	if (by == BY_PROCESS) {
		snprintf(buf, size, "%s[%d]", nlg_proc_name(p), nlg_proc_pid(p));
	} else if (by == BY_CGROUP) {
		snprintf(buf, size, "%s", nlg_proc_cgroup(p)[0] ? nlg_proc_cgroup(p) : "?");
	} else {
		struct passwd *pw = getpwuid(nlg_proc_uid(p));
		if (pw)
			snprintf(buf, size, "%s", pw->pw_name);
		else
			snprintf(buf, size, "%u", nlg_proc_uid(p));
	}
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct Nlg_cli_group *)a)->name, ((const struct Nlg_cli_group *)b)->name);
}

static void merge_into(struct Nlg_cli_group *to, const struct Nlg_cli_group *from)
{
	to->procs += from->procs;
	to->conns += from->conns;
	to->rx += from->rx;
	to->tx += from->tx;
	to->rx_rate += from->rx_rate;
	to->tx_rate += from->tx_rate;
	to->unknown |= from->unknown;
}

/* Return: the rows of the chosen grouping (malloc'd), or NULL. */
static struct Nlg_cli_group *group(const struct nlg_monitor *mon, enum group_by by, size_t *nrows)
{
	size_t cap = nlg_app_count(mon) + nlg_proc_count(mon) + 1, n = 0;
	struct Nlg_cli_group *rows = calloc(cap, sizeof(*rows));
	if (!rows)
		return NULL;
	for (size_t i = 0; i < nlg_app_count(mon); i++) {
		const struct nlg_app *a = nlg_app_at(mon, i);
		if (by != BY_APP && nlg_app_kind(a) != NLG_APP_UNATTRIBUTED)
			continue;
		struct Nlg_cli_group *r = &rows[n++];
		snprintf(r->name, sizeof(r->name), "%s", nlg_app_name(a));
		r->kind = nlg_app_kind_name(nlg_app_kind(a));
		r->key = nlg_app_key(a);
		r->procs = nlg_app_proc_count(a);
		r->conns = nlg_app_conn_count(a);
		r->rx = nlg_app_rx_since_start(a);
		r->tx = nlg_app_tx_since_start(a);
		r->rx_rate = nlg_app_rx_rate(a);
		r->tx_rate = nlg_app_tx_rate(a);
		r->unknown = nlg_app_has_unknown_bytes(a);
		r->app = a;
	}
	/* One row per process, sorted by key, then runs of one key merged:
	 * no scan of the rows per process. */
	size_t first = n;
	for (size_t i = 0; by != BY_APP && i < nlg_proc_count(mon); i++) {
		const struct nlg_proc *p = nlg_proc_at(mon, i);
		proc_key(p, by, rows[n].name, sizeof(rows[n].name));
		rows[n].kind = by == BY_PROCESS ? "process" : by == BY_CGROUP ? "cgroup" : "user";
		add_to(&rows[n++], p);
	}
	qsort(rows + first, n - first, sizeof(*rows), cmp_name);
	size_t k = first;
	for (size_t i = first; i < n; i++) {
		if (k > first && !strcmp(rows[k - 1].name, rows[i].name)) {
			merge_into(&rows[k - 1], &rows[i]);
			continue;
		}
		rows[k++] = rows[i];
	}
	n = k;
	*nrows = n;
	return rows;
}

static int by_traffic(const void *a, const void *b)
{
	const struct Nlg_cli_group *x = a, *y = b;
	double rx = x->rx_rate + x->tx_rate, ry = y->rx_rate + y->tx_rate;
	if (rx != ry)
		return rx < ry ? 1 : -1;
	uint64_t tx = x->rx + x->tx, ty = y->rx + y->tx;
	return (tx < ty) - (tx > ty);
}

static void print_table(const struct nlg_monitor *mon, const struct apps_opts *o,
			struct Nlg_cli_group *rows, size_t n)
{
	char a[24], b[24], c[24], d[24], ns[64], name[36 * 4 + 1];
	struct nlg_attribution at;
	printf("%s\n", Nlg_sockview_netns_line(mon, ns, sizeof(ns)));
	printf("%-36s %-12s %5s %5s %10s %10s %12s %12s\n", "NAME", "KIND", "PROCS", "CONNS",
	       "RX", "TX", "RX RATE", "TX RATE");
	for (size_t i = 0; i < n; i++) {
		struct Nlg_cli_group *r = &rows[i];
		printf("%s %-12s %5zu %5zu %10s %10s %12s %12s%s\n",
		       Nlg_term_cell(r->name, 36, false, name, sizeof(name)), r->kind, r->procs,
		       r->conns, Nlg_fmt_bytes(r->rx, a, sizeof(a)), Nlg_fmt_bytes(r->tx, b, sizeof(b)),
		       Nlg_fmt_rate(r->rx_rate, o->bits, c, sizeof(c)),
		       Nlg_fmt_rate(r->tx_rate, o->bits, d, sizeof(d)),
		       r->unknown ? "  +UDP bytes unknown" : "");
	}
	if (nlg_monitor_attribution(mon, &at) == 0) {
		printf("interfaces (wire, headers included): rx %s tx %s; sockets (payload): rx %s tx %s\n",
		       Nlg_fmt_bytes(at.total_wire_rx, a, sizeof(a)), Nlg_fmt_bytes(at.total_wire_tx, b, sizeof(b)),
		       Nlg_fmt_bytes(at.total_payload_rx, c, sizeof(c)),
		       Nlg_fmt_bytes(at.total_payload_tx, d, sizeof(d)));
		printf("unattributed this interval: rx %s tx %s; coverage rx %.1f%% tx %.1f%%\n",
		       Nlg_fmt_bytes(at.unattributed_rx, a, sizeof(a)),
		       Nlg_fmt_bytes(at.unattributed_tx, b, sizeof(b)), at.coverage_rx * 100,
		       at.coverage_tx * 100);
		printf("unattributed in all: rx %s tx %s; forwarded (counted once): %s\n",
		       Nlg_fmt_bytes(at.total_unattributed_rx, a, sizeof(a)),
		       Nlg_fmt_bytes(at.total_unattributed_tx, b, sizeof(b)),
		       Nlg_fmt_bytes(at.total_forwarded, c, sizeof(c)));
	}
}

static int print_frame(const struct nlg_monitor *mon, const struct apps_opts *o)
{
	size_t n;
	struct Nlg_cli_group *rows = group(mon, o->by, &n);
	if (!rows) {
		Nlg_cli_error("out of memory");
		return -1;
	}
	qsort(rows, n, sizeof(*rows), by_traffic);
	int err = 0;
	if (o->json)
		err = Nlg_cli_json_groups(mon, rows, n, o->by == BY_PROCESS);
	else {
		if (o->watch)
			printf(isatty(1) ? "\033[H\033[2J" : "\n");
		print_table(mon, o, rows, n);
	}
	free(rows);
	fflush(stdout);
	return err;
}

int Nlg_cmd_apps(int argc, char **argv)
{
	struct apps_opts o = { .interval_ns = 1000000000ull, .ebpf = NLG_EBPF_AUTO,
				.linger_ns = NLG_DEFAULT_LINGER_NS };
	struct nlg_monitor *mon;
	int r = Nlg_sockview_begin(&command, argc, argv, &o, &o.json, &o.ebpf, &mon);
	if (r != NLG_OPTS_GO)
		return r;
	nlg_monitor_set_linger(mon, o.linger_ns);
	Nlg_stop_on_signals();
	int status = NLG_EXIT_OK;
	long frames = o.watch ? o.count : 1;
	for (long n = 0; !frames || n < frames; n++) {
		Nlg_sleep_ns(o.interval_ns);
		if (Nlg_stop_requested())
			break;
		if (Nlg_sockview_sample(mon) < 0 || print_frame(mon, &o) < 0) {
			status = NLG_EXIT_RUNTIME;
			break;
		}
	}
	nlg_monitor_free(mon);
	return status;
}
