/* SPDX-License-Identifier: MIT */
/* termtext.h - the one way a string that another user chose (a process
 * name, a command line, a path, a cgroup, an interface name) reaches a
 * terminal.
 *
 * The convention, documented in netledger(1):
 *  - each byte of a C0 control (0x00-0x1f), of DEL (0x7f), of a C1 control
 *    (U+0080..U+009F), of a bidirectional or line/paragraph separator
 *    format character (U+061C, U+200E, U+200F, U+2028..U+202E,
 *    U+2066..U+2069), and each byte that is not part of valid UTF-8 shows
 *    as \xHH (so ESC is \x1b and a name cut mid-character by the kernel
 *    ends in \xd0 or the like);
 *  - a backslash shows as \\, so that the escapes cannot be forged;
 *  - everything else (valid, printable UTF-8) shows as it is.
 * Widths are display columns: a CJK character or an emoji counts two, a
 * combining mark none, an escape its four characters. UTF-8 is decoded
 * here and widths come from a table (termwidth.c), so nothing depends on
 * the locale the program runs in. */
#ifndef NLG_EXPORT_TERMTEXT_H
#define NLG_EXPORT_TERMTEXT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* When the terminal does not take UTF-8 (curses in a non-UTF-8 locale),
 * every non-ASCII byte is escaped too. Default: UTF-8. */
void Nlg_term_set_utf8(bool utf8);

/* Renders s into buf (size > 0, always terminated), at most max_cols
 * columns (max_cols < 0: no limit), never cutting a character or an
 * escape in half. Return: the columns written. */
int Nlg_term_render(const char *s, int max_cols, char *buf, size_t size);

/* Cuts text that is already rendered (a line made of rendered names and
 * plain text) to max_cols columns without escaping it again; only what
 * rendering never leaves (a control, broken UTF-8) is still escaped.
 * Return: the columns written. */
int Nlg_term_cut(const char *rendered, int max_cols, char *buf, size_t size);

/* Return: the columns s takes once rendered. */
int Nlg_term_width(const char *s);

/* Renders s into a cell of exactly width columns: cut to fit, then padded
 * with blanks after it (or before it when right is true). buf needs at
 * least width + 1 bytes; a short buffer cuts the text, never the padding.
 * Return: buf. */
char *Nlg_term_cell(const char *s, int width, bool right, char *buf, size_t size);

/* Writes s rendered to f. */
void Nlg_term_fputs(const char *s, FILE *f);

/* printf() to f with the whole result rendered, but for a newline at its
 * very end: for lines whose last part is a name. */
void Nlg_term_printf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void Nlg_term_vprintf(FILE *f, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Writes s as one CSV field (RFC 4180): rendered as for a terminal (so no
 * control byte and no line break is left in it), always quoted, quotes
 * doubled, and prefixed with ' when it starts with = + - @ (or a tab or a
 * carriage return), so that a spreadsheet does not run it as a formula. */
void Nlg_csv_field(const char *s, FILE *f);

/* The width table (termwidth.c), sorted ranges of code points. */
struct Nlg_term_range {
	uint32_t first, last;
};
extern const struct Nlg_term_range Nlg_term_zero[], Nlg_term_wide[];
extern const size_t Nlg_term_zero_count, Nlg_term_wide_count;

#endif
