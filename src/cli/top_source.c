/* SPDX-License-Identifier: MIT */
/* top_source.c - copies what netledger top shows out of the monitor into
 * the plain snapshot the row model reads, through the public API. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/sockview.h"
#include "cli/top.h"
#include "cli/wifi_fmt.h"

static uint64_t app_key(const struct nlg_app *a)
{
	enum nlg_app_kind kind = nlg_app_kind(a);
	uint64_t h = top_hash(TOP_HASH_SEED, "a", 1);
	h = top_hash(h, &kind, sizeof(kind));
	return top_hash(h, nlg_app_key(a), strlen(nlg_app_key(a)));
}

static uint64_t proc_key(const struct nlg_proc *p)
{
	int pid = nlg_proc_pid(p);
	uint64_t start = nlg_proc_start_ticks(p);
	uint64_t h = top_hash(TOP_HASH_SEED, "p", 1);
	h = top_hash(h, &pid, sizeof(pid));
	return top_hash(h, &start, sizeof(start));
}

static void fill_app(struct top_app_in *out, const struct nlg_app *a)
{
	out->key = app_key(a);
	snprintf(out->name, sizeof(out->name), "%s", nlg_app_name(a));
	out->f = (struct top_figures){
		.rx_rate = nlg_app_rx_rate(a), .tx_rate = nlg_app_tx_rate(a),
		.rx = nlg_app_rx_since_start(a), .tx = nlg_app_tx_since_start(a),
		.conns = nlg_app_conn_count(a), .unknown = nlg_app_has_unknown_bytes(a),
	};
}

static void fill_proc(struct top_proc_in *out, const struct nlg_proc *p)
{
	const struct nlg_app *a = nlg_proc_app(p);
	out->key = proc_key(p);
	out->app_key = a ? app_key(a) : 0;
	snprintf(out->name, sizeof(out->name), "%d %s", nlg_proc_pid(p), nlg_proc_name(p));
	out->f = (struct top_figures){
		.rx_rate = nlg_proc_rx_rate(p), .tx_rate = nlg_proc_tx_rate(p),
		.rx = nlg_proc_rx_since_start(p), .tx = nlg_proc_tx_since_start(p),
		.conns = nlg_proc_conn_count(p), .unknown = nlg_proc_has_unknown_bytes(p),
	};
}

/* proc_key() of the last processes seen: the connections of one process
 * are many, and the key is a hash of its identity. */
struct proc_keys {
	const struct nlg_proc *p[16];
	uint64_t key[16];
};

static uint64_t proc_key_cached(struct proc_keys *k, const struct nlg_proc *p)
{
	size_t i = ((uintptr_t)p >> 6) % 16;
	if (k->p[i] != p) {
		k->p[i] = p;
		k->key[i] = proc_key(p);
	}
	return k->key[i];
}

/* The figures and keys of a connection; its text (fill_conn_text) only
 * when a view shows it. Every field is written: out may be reused. */
static void fill_conn(struct top_conn_in *out, const struct nlg_conn *c, struct proc_keys *k)
{
	const struct nlg_proc *p = nlg_conn_proc(c, NULL);
	bool known = nlg_conn_has_bytes(c);
	out->key = nlg_conn_cookie(c);
	out->proc_key = p ? proc_key_cached(k, p) : 0;
	out->name[0] = out->remote_str[0] = out->state[0] = '\0';
	out->remote = *nlg_conn_remote(c);
	out->closed = nlg_conn_state(c) == NLG_CONN_CLOSED;
	out->f = (struct top_figures){
		.rx_rate = known ? nlg_conn_rx_rate(c) : 0, .tx_rate = known ? nlg_conn_tx_rate(c) : 0,
		.rx = nlg_conn_rx_since_start(c), .tx = nlg_conn_tx_since_start(c),
		.conns = 1, .unknown = !known,
	};
}

static void fill_conn_text(struct top_conn_in *out, const struct nlg_conn *c)
{
	char owner[TOP_NAME_MAX];
	snprintf(out->name, sizeof(out->name), "%s %s", Nlg_proto_str(c),
		 Nlg_owner_str(c, owner, sizeof(owner)));
	Nlg_endpoint_str(&out->remote, out->remote_str, sizeof(out->remote_str));
	snprintf(out->state, sizeof(out->state), "%s", nlg_conn_state_label(c));
}

