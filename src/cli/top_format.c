/* SPDX-License-Identifier: MIT */
/* top_format.c - the text of every line of netledger top, the same for
 * the screen and for --batch frames. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/top.h"
#include "export/termtext.h"

#define RATE_W 13
#define TOTAL_W 11
#define CONNS_W 6
#define STATE_W 11

/* ---- columns ---- */

static void add_col(struct top_layout *l, enum top_sort sort, int width, bool right)
{
	l->col[l->ncols++] = (struct top_col_span){ .sort = sort, .width = width, .right = right };
}

static int min_flex(enum top_view v)
{
	return v == TOP_VIEW_CONNS ? 34 : v == TOP_VIEW_HOSTS ? 30 : 16;
}

/* The byte columns: both pairs when they leave room for the names. */
static void add_byte_cols(const struct top_ui *ui, int width, int fixed, struct top_layout *l)
{
	bool rates = ui->cols != TOP_COLS_TOTALS, totals = ui->cols != TOP_COLS_RATES;
	if (ui->cols == TOP_COLS_BOTH && width - fixed - 2 * (RATE_W + TOTAL_W + 2) < min_flex(ui->view))
		totals = false;
	if (rates) {
		add_col(l, TOP_SORT_RX_RATE, RATE_W, true);
		add_col(l, TOP_SORT_TX_RATE, RATE_W, true);
	}
	if (totals) {
		add_col(l, TOP_SORT_RX_TOTAL, TOTAL_W, true);
		add_col(l, TOP_SORT_TX_TOTAL, TOTAL_W, true);
	}
}

/* Return: true when an interface has a wireless link to show. */
static bool any_link(const struct top_ui *ui)
{
	for (size_t i = 0; i < ui->snap.nifaces; i++)
		if (ui->snap.ifaces[i].link[0])
			return true;
	return false;
}

void top_layout_make(const struct top_ui *ui, int width, struct top_layout *l)
{
	enum top_view v = ui->view;
	bool conns = v == TOP_VIEW_APPS || v == TOP_VIEW_PROCS || v == TOP_VIEW_HOSTS;
	int fixed = (conns ? CONNS_W + 1 : 0) + (v == TOP_VIEW_CONNS ? STATE_W + 1 : 0);
	*l = (struct top_layout){ 0 };
	add_col(l, TOP_SORT_NAME, 0, false);
	if (v == TOP_VIEW_CONNS || v == TOP_VIEW_HOSTS || (v == TOP_VIEW_IFACES && any_link(ui)))
		add_col(l, TOP_SORT_REMOTE, 0, false);
	if (v == TOP_VIEW_CONNS)
		add_col(l, TOP_SORT_STATE, STATE_W, false);
	add_byte_cols(ui, width, fixed, l);
	if (conns)
		add_col(l, TOP_SORT_CONNS, CONNS_W, true);
	/* the names take what is left, the remote side at most 40 columns */
	int used = 0, flex = 0;
	for (int i = 0; i < l->ncols; i++)
		used += l->col[i].width + (i ? 1 : 0);
	flex = width - used - (l->col[1].sort == TOP_SORT_REMOTE ? 1 : 0);
	if (flex < 8)
		flex = 8;
	if (l->col[1].sort == TOP_SORT_REMOTE && v == TOP_VIEW_IFACES) {
		/* interface names are short (15 at most): the link takes the rest */
		l->col[0].width = flex < 34 ? flex / 2 : 16;
		l->col[1].width = flex - l->col[0].width;
	} else if (l->col[1].sort == TOP_SORT_REMOTE) {
		int remote = flex * 45 / 100;
		l->col[1].width = remote > 40 ? 40 : remote;
		l->col[0].width = flex - l->col[1].width;
	} else {
		l->col[0].width = flex;
	}
	for (int i = 1; i < l->ncols; i++)
		l->col[i].x = l->col[i - 1].x + l->col[i - 1].width + 1;
}

