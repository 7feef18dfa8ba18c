/* SPDX-License-Identifier: MIT */
/* cmd_top.c - netledger top: options, the sampling loop, and --batch. */
#include <curses.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/opts.h"
#include "cli/sockview.h"
#include "cli/top.h"
#include "export/termtext.h"
#include "cli/top_resolve.h"

struct top_opts {
	uint64_t delay_ns;
	uint64_t linger_ns;
	long iterations;      /* 0: until q or a signal */
	bool batch, no_resolve, bits;
	enum top_view view;
	enum top_sort sort;
	enum nlg_ebpf_mode ebpf;
};

/* Return: the index of s in names (n of them), or -1 after an error. */
static const char *const views[] = { "apps", "processes", "connections", "hosts", "interfaces",
				     NULL };
static const char *const sorts[] = { "rate", "name", "rate-in", "rate-out", "total-in",
				     "total-out", "conns", "remote", "state", NULL };

static const struct Nlg_cmd_opts command = {
	.name = "top",
	.opts = (const struct Nlg_opt[]){
		{ "delay", 'd', NLG_OPT_SECONDS, "SECONDS", "refresh interval (default 1)",
		  offsetof(struct top_opts, delay_ns) },
		{ "no-resolve", 'n', NLG_OPT_FLAG, NULL, "do not look up the names of remote hosts",
		  offsetof(struct top_opts, no_resolve) },
		{ "batch", 'b', NLG_OPT_FLAG, NULL, "plain text frames to stdout, no terminal needed",
		  offsetof(struct top_opts, batch) },
		{ "iterations", 'i', NLG_OPT_COUNT, "N", "stop after N frames", offsetof(struct top_opts, iterations) },
		{ "view", 'v', NLG_OPT_CHOICE, "VIEW", "apps (default), processes, connections, hosts, interfaces",
		  offsetof(struct top_opts, view), .choices = views },
		{ "sort", 's', NLG_OPT_CHOICE, "KEY", "rate (default), name, rate-in, rate-out, total-in,\n"
		  "total-out, conns, remote, state", offsetof(struct top_opts, sort), .choices = sorts },
		NLG_OPTE_BITS(struct top_opts, bits, 0),
		NLG_OPTE_LIVE(struct top_opts, ebpf, linger_ns),
		NLG_OPTE_END,
	},
	.about = "A live view of what uses the network: apps, processes, connections, remote\n"
		 "hosts and interfaces, with rates and totals since start, refreshed every\n"
		 "SECONDS. Press ? in the view for its keys.\n\n",
};

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Samples and refreshes the snapshot; a failed read stays on screen.
 * Return: 0, or -ENOMEM (fatal). */
static int take_sample(struct top_ui *ui, struct nlg_monitor *mon)
{
	int err = nlg_monitor_sample(mon);
	if (err < 0) {
		const char *d = nlg_monitor_errmsg(mon);
		snprintf(ui->error, sizeof(ui->error), "cannot read sockets: %s",
			 d[0] ? d : nlg_strerror(err));
		return 0;
	}
	ui->error[0] = 0;
	return top_source_update(ui, mon);
}

/* ---- --batch ---- */

static int batch_width(void)
{
	const char *cols = getenv("COLUMNS");
	long w = cols ? strtol(cols, NULL, 10) : 0;
	return w >= 80 && w <= 1000 ? (int)w : 160;
}

static void print_frame(const struct top_ui *ui)
{
	static char buf[1000 * 4 + 8];
	struct top_layout l;
	int w = batch_width();
	puts(top_fmt_title(ui, buf, w));
	for (size_t i = 0; top_fmt_iface(ui, i, buf, w); i++)
		puts(buf);
	puts(top_fmt_spark(ui, false, buf, w));
	puts(top_fmt_attribution(ui, buf, w));
	puts(top_fmt_unattributed(ui, buf, w));
	if (ui->banner[0])
		Nlg_term_printf(stdout, "%s\n", ui->banner);
	if (ui->error[0])
		Nlg_term_printf(stdout, "%s\n", ui->error);
	top_layout_make(ui, w, &l);
	puts(top_fmt_colhdr(ui, &l, buf, w));
	for (size_t i = 0; i < ui->rows.n; i++)
		puts(top_fmt_row(ui, &l, &ui->rows.v[i], buf, w));
	putchar('\n');
	fflush(stdout);
}

static int run_batch(struct top_ui *ui, struct nlg_monitor *mon, const struct top_opts *o)
{
	for (long n = 0; !o->iterations || n < o->iterations; n++) {
		Nlg_sleep_ns(o->delay_ns);
		if (Nlg_stop_requested())
			break;
		if (take_sample(ui, mon) < 0 || top_ui_rebuild(ui) < 0) {
			Nlg_cli_error("out of memory");
			return NLG_EXIT_RUNTIME;
		}
		print_frame(ui);
	}
	return NLG_EXIT_OK;
}

/* ---- the full-screen view ---- */

