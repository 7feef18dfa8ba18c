/* SPDX-License-Identifier: MIT */
/* top_draw.c - netledger top on the terminal with curses: one erase and
 * one refresh per frame (curses sends only what changed), the terminal
 * given back on every way out. */
#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cli/top.h"
#include "export/termtext.h"

#define LINE_MAX_W 1000

/* curses itself is one global terminal; this says whether it is ours. */
static volatile sig_atomic_t screen_active;

void top_draw_end(void)
{
	if (screen_active) {
		screen_active = 0;
		endwin();
	}
}

/* A crash leaves a usable terminal: restore it, then die as before. */
static void on_fatal(int sig)
{
	top_draw_end();
	raise(sig);
}

static void catch_fatal(void)
{
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	struct sigaction sa = { .sa_handler = on_fatal, .sa_flags = SA_RESETHAND | SA_NODEFER };
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

int top_draw_begin(struct top_screen *sc)
{
	setlocale(LC_ALL, "");
	sc->utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	Nlg_term_set_utf8(sc->utf8);   /* else names are escaped to ASCII */
	if (!newterm(NULL, stdout, stdin))
		return -1;
	screen_active = 1;
	atexit(top_draw_end);
	catch_fatal();
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED, NULL);
	mouseinterval(0);
	return 0;
}

int top_draw_key(int timeout_ms)
{
	wtimeout(stdscr, timeout_ms);
	return wgetch(stdscr);
}

static void put_line(int y, const char *s, attr_t attr)
{
	if (y >= LINES)
		return;
	attron(attr);
	mvaddstr(y, 0, s);
	if (attr & A_REVERSE)
		mvchgat(y, 0, -1, attr, 0, NULL);
	attroff(attr);
}

static int draw_header(const struct top_ui *ui, struct top_screen *sc, char *buf, int w)
{
	int y = 0;
	put_line(y++, top_fmt_title(ui, buf, w), A_BOLD);
	for (size_t i = 0; top_fmt_iface(ui, i, buf, w); i++)
		put_line(y++, buf, A_NORMAL);
	put_line(y++, top_fmt_spark(ui, sc->utf8, buf, w), A_NORMAL);
	put_line(y++, top_fmt_attribution(ui, buf, w), A_NORMAL);
	put_line(y++, top_fmt_unattributed(ui, buf, w), A_NORMAL);
	if (ui->banner[0]) {
		Nlg_term_render(ui->banner, w, buf, TOP_LINE_SIZE(w));
		put_line(y++, buf, A_BOLD);
	}
	top_layout_make(ui, w, &sc->layout);
	sc->colhdr_y = y;
	put_line(y++, top_fmt_colhdr(ui, &sc->layout, buf, w), A_REVERSE);
	return y;
}

/* The help takes the whole screen but its last line. */
static void draw_help(void)
{
	const char *line;
	erase();
	for (int i = 0; i < LINES - 1 && (line = top_help_line((size_t)i)); i++)
		mvaddnstr(i, 1, line, COLS > 2 ? COLS - 2 : 0);
}

/* Keeps the selection on screen. */
static void scroll_to_sel(struct top_ui *ui, size_t page)
{
	if (ui->sel < ui->scroll)
		ui->scroll = ui->sel;
	if (page && ui->sel >= ui->scroll + page)
		ui->scroll = ui->sel - page + 1;
	if (ui->scroll > ui->rows.n)
		ui->scroll = 0;
}

void top_draw_frame(struct top_ui *ui, struct top_screen *sc)
{
	static char buf[LINE_MAX_W * 4 + 8];
	int w = COLS < LINE_MAX_W ? COLS : LINE_MAX_W;
	erase();
	int y = draw_header(ui, sc, buf, w);
	sc->rows_y0 = y;
	sc->page = LINES - 1 > y ? (size_t)(LINES - 1 - y) : 0;
	if (ui->help) {
		draw_help();
	} else {
		scroll_to_sel(ui, sc->page);
		for (size_t i = ui->scroll; i < ui->rows.n && i < ui->scroll + sc->page; i++)
			put_line(y++, top_fmt_row(ui, &sc->layout, &ui->rows.v[i], buf, w),
				 i == ui->sel ? A_REVERSE : A_NORMAL);
		if (!ui->rows.n)
			put_line(y, ui->filter[0] ? "(nothing matches the filter)" : "(nothing yet)",
				 A_NORMAL);
	}
	if (LINES > sc->rows_y0)
		put_line(LINES - 1, top_fmt_status(ui, buf, w), ui->editing ? A_BOLD : A_REVERSE);
	refresh();
}

bool top_draw_mouse(struct top_ui *ui, const struct top_screen *sc)
{
	MEVENT ev;
	if (getmouse(&ev) != OK || ui->help)
		return false;
	if (ev.y == sc->colhdr_y) {
		int s = top_layout_hit(&sc->layout, ev.x);
		if (s < 0)
			return false;
		/* the sorted column again reverses; another one sorts afresh */
		ui->reverse = (enum top_sort)s == ui->sort ? !ui->reverse : false;
		ui->sort = (enum top_sort)s;
		return true;
	}
	if (ev.y < sc->rows_y0 || ev.y >= sc->rows_y0 + (int)sc->page)
		return false;
	size_t i = ui->scroll + (size_t)(ev.y - sc->rows_y0);
	if (i >= ui->rows.n)
		return false;
	if (ev.bstate & BUTTON1_DOUBLE_CLICKED) {
		top_toggle_expand(ui, i);
		return true;
	}
	top_select(ui, i);
	return false;
}