int top_layout_hit(const struct top_layout *l, int x)
{
	for (int i = 0; i < l->ncols; i++)
		if (x >= l->col[i].x && x < l->col[i].x + l->col[i].width + 1)
			return (int)l->col[i].sort;
	return -1;
}

/* ---- cells ---- */

/* A line built cell by cell, in display columns (a name may take more
 * bytes than columns, or be escaped). */
struct line {
	char *buf;
	size_t size, len;
	int col;
};

static void line_start(struct line *ln, char *buf, int width)
{
	*ln = (struct line){ .buf = buf, .size = TOP_LINE_SIZE(width > 0 ? width : 0) };
	buf[0] = '\0';
}

/* Appends s rendered at the column, clipped, padded or right-aligned. */
static void put_cell(struct line *ln, const struct top_col_span *c, const char *s)
{
	while (ln->col < c->x && ln->len + 1 < ln->size) {
		ln->buf[ln->len++] = ' ';
		ln->col++;
	}
	ln->buf[ln->len] = '\0';
	Nlg_term_cell(s, c->width, c->right, ln->buf + ln->len, ln->size - ln->len);
	ln->len += strlen(ln->buf + ln->len);
	ln->col += c->width;
}

static const char *cell_rate(const struct top_ui *ui, double v, const struct top_figures *f,
			     char *buf, size_t size)
{
	if (f->unknown && v == 0)
		return "unknown";
	Nlg_fmt_rate(v, ui->bits, buf, size);
	if (f->unknown)
		strncat(buf, "+", size - strlen(buf) - 1);
	return buf;
}

static const char *cell_bytes(uint64_t v, const struct top_figures *f, char *buf, size_t size)
{
	if (f->unknown && v == 0)
		return "unknown";
	Nlg_fmt_bytes(v, buf, size);
	if (f->unknown)
		strncat(buf, "+", size - strlen(buf) - 1);
	return buf;
}

static const char *name_header(enum top_view v)
{
	static const char *const names[TOP_VIEW_COUNT] = {
		"APP", "PROCESS", "CONNECTION", "HOST", "INTERFACE",
	};
	return names[v];
}

/* Trims the trailing blanks of a formatted line. Return: buf. */
static char *trim(char *buf)
{
	size_t n = strlen(buf);
	while (n && buf[n - 1] == ' ')
		buf[--n] = 0;
	return buf;
}

char *top_fmt_colhdr(const struct top_ui *ui, const struct top_layout *l, char *buf, int width)
{
	char label[32];
	struct line ln;
	line_start(&ln, buf, width);
	for (int i = 0; i < l->ncols; i++) {
		const struct top_col_span *c = &l->col[i];
		const char *name = c->sort == TOP_SORT_NAME ? name_header(ui->view) :
				   c->sort == TOP_SORT_REMOTE && ui->view == TOP_VIEW_HOSTS ?
				   "ADDRESS" : c->sort == TOP_SORT_REMOTE && ui->view == TOP_VIEW_IFACES ?
				   "LINK" : top_sort_name(c->sort);
		bool sorted = c->sort == ui->sort;
		snprintf(label, sizeof(label), "%s%s", name, sorted ? (ui->reverse ? "^" : "v") : "");
		if (c->x + c->width <= width)
			put_cell(&ln, c, label);
	}
	return trim(buf);
}

static void name_cell(const struct top_ui *ui, const struct top_row *r, char *out, size_t size)
{
	bool tree = ui->view == TOP_VIEW_APPS || ui->view == TOP_VIEW_PROCS;
	const char *mark = !tree ? "" : !r->expandable ? "  " : r->expanded ? "- " : "+ ";
	if (tree && r->kind == TOP_ROW_CONN) {
		/* under its process: the protocol, the remote end and the state */
		int proto = (int)strcspn(r->name, " ");
		snprintf(out, size, "%*s%.*s %s %s", r->depth * 2, "", proto, r->name, r->remote,
			 r->state);
		return;
	}
	snprintf(out, size, "%*s%s%s", r->depth * 2, "", mark, r->name);
}

