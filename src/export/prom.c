/* SPDX-License-Identifier: MIT */
/* prom.c - a monitor's interfaces, apps, connections and the daemon's
 * health in the Prometheus text format. */
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "export/prom.h"
#include "export/prom_int.h"

struct Nlg_prom {
	struct Nlg_prom_apps apps;
	struct Nlg_prom_ifaces ifaces;
};

struct Nlg_prom *Nlg_prom_new(unsigned top_apps)
{
	struct Nlg_prom *p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->apps.top = top_apps;
	Nlg_prom_ifaces_init(&p->ifaces);
	return p;
}

void Nlg_prom_free(struct Nlg_prom *p)
{
	if (!p)
		return;
	Nlg_prom_apps_done(&p->apps);
	Nlg_prom_ifaces_done(&p->ifaces);
	free(p);
}

static int apps_update(struct Nlg_prom *p, const struct nlg_monitor *mon)
{
	size_t n = nlg_app_count(mon);
	struct Nlg_prom_app_in *in = calloc(n ? n : 1, sizeof(*in));
	if (!in)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		const struct nlg_app *a = nlg_app_at(mon, i);
		in[i] = (struct Nlg_prom_app_in){ nlg_app_key(a), nlg_app_rx_since_start(a), nlg_app_tx_since_start(a) };
	}
	int err = Nlg_prom_apps_update(&p->apps, in, n);
	free(in);
	return err;
}

/* The key keeps two apps shown by one name apart (two scripts run.py). */
static void app_sample(struct Nlg_prom_buf *b, const char *family, const char *app,
		       const char *kind, const char *key, uint64_t v)
{
	struct Nlg_prom_label l[] = { { "app", app }, { "kind", kind }, { "key", key } };
	Nlg_prom_sample_u64(b, family, l, key ? 3 : 2, v);
}

/* One app family: the top apps, then "other" (dir 0 rx, 1 tx, 2 conns). */
static void render_app_family(struct Nlg_prom_buf *b, const struct Nlg_prom *p,
			      const struct nlg_monitor *mon, const char *family, int dir)
{
	uint64_t other_conns = 0;
	for (size_t i = 0; i < p->apps.n; i++) {
		const struct nlg_app *a = nlg_app_at(mon, i);
		uint64_t rx, tx;
		if (!Nlg_prom_apps_series(&p->apps, i, &rx, &tx)) {
			other_conns += nlg_app_conn_count(a);
			continue;
		}
		uint64_t v = dir == 0 ? rx : dir == 1 ? tx : nlg_app_conn_count(a);
		app_sample(b, family, nlg_app_name(a), nlg_app_kind_name(nlg_app_kind(a)),
			   nlg_app_key(a), v);
	}
	uint64_t v = dir == 0 ? p->apps.other_rx : dir == 1 ? p->apps.other_tx : other_conns;
	app_sample(b, family, "other", "other", NULL, v);
}

static void render_apps(struct Nlg_prom_buf *b, const struct Nlg_prom *p,
			const struct nlg_monitor *mon)
{
	Nlg_prom_family(b, "netledger_app_receive_bytes_total", "counter",
			"Payload bytes received by the app's TCP sockets, for the top apps by "
			"bytes; app=\"other\" counts the rest and never decreases");
	render_app_family(b, p, mon, "netledger_app_receive_bytes_total", 0);
	Nlg_prom_family(b, "netledger_app_transmit_bytes_total", "counter",
			"Payload bytes sent (acknowledged) by the app's TCP sockets, for the top "
			"apps by bytes; app=\"other\" counts the rest and never decreases");
	render_app_family(b, p, mon, "netledger_app_transmit_bytes_total", 1);
	Nlg_prom_family(b, "netledger_app_connections", "gauge",
			"Open TCP and UDP sockets of the app (app=\"other\": of the rest)");
	render_app_family(b, p, mon, "netledger_app_connections", 2);
}

/* Open connections by protocol and state. */
#define MAX_STATES 32

struct conn_count {
	const char *proto, *state;
	uint64_t n;
};

static bool same_label(const char *a, const char *b)
{
	return a == b || !strcmp(a, b);
}

static void render_conns(struct Nlg_prom_buf *b, const struct nlg_monitor *mon)
{
	struct conn_count cc[MAX_STATES];
	size_t ncc = 0, last = 0;
	for (size_t i = 0; i < nlg_conn_count(mon); i++) {
		const struct nlg_conn *c = nlg_conn_at(mon, i);
		if (!c || nlg_conn_closed(c))
			continue;
		const char *proto = nlg_conn_proto(c) == IPPROTO_TCP ? "tcp" : "udp";
		const char *state = nlg_conn_state_label(c);
		/* Most sockets share the last one's state: tried first. */
		size_t j = last < ncc && same_label(cc[last].proto, proto) &&
				   same_label(cc[last].state, state) ? last : 0;
		while (j < ncc && (!same_label(cc[j].proto, proto) || !same_label(cc[j].state, state)))
			j++;
		last = j;
		if (j == ncc && ncc == MAX_STATES)
			continue;
		if (j == ncc)
			cc[ncc++] = (struct conn_count){ proto, state, 0 };
		cc[j].n++;
	}
	Nlg_prom_family(b, "netledger_connections", "gauge",
			"Open sockets by protocol and state, at the last sample");
	for (size_t j = 0; j < ncc; j++) {
		struct Nlg_prom_label l[] = { { "protocol", cc[j].proto }, { "state", cc[j].state } };
		Nlg_prom_sample_u64(b, "netledger_connections", l, 2, cc[j].n);
	}
}