struct loop {
	struct top_ui *ui;
	struct nlg_monitor *mon;
	struct top_resolver *res;
	struct top_screen sc;
	uint64_t next_ns, res_gen;
	long frames;
	bool rebuild, redraw;
};

static void handle_key(struct loop *L, int ch)
{
	if (ch == KEY_MOUSE)
		L->rebuild |= top_draw_mouse(L->ui, &L->sc);
	else if (ch != KEY_RESIZE)
		L->rebuild |= top_key(L->ui, ch, L->sc.page);
	L->redraw = true;
}

/* Return: 0, or -ENOMEM. */
static int tick(struct loop *L, const struct top_opts *o)
{
	uint64_t now = now_ns();
	if (now >= L->next_ns) {
		L->next_ns = L->next_ns + o->delay_ns > now ? L->next_ns + o->delay_ns :
			     now + o->delay_ns;
		if (!L->ui->paused) {
			if (take_sample(L->ui, L->mon) < 0)
				return -ENOMEM;
			L->frames++;
			L->rebuild = L->redraw = true;
		}
	}
	if (L->res && L->ui->view == TOP_VIEW_HOSTS &&
	    top_resolver_generation(L->res) != L->res_gen) {
		L->res_gen = top_resolver_generation(L->res);
		L->rebuild = L->redraw = true;
	}
	if (L->rebuild && top_ui_rebuild(L->ui) < 0)
		return -ENOMEM;
	if (L->redraw)
		top_draw_frame(L->ui, &L->sc);
	L->rebuild = L->redraw = false;
	return 0;
}

static int run_screen(struct top_ui *ui, struct nlg_monitor *mon, struct top_resolver *res,
		      const struct top_opts *o)
{
	struct loop L = { .ui = ui, .mon = mon, .res = res, .rebuild = true, .redraw = true };
	if (top_draw_begin(&L.sc) < 0) {
		Nlg_cli_error("cannot use this terminal (TERM=%s); try --batch",
			      getenv("TERM") ? getenv("TERM") : "");
		return NLG_EXIT_RUNTIME;
	}
	L.next_ns = now_ns() + o->delay_ns;
	int err = 0;
	while (!err && !ui->quit && !Nlg_stop_requested() &&
	       (!o->iterations || L.frames < o->iterations)) {
		err = tick(&L, o);
		uint64_t now = now_ns();
		uint64_t wait_ms = L.next_ns > now ? (L.next_ns - now) / 1000000 : 0;
		/* wake at least every 200 ms for signals and resolved names */
		int ch = top_draw_key(wait_ms > 200 ? 200 : (int)wait_ms);
		if (ch != ERR)
			handle_key(&L, ch);
	}
	if (!err && !ui->quit && !Nlg_stop_requested())
		err = tick(&L, o); /* the last frame of --iterations */
	top_draw_end();
	if (err)
		Nlg_cli_error("out of memory");
	return err ? NLG_EXIT_RUNTIME : NLG_EXIT_OK;
}

int Nlg_cmd_top(int argc, char **argv)
{
	_Static_assert(sizeof(views) / sizeof(views[0]) == TOP_VIEW_COUNT + 1, "a name per view");
	_Static_assert(sizeof(sorts) / sizeof(sorts[0]) == TOP_SORT_COUNT + 1, "a name per sort");
	struct top_opts o = { .delay_ns = 1000000000ull, .ebpf = NLG_EBPF_AUTO,
				.linger_ns = NLG_DEFAULT_LINGER_NS };
	int r = Nlg_opts_parse(&command, argc, argv, &o);
	if (r != NLG_OPTS_GO)
		return r;
	if (!o.batch && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
		Nlg_cli_error("top needs a terminal; use --batch for plain text");
		return NLG_EXIT_USAGE;
	}
	struct top_ui *ui = calloc(1, sizeof(*ui));
	struct nlg_monitor *mon = ui ? Nlg_sockview_open(o.ebpf) : NULL;
	if (!mon) {
		if (!ui)
			Nlg_cli_error("out of memory");
		free(ui);
		return NLG_EXIT_RUNTIME;
	}
	snprintf(ui->netns, sizeof(ui->netns), "%s", Nlg_sockview_netns());
	nlg_monitor_set_linger(mon, o.linger_ns);
	ui->view = o.view;
	ui->sort = o.sort;
	ui->bits = o.bits;
	ui->delay_ns = o.delay_ns;
	Nlg_sockview_limits(mon, ui->banner, sizeof(ui->banner));
	struct top_resolver *res = o.no_resolve ? NULL : top_resolver_new(4096, 256, NULL);
	if (res) {
		ui->host_name = top_resolver_name;
		ui->host_ctx = res;
	}
	Nlg_stop_on_signals();
	int status;
	if (top_source_update(ui, mon) < 0) {
		Nlg_cli_error("out of memory");
		status = NLG_EXIT_RUNTIME;
	} else {
		status = o.batch ? run_batch(ui, mon, &o) : run_screen(ui, mon, res, &o);
	}
	top_resolver_free(res);
	top_source_done(ui);
	free(ui);
	nlg_monitor_free(mon);
	return status;
}
