/* SPDX-License-Identifier: MIT */
/* prom_text.c - lines of the Prometheus text format: names, escaping,
 * HELP/TYPE and samples. */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/prom.h"
#include "export/prom_int.h"

static bool reserve(struct Nlg_prom_buf *b, size_t more)
{
	if (b->oom)
		return false;
	if (b->len + more + 1 <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 4096;
	while (cap < b->len + more + 1)
		cap *= 2;
	char *p = realloc(b->p, cap);
	if (!p) {
		b->oom = true;
		return false;
	}
	b->p = p;
	b->cap = cap;
	return true;
}

void Nlg_prom_buf_printf(struct Nlg_prom_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char tmp[256];
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0 || !reserve(b, (size_t)n))
		return;
	if ((size_t)n < sizeof(tmp)) {
		memcpy(b->p + b->len, tmp, (size_t)n + 1);
	} else {
		va_start(ap, fmt);
		vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

/* HELP text escapes backslash and newline; label values also '"'. */
static const char *escape_of(char c, bool quote)
{
	switch (c) {
	case '\\': return "\\\\";
	case '\n': return "\\n";
	case '"': return quote ? "\\\"" : NULL;
	default: return NULL;
	}
}

/* Return: the length of the valid UTF-8 sequence at s (1 to 4), or 0. */
static size_t utf8_len(const unsigned char *s)
{
	if (s[0] < 0x80)
		return 1;
	size_t n = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 ? 2 : 0;
	if (!n || s[0] > 0xf4)
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	/* no overlong forms, surrogates or code points past U+10FFFF */
	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0) ||
	    (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] >= 0x90))
		return 0;
	return n;
}

#define REPLACEMENT "\xef\xbf\xbd"  /* U+FFFD for a byte that is not UTF-8 */

/* Return: the text that stands for the unit at *s (its length in *in, the
 * text's in *out): an escape, U+FFFD, or the unit itself. */
static const char *unit_of(const char *s, bool quote, size_t *in, size_t *out)
{
	const char *e = escape_of(*s, quote);
	size_t n = utf8_len((const unsigned char *)s);
	*in = n ? n : 1;
	if (e) {
		*out = 2;
		return e;
	}
	*out = n ? n : 3;
	return n ? s : REPLACEMENT;
}

void Nlg_prom_buf_escaped(struct Nlg_prom_buf *b, const char *s, bool quote)
{
	while (*s) {
		size_t in, out;
		const char *u = unit_of(s, quote, &in, &out);
		if (!reserve(b, out))
			return;
		memcpy(b->p + b->len, u, out);
		b->len += out;
		b->p[b->len] = '\0';
		s += in;
	}
}

size_t Nlg_prom_escape_label(const char *s, char *out, size_t n)
{
	size_t len = 0;
	while (*s) {
		size_t in, k;
		const char *u = unit_of(s, true, &in, &k);
		for (size_t j = 0; j < k; j++, len++)
			if (len + 1 < n)
				out[len] = u[j];
		s += in;
	}
	if (n)
		out[len < n ? len : n - 1] = '\0';
	return len;
}

static bool name_ok(const char *s, bool colon)
{
	if (!s || !*s || (*s >= '0' && *s <= '9'))
		return false;
	for (; *s; s++) {
		char c = *s;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			  c == '_' || (colon && c == ':');
		if (!ok)
			return false;
	}
	return true;
}

bool Nlg_prom_metric_name_ok(const char *s)
{
	return name_ok(s, true);
}

bool Nlg_prom_label_name_ok(const char *s)
{
	return name_ok(s, false) && strncmp(s, "__", 2) != 0;
}

void Nlg_prom_family(struct Nlg_prom_buf *b, const char *name, const char *type,
		     const char *help)
{
	Nlg_prom_buf_printf(b, "# HELP %s ", name);
	Nlg_prom_buf_escaped(b, help, false);
	Nlg_prom_buf_printf(b, "\n# TYPE %s %s\n", name, type);
}

static void labels(struct Nlg_prom_buf *b, const char *name, const struct Nlg_prom_label *l,
		   size_t nl)
{
	Nlg_prom_buf_printf(b, "%s", name);
	for (size_t i = 0; i < nl; i++) {
		Nlg_prom_buf_printf(b, "%s%s=\"", i ? "," : "{", l[i].name);
		Nlg_prom_buf_escaped(b, l[i].value, true);
		Nlg_prom_buf_printf(b, "\"");
	}
	if (nl)
		Nlg_prom_buf_printf(b, "}");
}

void Nlg_prom_sample_u64(struct Nlg_prom_buf *b, const char *name,
			 const struct Nlg_prom_label *l, size_t nl, uint64_t v)
{
	labels(b, name, l, nl);
	Nlg_prom_buf_printf(b, " %" PRIu64 "\n", v);
}

void Nlg_prom_sample_f64(struct Nlg_prom_buf *b, const char *name,
			 const struct Nlg_prom_label *l, size_t nl, double v)
{
	labels(b, name, l, nl);
	if (isnan(v))
		Nlg_prom_buf_printf(b, " NaN\n");
	else if (isinf(v))
		Nlg_prom_buf_printf(b, " %s\n", v > 0 ? "+Inf" : "-Inf");
	else
		Nlg_prom_buf_printf(b, " %.15g\n", v);
}