static void counter1(struct Nlg_prom_buf *b, const char *name, const char *help, uint64_t v)
{
	Nlg_prom_family(b, name, "counter", help);
	Nlg_prom_sample_u64(b, name, NULL, 0, v);
}

static void gauge1(struct Nlg_prom_buf *b, const char *name, const char *help, double v)
{
	Nlg_prom_family(b, name, "gauge", help);
	Nlg_prom_sample_f64(b, name, NULL, 0, v);
}

/* Incremental sampling: its checks against a full dump, and their findings. */
static void sampling(struct Nlg_prom_buf *b, const struct nlg_monitor *mon)
{
	struct nlg_sampling_stats st;
	nlg_monitor_sampling_stats(mon, &st);
	gauge1(b, "netledger_sampling_incremental",
	       "1 when samples read only the sockets that changed (eBPF notices)",
	       st.incremental ? 1 : 0);
	counter1(b, "netledger_sampling_full_dumps_total",
		 "Full socket dumps: the first, after lost notices, and each check",
		 st.full_dumps);
	counter1(b, "netledger_sampling_reconciles_total",
		 "Periodic checks of the incremental view against a full dump", st.reconciles);
	counter1(b, "netledger_sampling_differences_total",
		 "Sockets those checks found wrong in the incremental view (0 when right)",
		 st.differences);
	counter1(b, "netledger_sampling_lost_notices_total",
		 "Change notices the kernel dropped (eBPF ring buffer full)", st.lost_notices);
}

static void render_health(struct Nlg_prom_buf *b, const struct nlg_monitor *mon,
			  const struct Nlg_prom_health *h)
{
	uint64_t samples = h ? h->samples : nlg_monitor_sample_count(mon);
	counter1(b, "netledger_samples_total", "Samples taken of the kernel's counters", samples);
	if (h) {
		Nlg_prom_family(b, "netledger_sample_duration_seconds", "summary",
				"Time taken by samples");
		Nlg_prom_sample_f64(b, "netledger_sample_duration_seconds_sum", NULL, 0,
				    h->sample_seconds_sum);
		Nlg_prom_sample_u64(b, "netledger_sample_duration_seconds_count", NULL, 0,
				    h->samples);
		gauge1(b, "netledger_last_sample_duration_seconds", "Time the last sample took",
		       h->last_sample_seconds);
	}
	counter1(b, "netledger_lost_socket_events_total",
		 "Socket-destroy events the kernel dropped (receive buffer full)",
		 nlg_monitor_lost_sock_events(mon));
	counter1(b, "netledger_lost_link_events_total",
		 "Link events the kernel could not deliver (receive buffer full)",
		 nlg_monitor_lost_link_events(mon));
	gauge1(b, "netledger_ebpf_active",
	       "1 when the eBPF socket counter runs (app bytes are then IP bytes)",
	       nlg_monitor_ebpf_active(mon) ? 1 : 0);
	counter1(b, "netledger_ebpf_overflow_packets_total",
		 "Packets the eBPF socket counter had no room to give to a socket",
		 nlg_monitor_ebpf_overflow(mon));
	sampling(b, mon);
	if (h) {
		counter1(b, "netledger_database_flushes_total",
			 "Transactions written to the history database", h->db_flushes);
		counter1(b, "netledger_database_write_errors_total",
			 "Writes to the history database that failed", h->db_write_errors);
		gauge1(b, "process_start_time_seconds",
		       "Start time of the process since the Unix epoch in seconds", h->start_time);
	}
	Nlg_prom_family(b, "netledger_build_info", "gauge",
			"Constant 1, labelled with the library's version");
	struct Nlg_prom_label l = { "version", nlg_version() };
	Nlg_prom_sample_u64(b, "netledger_build_info", &l, 1, 1);
}

static bool sockets_watched(const struct nlg_monitor *mon)
{
	struct nlg_attribution a;
	return nlg_monitor_attribution(mon, &a) == 0;
}

int Nlg_prom_render_with(struct Nlg_prom *p, const struct nlg_monitor *mon,
			 const struct Nlg_prom_health *h, char **text, size_t *len)
{
	struct Nlg_prom_buf b = { 0 };
	bool socks = sockets_watched(mon);
	int err = Nlg_prom_ifaces_render(&p->ifaces, mon, &b);
	if (!err) {
		Nlg_prom_wifi_render(mon, &b);
		Nlg_prom_totals_render(mon, &b);
	}
	if (!err && socks)
		err = apps_update(p, mon);
	if (!err && socks) {
		render_apps(&b, p, mon);
		render_conns(&b, mon);
	}
	if (!err) {
		render_health(&b, mon, h);
		Nlg_prom_buf_printf(&b, "%s", "");
		if (b.oom)
			err = -ENOMEM;
	}
	if (err) {
		free(b.p);
		return err;
	}
	*text = b.p;
	*len = b.len;
	return 0;
}

int Nlg_prom_render(const struct nlg_monitor *mon, const struct Nlg_prom_health *h,
		    unsigned top_apps, char **text, size_t *len)
{
	struct Nlg_prom *p = Nlg_prom_new(top_apps);
	if (!p)
		return -ENOMEM;
	int err = Nlg_prom_render_with(p, mon, h, text, len);
	Nlg_prom_free(p);
	return err;
}