static void fill_iface(struct top_iface_in *out, const struct nlg_iface *i)
{
	snprintf(out->name, sizeof(out->name), "%s%s", nlg_iface_name(i),
		 nlg_iface_gone(i) ? " (gone)" : "");
	out->f = (struct top_figures){
		.rx_rate = nlg_iface_rate(i, NLG_RX_BYTES), .tx_rate = nlg_iface_rate(i, NLG_TX_BYTES),
		.rx = nlg_iface_since_start(i, NLG_RX_BYTES),
		.tx = nlg_iface_since_start(i, NLG_TX_BYTES),
	};
	struct nlg_wifi w;
	if (nlg_iface_wifi(i, &w) == 0)
		Nlg_fmt_wifi_short(&w, out->link, sizeof(out->link));
}

/* Return: a zeroed array of n elements (at least one), or NULL. */
static void *alloc_n(size_t n, size_t size)
{
	return calloc(n ? n : 1, size);
}

static void snapshot_free(struct top_snapshot *s)
{
	free(s->apps);
	free(s->procs);
	free(s->conns);
	free(s->ifaces);
	*s = (struct top_snapshot){ 0 };
}

/* The connections take most of a snapshot (20 000 at 10 000 loopback
 * connections): their array is kept from one sample to the next (the
 * spare), not allocated and zeroed again. Return: 0 or -ENOMEM. */
static int conns_alloc(struct top_ui *ui, struct top_snapshot *s)
{
	size_t n = s->nconns ? s->nconns : 1;
	if (ui->spare_cap < n) {
		free(ui->spare);
		ui->spare = NULL;
		ui->spare_cap = 0;
		s->conns = malloc(n * sizeof(*s->conns));
		s->conns_cap = n;
		return s->conns ? 0 : -ENOMEM;
	}
	s->conns = ui->spare;
	s->conns_cap = ui->spare_cap;
	ui->spare = NULL;
	ui->spare_cap = 0;
	return 0;
}

static int snapshot_take(struct top_ui *ui, struct top_snapshot *s, const struct nlg_monitor *mon)
{
	struct proc_keys keys = { 0 };
	s->napps = nlg_app_count(mon);
	s->nprocs = nlg_proc_count(mon);
	s->nconns = nlg_conn_count(mon);
	s->nifaces = nlg_iface_count(mon);
	s->apps = alloc_n(s->napps, sizeof(*s->apps));
	s->procs = alloc_n(s->nprocs, sizeof(*s->procs));
	s->ifaces = alloc_n(s->nifaces, sizeof(*s->ifaces));
	if (conns_alloc(ui, s) < 0 || !s->apps || !s->procs || !s->ifaces)
		return -ENOMEM;
	for (size_t i = 0; i < s->napps; i++)
		fill_app(&s->apps[i], nlg_app_at(mon, i));
	for (size_t i = 0; i < s->nprocs; i++)
		fill_proc(&s->procs[i], nlg_proc_at(mon, i));
	for (size_t i = 0; i < s->nconns; i++) {
		fill_conn(&s->conns[i], nlg_conn_at(mon, i), &keys);
		/* a closed one's text goes on in its host's row */
		if (s->conns[i].closed)
			fill_conn_text(&s->conns[i], nlg_conn_at(mon, i));
	}
	for (size_t i = 0; i < s->nifaces; i++)
		fill_iface(&s->ifaces[i], nlg_iface_at(mon, i));
	return 0;
}

/* Frees s, keeping its connections' array as the spare. */
static void snapshot_retire(struct top_ui *ui, struct top_snapshot *s)
{
	if (s->conns && s->conns_cap > ui->spare_cap) {
		free(ui->spare);
		ui->spare = s->conns;
		ui->spare_cap = s->conns_cap;
		s->conns = NULL;
	}
	snapshot_free(s);
}

void top_hist_push(struct top_hist *h, double rate, uint64_t when_ns)
{
	size_t at = (h->head + h->n) % TOP_HIST_MAX;
	h->rate[at] = rate;
	h->when_ns[at] = when_ns;
	if (h->n < TOP_HIST_MAX)
		h->n++;
	else
		h->head = (h->head + 1) % TOP_HIST_MAX;
}

