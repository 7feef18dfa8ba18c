/* SPDX-License-Identifier: MIT */
/* top.h - the state of netledger top shared by its parts: the snapshot
 * (top_source.c), the text of each line (top_format.c), keys
 * (top_keys.c), drawing (top_draw.c) and the loop (cmd_top.c). */
#ifndef NLG_CLI_TOP_H
#define NLG_CLI_TOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netledger.h"
#include "cli/top_model.h"

/* Which byte columns are shown: both pairs when they fit, else rates. */
enum top_cols { TOP_COLS_BOTH = 0, TOP_COLS_RATES, TOP_COLS_TOTALS };

/* A minute of total traffic at up to 10 samples a second. */
#define TOP_HIST_MAX 600

struct top_hist {
	double rate[TOP_HIST_MAX];     /* in + out, bytes per second */
	uint64_t when_ns[TOP_HIST_MAX];
	size_t head, n;
};

#define TOP_FILTER_MAX 64
#define TOP_EXPANDED_MAX 256

/* top_hosts.c: closed connections' bytes per remote host (key = host key). */
struct top_closed_hosts {
	struct top_conn_in *v;
	size_t n, vcap;
	size_t *index, cap;            /* 1 + index into v, 0 empty */
};
/* Adds a closed connection's totals to its host. Return: 0 or -ENOMEM. */
int top_closed_add(struct top_closed_hosts *h, const struct top_conn_in *c);
void top_closed_done(struct top_closed_hosts *h);

struct top_ui {
	/* what the user chose */
	enum top_view view;
	enum top_sort sort;
	bool reverse, bits, paused, help, quit, editing;
	enum top_cols cols;
	uint64_t delay_ns;             /* -d */
	char filter[TOP_FILTER_MAX];
	char netns[64];                /* --netns, shown in the title; "" none */
	uint64_t expanded[TOP_EXPANDED_MAX];
	size_t nexpanded;
	size_t sel, scroll;            /* selected row, first row shown */
	uint64_t sel_key;
	/* what was measured */
	struct top_snapshot snap;
	struct nlg_attribution at;
	bool have_at, closures;
	bool incremental;              /* samples read only changed sockets */
	/* the monitor the snapshot came from (valid until its next sample),
	 * and whether the connections' text is still to be formatted */
	const struct nlg_monitor *mon;
	bool conn_text_pending;
	struct top_conn_in *spare;     /* the last snapshot's connections, reused */
	size_t spare_cap;
	uint64_t lost_sock, lost_link, interval_ns, samples;
	uint64_t elapsed_ns;            /* sum of the intervals so far */
	struct top_hist hist;
	struct top_closed_hosts closed;
	char banner[192];
	char error[160];               /* last sampling error, "" if none */
	/* built from both */
	struct top_rows rows;
	top_name_fn host_name;
	void *host_ctx;
};

/* top_source.c: fills the snapshot and the header figures from mon.
 * Return: 0 or -ENOMEM (the previous snapshot is kept). */
int top_source_update(struct top_ui *ui, const struct nlg_monitor *mon);
void top_source_done(struct top_ui *ui);

/* Rebuilds ui->rows from the snapshot and the user's choices, keeping the
 * selected row by key. Return: 0 or -ENOMEM. */
int top_ui_rebuild(struct top_ui *ui);

/* top_hist: appends a rate measured at when_ns. */
void top_hist_push(struct top_hist *h, double rate, uint64_t when_ns);

/* ---- top_format.c: the text of each line, for the screen and --batch ---- */

/* A shown column: where it starts and how wide it is. */
struct top_col_span {
	enum top_sort sort;
	int x, width;
	bool right;                    /* right-aligned (numbers) */
};

#define TOP_COLS_MAX 8
struct top_layout {
	struct top_col_span col[TOP_COLS_MAX];
	int ncols;
};

/* Lays out the columns of the current view in width characters. */
void top_layout_make(const struct top_ui *ui, int width, struct top_layout *l);
/* Return: the sort key of the column at x, or -1. */
int top_layout_hit(const struct top_layout *l, int x);

/* Each writes one line of at most width columns (plus the NUL) into buf,
 * which holds at least TOP_LINE_SIZE(width) bytes (UTF-8 sparkline, names
 * with wide characters or escapes; see export/termtext.h).
 * Return: buf. */
#define TOP_LINE_SIZE(width) ((size_t)(width) * 4 + 1)
char *top_fmt_title(const struct top_ui *ui, char *buf, int width);
/* i-th interface line (most active first). Return: buf, or NULL past the last. */
char *top_fmt_iface(const struct top_ui *ui, size_t i, char *buf, int width);
char *top_fmt_spark(const struct top_ui *ui, bool utf8, char *buf, int width);
char *top_fmt_attribution(const struct top_ui *ui, char *buf, int width);
/* The interface traffic no socket explains: rates and totals. */
char *top_fmt_unattributed(const struct top_ui *ui, char *buf, int width);
char *top_fmt_colhdr(const struct top_ui *ui, const struct top_layout *l, char *buf, int width);
char *top_fmt_row(const struct top_ui *ui, const struct top_layout *l, const struct top_row *r,
		  char *buf, int width);
/* The key summary at the bottom of the screen. */
char *top_fmt_status(const struct top_ui *ui, char *buf, int width);
/* Return: the i-th line of the help text, or NULL past the last. */
const char *top_help_line(size_t i);
/* Return: the number of interface lines in the header (at most 3). */
size_t top_iface_lines(const struct top_ui *ui);

/* ---- top_keys.c ---- */

/* Applies one key (a curses key code) to ui; page is the number of rows
 * on screen. Return: true when the rows must be rebuilt. */
bool top_key(struct top_ui *ui, int ch, size_t page);
/* Selects row i (clamped) and remembers its key. */
void top_select(struct top_ui *ui, size_t i);
/* Toggles the expansion of the row at index i. */
void top_toggle_expand(struct top_ui *ui, size_t i);

/* ---- top_draw.c: the terminal ---- */

struct top_screen {
	bool utf8;
	int colhdr_y, rows_y0;
	size_t page;                   /* rows on screen */
	struct top_layout layout;
};

/* Takes over the terminal; it is given back by top_draw_end(), at exit
 * and on a crash. Return: 0, or -1 when the terminal cannot be used. */
int top_draw_begin(struct top_screen *sc);
void top_draw_end(void);
/* Return: the next key, or ERR after timeout_ms. */
int top_draw_key(int timeout_ms);
void top_draw_frame(struct top_ui *ui, struct top_screen *sc);
/* Handles a mouse event. Return: true when the rows must be rebuilt. */
bool top_draw_mouse(struct top_ui *ui, const struct top_screen *sc);

#endif