char *top_fmt_row(const struct top_ui *ui, const struct top_layout *l, const struct top_row *r,
		  char *buf, int width)
{
	char text[TOP_NAME_MAX + TOP_ADDR_MAX + 16], num[32];
	struct line ln;
	line_start(&ln, buf, width);
	for (int i = 0; i < l->ncols; i++) {
		const struct top_col_span *c = &l->col[i];
		const char *s = text;
		const struct top_figures *f = &r->f;
		switch (c->sort) {
		case TOP_SORT_NAME: name_cell(ui, r, text, sizeof(text)); break;
		case TOP_SORT_REMOTE: s = r->remote; break;
		case TOP_SORT_STATE: s = r->state; break;
		case TOP_SORT_RX_RATE: s = cell_rate(ui, f->rx_rate, f, num, sizeof(num)); break;
		case TOP_SORT_TX_RATE: s = cell_rate(ui, f->tx_rate, f, num, sizeof(num)); break;
		case TOP_SORT_RX_TOTAL: s = cell_bytes(f->rx, f, num, sizeof(num)); break;
		case TOP_SORT_TX_TOTAL: s = cell_bytes(f->tx, f, num, sizeof(num)); break;
		case TOP_SORT_CONNS: snprintf(num, sizeof(num), "%zu", f->conns); s = num; break;
		default: s = ""; break;
		}
		if (c->x + c->width <= width)
			put_cell(&ln, c, s);
	}
	return trim(buf);
}

/* ---- header ---- */

char *top_fmt_title(const struct top_ui *ui, char *buf, int width)
{
	char line[512];
	snprintf(line, sizeof(line), "netledger top - every %.3gs - %s - sort %s%s%s%s%s%s%s%s%s",
		 (double)ui->delay_ns / 1e9, top_view_name(ui->view),
		 top_sort_name(ui->sort), ui->reverse ? " (reversed)" : "",
		 ui->filter[0] ? " - filter: " : "", ui->filter, ui->paused ? " - PAUSED" : "",
		 ui->bits ? " - bits" : "", ui->netns[0] ? " - netns " : "", ui->netns,
		 ui->incremental ? " - incremental" : "");
	Nlg_term_render(line, width, buf, TOP_LINE_SIZE(width));
	return buf;
}

static bool iface_shown(const struct top_iface_in *i)
{
	return !strstr(i->name, " (gone)");
}

/* Return: the index of the rank-th busiest present interface, or -1. */
static long iface_rank(const struct top_snapshot *s, size_t rank)
{
	for (size_t i = 0; i < s->nifaces; i++) {
		if (!iface_shown(&s->ifaces[i]))
			continue;
		double ri = s->ifaces[i].f.rx_rate + s->ifaces[i].f.tx_rate;
		size_t above = 0;
		for (size_t j = 0; j < s->nifaces; j++) {
			double rj = s->ifaces[j].f.rx_rate + s->ifaces[j].f.tx_rate;
			if (j != i && iface_shown(&s->ifaces[j]) && (rj > ri || (rj == ri && j < i)))
				above++;
		}
		if (above == rank)
			return (long)i;
	}
	return -1;
}

static size_t ifaces_present(const struct top_ui *ui)
{
	size_t n = 0;
	for (size_t i = 0; i < ui->snap.nifaces; i++)
		n += iface_shown(&ui->snap.ifaces[i]);
	return n;
}

size_t top_iface_lines(const struct top_ui *ui)
{
	size_t n = ifaces_present(ui);
	return n > 3 ? 3 : n;
}