/* Total traffic of the interval: the interfaces' wire bytes as the
 * attribution counts them (bridge and bond ports once), else every
 * interface's rate. */
static double total_rate(const struct top_ui *ui)
{
	double sum = 0, secs = (double)ui->interval_ns / 1e9;
	if (ui->have_at)
		return secs > 0 ? (double)(ui->at.wire_rx + ui->at.wire_tx) / secs : 0;
	for (size_t i = 0; i < ui->snap.nifaces; i++)
		sum += ui->snap.ifaces[i].f.rx_rate + ui->snap.ifaces[i].f.tx_rate;
	return sum;
}

int top_source_update(struct top_ui *ui, const struct nlg_monitor *mon)
{
	struct top_snapshot s = { 0 };
	if (snapshot_take(ui, &s, mon) < 0) {
		snapshot_retire(ui, &s);
		return -ENOMEM;
	}
	/* A connection is listed closed in one sample only: its final bytes
	 * move to its host's closed total then. */
	for (size_t i = 0; i < s.nconns; i++)
		if (s.conns[i].closed && top_closed_add(&ui->closed, &s.conns[i]) < 0) {
			snapshot_retire(ui, &s);
			return -ENOMEM;
		}
	s.closed = ui->closed.v;
	s.nclosed = ui->closed.n;
	snapshot_retire(ui, &ui->snap);
	ui->snap = s;
	ui->mon = mon;
	ui->conn_text_pending = true;
	ui->have_at = nlg_monitor_attribution(mon, &ui->at) == 0;
	ui->closures = nlg_monitor_closures_visible(mon);
	struct nlg_sampling_stats st;
	nlg_monitor_sampling_stats(mon, &st);
	ui->incremental = st.incremental;
	ui->lost_sock = nlg_monitor_lost_sock_events(mon);
	ui->lost_link = nlg_monitor_lost_link_events(mon);
	ui->interval_ns = nlg_monitor_interval_ns(mon);
	ui->samples = nlg_monitor_sample_count(mon);
	ui->elapsed_ns += ui->interval_ns;
	if (ui->interval_ns)
		top_hist_push(&ui->hist, total_rate(ui), ui->elapsed_ns);
	return 0;
}

void top_source_done(struct top_ui *ui)
{
	snapshot_free(&ui->snap);
	free(ui->spare);
	ui->spare = NULL;
	ui->spare_cap = 0;
	top_rows_done(&ui->rows);
	top_closed_done(&ui->closed);
}

/* Return: true when the rows of ui's view read the connections' text:
 * the connections and hosts views, and processes expanded to theirs. */
static bool needs_conn_text(const struct top_ui *ui)
{
	return ui->view == TOP_VIEW_CONNS || ui->view == TOP_VIEW_HOSTS || ui->nexpanded > 0;
}

/* Formats the connections' text of the snapshot, once per sample and only
 * for a view that shows it: at 10 000 connections the text costs more
 * than the sample. The snapshot's connections are the monitor's, in the
 * same order, until its next sample. */
static void conn_text(struct top_ui *ui)
{
	if (!ui->conn_text_pending || !ui->mon || !needs_conn_text(ui))
		return;
	for (size_t i = 0; i < ui->snap.nconns; i++)
		if (!ui->snap.conns[i].closed)
			fill_conn_text(&ui->snap.conns[i], nlg_conn_at(ui->mon, i));
	ui->conn_text_pending = false;
}

int top_ui_rebuild(struct top_ui *ui)
{
	conn_text(ui);
	struct top_query q = {
		.view = ui->view, .sort = ui->sort, .reverse = ui->reverse, .filter = ui->filter,
		.expanded = ui->expanded, .nexpanded = ui->nexpanded,
		.host_name = ui->host_name, .host_ctx = ui->host_ctx,
	};
	int err = top_model_build(&ui->snap, &q, &ui->rows);
	if (err)
		return err;
	size_t i;
	for (i = 0; i < ui->rows.n && ui->rows.v[i].key != ui->sel_key; i++)
		;
	if (i < ui->rows.n)
		ui->sel = i;
	else if (ui->sel >= ui->rows.n)
		ui->sel = ui->rows.n ? ui->rows.n - 1 : 0;
	if (ui->rows.n)
		ui->sel_key = ui->rows.v[ui->sel].key;
	return 0;
}
