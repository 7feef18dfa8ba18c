/* SPDX-License-Identifier: MIT */
/* termtext.c - untrusted text made safe and measured for a terminal; the
 * convention is in termtext.h. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "export/termtext.h"
#include "export/utf8.h"

/* The terminal's character set is one per process, like the terminal. */
static bool term_utf8 = true;

void Nlg_term_set_utf8(bool utf8)
{
	term_utf8 = utf8;
}

/* One piece of output: a character as it is, or an escape. */
struct unit {
	size_t in_len;        /* bytes of the input it stands for */
	char out[8];
	size_t out_len;       /* 0: copy the input bytes */
	int cols;
};

static bool in_table(uint32_t c, const struct Nlg_term_range *t, size_t n)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c < t[mid].first)
			hi = mid;
		else if (c > t[mid].last)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

/* Controls, and format characters that reorder or break the line. */
static bool must_escape(uint32_t c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x61c || c == 0x200e || c == 0x200f ||
	       (c >= 0x2028 && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

static int cp_width(uint32_t c)
{
	if (in_table(c, Nlg_term_zero, Nlg_term_zero_count))
		return 0;
	return in_table(c, Nlg_term_wide, Nlg_term_wide_count) ? 2 : 1;
}

static void escape_bytes(const unsigned char *s, size_t n, struct unit *u)
{
	static const char hex[] = "0123456789abcdef";
	u->in_len = n;
	u->out_len = 0;
	for (size_t i = 0; i < n; i++) {
		char *o = u->out + u->out_len;
		o[0] = '\\';
		o[1] = 'x';
		o[2] = hex[s[i] >> 4];
		o[3] = hex[s[i] & 15];
		u->out_len += 4;
	}
	u->cols = (int)u->out_len;
}

/* The next unit of s (s[0] != 0). A sequence escapes byte by byte; an
 * escape of more than two bytes (a three-byte format character) is split
 * into one unit per byte so that it fits unit.out. */
static void next_unit(const unsigned char *s, bool rendered, struct unit *u)
{
	uint32_t c;
	size_t len = Nlg_utf8_decode(s, 4, &c); /* stops at the NUL */
	if (!len || (len > 1 && !term_utf8)) {
		escape_bytes(s, 1, u);
	} else if (must_escape(c)) {
		escape_bytes(s, len > 2 ? 1 : len, u);
	} else if (c == '\\' && !rendered) {
		*u = (struct unit){ .in_len = 1, .out = "\\\\", .out_len = 2, .cols = 2 };
	} else {
		*u = (struct unit){ .in_len = len, .cols = cp_width(c) };
	}
}

/* Renders s into buf until max_cols, leaving room for blanks up to
 * pad_to columns. Return: the bytes written (buf terminated). */
static size_t render(const char *s, bool rendered, int max_cols, int pad_to, char *buf,
		     size_t size, int *cols)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t used = 0;
	int w = 0;
	struct unit u;
	while (p && *p) {
		next_unit(p, rendered, &u);
		size_t out = u.out_len ? u.out_len : u.in_len;
		int room = pad_to > w + u.cols ? pad_to - w - u.cols : 0;
		if ((max_cols >= 0 && w + u.cols > max_cols) || used + out + (size_t)room + 1 > size)
			break;
		memcpy(buf + used, u.out_len ? (const unsigned char *)u.out : p, out);
		used += out;
		w += u.cols;
		p += u.in_len;
	}
	buf[used] = '\0';
	*cols = w;
	return used;
}

int Nlg_term_render(const char *s, int max_cols, char *buf, size_t size)
{
	int cols;
	render(s, false, max_cols, 0, buf, size, &cols);
	return cols;
}

int Nlg_term_cut(const char *rendered, int max_cols, char *buf, size_t size)
{
	int cols;
	render(rendered, true, max_cols, 0, buf, size, &cols);
	return cols;
}

int Nlg_term_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int w = 0;
	struct unit u;
	while (*p) {
		next_unit(p, false, &u);
		w += u.cols;
		p += u.in_len;
	}
	return w;
}

char *Nlg_term_cell(const char *s, int width, bool right, char *buf, size_t size)
{
	int cols;
	if (width < 0)
		width = 0;
	if (size < (size_t)width + 1) {
		render(s, false, width, 0, buf, size, &cols);
		return buf;
	}
	size_t used = render(s, false, width, width, buf, size, &cols);
	size_t pad = (size_t)(width - cols);
	if (right) {
		memmove(buf + pad, buf, used + 1);
		memset(buf, ' ', pad);
	} else {
		memset(buf + used, ' ', pad);
		buf[used + pad] = '\0';
	}
	return buf;
}

void Nlg_term_fputs(const char *s, FILE *f)
{
	const unsigned char *p = (const unsigned char *)s;
	struct unit u;
	while (*p) {
		next_unit(p, false, &u);
		fwrite(u.out_len ? (const unsigned char *)u.out : p, 1, u.out_len ? u.out_len : u.in_len, f);
		p += u.in_len;
	}
}

void Nlg_term_printf(FILE *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	Nlg_term_vprintf(f, fmt, ap);
	va_end(ap);
}

void Nlg_term_vprintf(FILE *f, const char *fmt, va_list ap)
{
	char *s;
	int n = vasprintf(&s, fmt, ap);
	if (n < 0) {
		fputs("(out of memory)\n", f);
		return;
	}
	bool nl = n > 0 && s[n - 1] == '\n';
	if (nl)
		s[n - 1] = '\0';
	Nlg_term_fputs(s, f);
	if (nl)
		fputc('\n', f);
	free(s);
}