char *top_fmt_iface(const struct top_ui *ui, size_t i, char *buf, int width)
{
	char a[32], b[32], c[32], d[32], line[256], name[10 * 4 + 1];
	size_t n = ifaces_present(ui);
	if (i >= top_iface_lines(ui))
		return NULL;
	if (i == 2 && n > 3) {
		snprintf(line, sizeof(line), "  and %zu more (interfaces view)", n - 2);
	} else {
		const struct top_iface_in *f = &ui->snap.ifaces[iface_rank(&ui->snap, i)];
		snprintf(line, sizeof(line), "%s in %12s out %12s  total in %10s out %10s",
			 Nlg_term_cell(f->name, 10, false, name, sizeof(name)), Nlg_fmt_rate(f->f.rx_rate, ui->bits, a, sizeof(a)),
			 Nlg_fmt_rate(f->f.tx_rate, ui->bits, b, sizeof(b)),
			 Nlg_fmt_bytes(f->f.rx, c, sizeof(c)), Nlg_fmt_bytes(f->f.tx, d, sizeof(d)));
	}
	Nlg_term_cut(line, width, buf, TOP_LINE_SIZE(width));
	return buf;
}

static int spark_level(double v, double peak)
{
	if (v <= 0 || peak <= 0)
		return 0;
	int l = 1 + (int)(v / peak * 6.999);
	return l > 7 ? 7 : l;
}

/* Fills bucket maxima of the last minute into w buckets; -1: no sample. */
static double spark_buckets(const struct top_hist *h, uint64_t now, double *bucket, int w)
{
	const uint64_t minute = 60000000000ull;
	double peak = 0;
	for (int b = 0; b < w; b++)
		bucket[b] = -1;
	for (size_t k = 0; k < h->n; k++) {
		size_t at = (h->head + k) % TOP_HIST_MAX;
		uint64_t age = now - h->when_ns[at];
		if (age >= minute)
			continue;
		int b = w - 1 - (int)((double)age / (double)minute * w);
		if (b < 0)
			b = 0;
		if (h->rate[at] > bucket[b])
			bucket[b] = h->rate[at];
		if (h->rate[at] > peak)
			peak = h->rate[at];
	}
	/* a bucket between two samples holds the earlier one's value */
	for (int b = 1; b < w; b++)
		if (bucket[b] < 0 && bucket[b - 1] >= 0)
			bucket[b] = bucket[b - 1];
	return peak;
}

char *top_fmt_spark(const struct top_ui *ui, bool utf8, char *buf, int width)
{
	static const char *const bars[8] = { "\u2581", "\u2581", "\u2582", "\u2583",
					     "\u2584", "\u2585", "\u2587", "\u2588" };
	static const char ascii[9] = "_.-:=+*#";
	char peak_s[32], now_s[32], tail[96], *p = buf;
	double bucket[TOP_HIST_MAX];
	const struct top_hist *h = &ui->hist;
	double now_rate = h->n ? h->rate[(h->head + h->n - 1) % TOP_HIST_MAX] : 0;
	int w = width - 9 - 40;
	if (w > 60)
		w = 60;
	if (w < 0)
		w = 0;
	double peak = spark_buckets(h, ui->elapsed_ns, bucket, w);
	snprintf(tail, sizeof(tail), " now %s peak %s", Nlg_fmt_rate(now_rate, ui->bits, now_s, sizeof(now_s)),
		 Nlg_fmt_rate(peak, ui->bits, peak_s, sizeof(peak_s)));
	if (width < 8) {
		memcpy(buf, "last 1m ", (size_t)(width > 0 ? width : 0));
		buf[width > 0 ? width : 0] = 0;
		return buf;
	}
	p += sprintf(p, "last 1m ");
	for (int b = 0; b < w; b++) {
		int l = bucket[b] < 0 ? -1 : spark_level(bucket[b], peak);
		if (l < 0)
			*p++ = ' ';
		else if (utf8)
			p += sprintf(p, "%s", bars[l]);
		else
			*p++ = ascii[l];
	}
	snprintf(p, (size_t)(width - 8 - w) + 1, "%s", tail);
	return buf;
}

