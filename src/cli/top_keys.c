/* SPDX-License-Identifier: MIT */
/* top_keys.c - what each key does to the state of netledger top. */
#include <ctype.h>
#include <curses.h>
#include <string.h>

#include "cli/top.h"

#define KEY_ESC 27

void top_select(struct top_ui *ui, size_t i)
{
	if (!ui->rows.n) {
		ui->sel = 0;
		return;
	}
	ui->sel = i >= ui->rows.n ? ui->rows.n - 1 : i;
	ui->sel_key = ui->rows.v[ui->sel].key;
}

static bool expanded_remove(struct top_ui *ui, uint64_t key)
{
	for (size_t i = 0; i < ui->nexpanded; i++) {
		if (ui->expanded[i] == key) {
			memmove(&ui->expanded[i], &ui->expanded[i + 1],
				(ui->nexpanded - i - 1) * sizeof(ui->expanded[0]));
			ui->nexpanded--;
			return true;
		}
	}
	return false;
}

static void expanded_add(struct top_ui *ui, uint64_t key)
{
	/* the oldest expansion makes room: rows that left long ago */
	if (ui->nexpanded == TOP_EXPANDED_MAX)
		expanded_remove(ui, ui->expanded[0]);
	ui->expanded[ui->nexpanded++] = key;
}

void top_toggle_expand(struct top_ui *ui, size_t i)
{
	if (i >= ui->rows.n || !ui->rows.v[i].expandable)
		return;
	top_select(ui, i);
	if (!expanded_remove(ui, ui->rows.v[i].key))
		expanded_add(ui, ui->rows.v[i].key);
}

/* Left: collapse the row, or go to its parent. */
static void collapse(struct top_ui *ui)
{
	if (ui->sel >= ui->rows.n)
		return;
	const struct top_row *r = &ui->rows.v[ui->sel];
	if (r->expanded) {
		expanded_remove(ui, r->key);
		return;
	}
	for (size_t i = ui->sel; r->depth > 0 && i-- > 0;) {
		if (ui->rows.v[i].depth < r->depth) {
			top_select(ui, i);
			return;
		}
	}
}

static bool edit_filter(struct top_ui *ui, int ch)
{
	size_t n = strlen(ui->filter);
	if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		ui->editing = false;
	} else if (ch == KEY_ESC) {
		ui->editing = false;
		ui->filter[0] = 0;
	} else if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
		if (n)
			ui->filter[n - 1] = 0;
	} else if (ch >= 0 && ch < 256 && isprint(ch) && n + 1 < sizeof(ui->filter)) {
		ui->filter[n] = (char)ch;
		ui->filter[n + 1] = 0;
	} else {
		return false;
	}
	return true;
}

static bool move_sel(struct top_ui *ui, int ch, size_t page)
{
	size_t last = ui->rows.n ? ui->rows.n - 1 : 0, s = ui->sel;
	page = page ? page : 1;
	switch (ch) {
	case KEY_UP: case 'k': s = s ? s - 1 : 0; break;
	case KEY_DOWN: case 'j': s = s < last ? s + 1 : last; break;
	case KEY_PPAGE: s = s > page ? s - page : 0; break;
	case KEY_NPAGE: s = s + page < last ? s + page : last; break;
	case KEY_HOME: case 'g': s = 0; break;
	case KEY_END: case 'G': s = last; break;
	default: return false;
	}
	top_select(ui, s);
	return true;
}

static void set_view(struct top_ui *ui, enum top_view v)
{
	if (ui->view == v)
		return;
	ui->view = v;
	ui->sel = 0;
	ui->sel_key = 0;
	ui->scroll = 0;
}

static void next_sort(struct top_ui *ui, int step)
{
	ui->sort = (enum top_sort)(((int)ui->sort + step + TOP_SORT_COUNT) % TOP_SORT_COUNT);
}

bool top_key(struct top_ui *ui, int ch, size_t page)
{
	if (ui->editing)
		return edit_filter(ui, ch);
	if (ui->help && ch != 'q' && ch != 'Q') {
		ui->help = false;
		return false;
	}
	if (move_sel(ui, ch, page))
		return false;
	switch (ch) {
	case 'q': case 'Q': ui->quit = true; return false;
	case '?': case 'h': case KEY_F(1): ui->help = true; return false;
	case '1': case '2': case '3': case '4': case '5':
		set_view(ui, (enum top_view)(ch - '1'));
		return true;
	case 's': case '>': next_sort(ui, 1); return true;
	case 'S': case '<': next_sort(ui, -1); return true;
	case 'r': case 'R': ui->reverse = !ui->reverse; return true;
	case '/': ui->editing = true; return false;
	case KEY_ESC: ui->filter[0] = 0; return true;
	case 'b': case 'B': ui->bits = !ui->bits; return false;
	case 't': case 'T': ui->cols = (enum top_cols)((ui->cols + 1) % 3); return false;
	case 'p': case 'P': case ' ': ui->paused = !ui->paused; return false;
	case '\n': case '\r': case KEY_ENTER:
		top_toggle_expand(ui, ui->sel);
		return true;
	case KEY_RIGHT: case 'l': case '+':
		if (ui->sel < ui->rows.n && !ui->rows.v[ui->sel].expanded)
			top_toggle_expand(ui, ui->sel);
		return true;
	case KEY_LEFT: case '-': collapse(ui); return true;
	default: return false;
	}
}