char *top_fmt_attribution(const struct top_ui *ui, char *buf, int width)
{
	char line[256];
	const struct nlg_attribution *at = &ui->at;
	if (!ui->have_at)
		snprintf(line, sizeof(line), "attributed to sockets: not known yet");
	else
		snprintf(line, sizeof(line),
			 "attributed to sockets: in %.0f%% out %.0f%%  (%zu without process, %zu UDP)",
			 at->coverage_rx * 100, at->coverage_tx * 100, at->conns_without_process,
			 at->conns_without_bytes);
	snprintf(buf, (size_t)width + 1, "%s", line);
	return buf;
}

char *top_fmt_unattributed(const struct top_ui *ui, char *buf, int width)
{
	char a[32], b[32], c[32], d[32], line[256], lost[64] = "";
	const struct nlg_attribution *at = &ui->at;
	double secs = (double)ui->interval_ns / 1e9;
	if (ui->lost_sock || ui->lost_link)
		snprintf(lost, sizeof(lost), "  lost events %llu",
			 (unsigned long long)(ui->lost_sock + ui->lost_link));
	snprintf(line, sizeof(line), "unattributed: in %s out %s  total in %s out %s%s",
		 Nlg_fmt_rate(secs > 0 ? (double)at->unattributed_rx / secs : 0, ui->bits, a, sizeof(a)),
		 Nlg_fmt_rate(secs > 0 ? (double)at->unattributed_tx / secs : 0, ui->bits, b, sizeof(b)),
		 Nlg_fmt_bytes(at->total_wire_rx - (at->total_payload_rx < at->total_wire_rx ?
						    at->total_payload_rx : at->total_wire_rx), c, sizeof(c)),
		 Nlg_fmt_bytes(at->total_wire_tx - (at->total_payload_tx < at->total_wire_tx ?
						    at->total_payload_tx : at->total_wire_tx), d, sizeof(d)),
		 lost);
	snprintf(buf, (size_t)width + 1, "%s", line);
	return buf;
}

char *top_fmt_status(const struct top_ui *ui, char *buf, int width)
{
	char line[256];
	if (ui->editing)
		snprintf(line, sizeof(line), "filter: %s_   (Enter keeps it, Esc clears it)", ui->filter);
	else if (ui->error[0])
		snprintf(line, sizeof(line), "%s", ui->error);
	else
		snprintf(line, sizeof(line), "%s", width >= 84 ?
			 "1-5 view  s/S sort  r reverse  / filter  b bits  t columns  p pause  ? help  q quit" :
			 "1-5 view s/S sort r reverse / filter b bits t columns p pause ? help q quit");
	Nlg_term_render(line, width, buf, TOP_LINE_SIZE(width));   /* the filter, an error */
	return buf;
}

const char *top_help_line(size_t i)
{
	static const char *const lines[] = {
		"netledger top - what is using the network right now",
		"",
		"  1 2 3 4 5     apps, processes, connections, remote hosts, interfaces",
		"  Up Down PgUp PgDn Home End   move the selection",
		"  Enter Right   expand an app to its processes, a process to its connections",
		"  Left          collapse (or go to the parent row)",
		"  s S           sort by the next / previous column; r reverses",
		"                (or click a column header)",
		"  /             filter by name (Enter keeps it, Esc clears it)",
		"  b             bits or bytes per second",
		"  t             rates and totals, rates only, totals only",
		"  p             pause (the view stays, sampling stops)",
		"  ? Esc         this help on and off",
		"  q             quit",
		"",
		"Rates are per second over the last interval; totals count since top",
		"started. Connections show payload bytes; interfaces count wire bytes",
		"(headers included). UDP sockets have no byte counters: 'unknown', and",
		"'+' after a figure means it leaves out such sockets. 'unattributed' is",
		"interface traffic that no socket explains.",
		NULL,
	};
	return i < sizeof(lines) / sizeof(lines[0]) ? lines[i] : NULL;
}
