/* SPDX-License-Identifier: MIT */
/* json_stream.c - the streaming JSON writer (see json_stream.h). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "export/json_stream.h"
#include "export/utf8.h"

/* Flushed to out past this; the buffer stays about this size. */
#define FLUSH_AT (64u * 1024u)

void Nlg_js_init(struct Nlg_js *js, FILE *out, unsigned flags)
{
	*js = (struct Nlg_js){ .out = out, .flags = flags };
}

void Nlg_js_fail(struct Nlg_js *js, int err)
{
	if (!js->err)
		js->err = err;
}

static void fail(struct Nlg_js *js, int err)
{
	Nlg_js_fail(js, err);
}

/* Return: room for n more bytes (and a NUL) at buf + len, or false. */
static bool reserve(struct Nlg_js *js, size_t n)
{
	if (js->err)
		return false;
	if (js->cap - js->len > n)
		return true;
	size_t cap = js->cap ? js->cap : 4096;
	while (cap - js->len <= n) {
		if (cap > SIZE_MAX / 2) {
			fail(js, -ENOMEM);
			return false;
		}
		cap *= 2;
	}
	char *b = realloc(js->buf, cap);
	if (!b) {
		fail(js, -ENOMEM);
		return false;
	}
	js->buf = b;
	js->cap = cap;
	return true;
}

static void flush(struct Nlg_js *js)
{
	if (!js->out || js->err || !js->len)
		return;
	if (fwrite(js->buf, 1, js->len, js->out) != js->len)
		fail(js, -EIO);
	js->len = 0;
}

static void put(struct Nlg_js *js, const char *s, size_t n)
{
	if (!reserve(js, n))
		return;
	memcpy(js->buf + js->len, s, n);
	js->len += n;
}

static void putc1(struct Nlg_js *js, char c)
{
	if (!reserve(js, 1))
		return;
	js->buf[js->len++] = c;
}

/* Before any value: the comma after a previous element. */
static void value_start(struct Nlg_js *js)
{
	if (js->after_key) {
		js->after_key = false;
		return;
	}
	uint64_t bit = 1ull << js->depth;
	if (js->depth && (js->has_items & bit))
		putc1(js, ',');
	js->has_items |= bit;
}

static void open(struct Nlg_js *js, char c)
{
	value_start(js);
	if (js->depth + 1 >= NLG_JS_MAX_DEPTH) {
		fail(js, -EINVAL);
		return;
	}
	putc1(js, c);
	js->depth++;
	js->has_items &= ~(1ull << js->depth);
}

static void close_(struct Nlg_js *js, char c)
{
	if (!js->depth || js->after_key) {
		fail(js, -EINVAL);
		return;
	}
	js->depth--;
	putc1(js, c);
	if (js->len >= FLUSH_AT)
		flush(js);
}

void Nlg_js_obj_open(struct Nlg_js *js)
{
	open(js, '{');
}

void Nlg_js_obj_close(struct Nlg_js *js)
{
	close_(js, '}');
}

void Nlg_js_arr_open(struct Nlg_js *js)
{
	open(js, '[');
}

void Nlg_js_arr_close(struct Nlg_js *js)
{
	close_(js, ']');
}

/* The text of a byte that needs an escape; NULL when it needs none. */
static const char *short_escape(unsigned char c, unsigned flags)
{
	switch (c) {
	case '\b': return "\\b";
	case '\n': return "\\n";
	case '\r': return "\\r";
	case '\t': return "\\t";
	case '\f': return "\\f";
	case '"': return "\\\"";
	case '\\': return "\\\\";
	case '/': return (flags & NLG_JS_ESCAPE_SLASH) ? "\\/" : NULL;
	default: return NULL;
	}
}

/* Return: true for a byte copied as it is (printable ASCII, no escape). */
static bool plain(unsigned char c, unsigned flags)
{
	return c >= 0x20 && c < 0x80 && c != '"' && c != '\\' &&
	       (c != '/' || !(flags & NLG_JS_ESCAPE_SLASH));
}

/* One byte or sequence at s[0..n) that is not plain. Return: bytes used. */
static size_t escape_one(struct Nlg_js *js, const unsigned char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	uint32_t cp;
	const char *e = short_escape(s[0], js->flags);
	if (e) {
		put(js, e, strlen(e));
		return 1;
	}
	if (s[0] < 0x20) {
		char u[6] = { '\\', 'u', '0', '0', hex[s[0] >> 4], hex[s[0] & 15] };
		put(js, u, sizeof(u));
		return 1;
	}
	size_t len = Nlg_utf8_decode(s, n, &cp);
	if (len) {
		put(js, (const char *)s, len);
		return len;
	}
	/* not UTF-8: the terminal's \xHH, its backslash escaped for JSON */
	char x[5] = { '\\', '\\', 'x', hex[s[0] >> 4], hex[s[0] & 15] };
	put(js, x, sizeof(x));
	return 1;
}

void Nlg_js_escape(struct Nlg_js *js, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n && !js->err) {
		size_t run = i;
		while (run < n && plain(s[run], js->flags))
			run++;
		put(js, (const char *)s + i, run - i);
		if (run < n)
			run += escape_one(js, s + run, n - run);
		i = run;
	}
}

void Nlg_js_str_len(struct Nlg_js *js, const char *s, size_t n)
{
	value_start(js);
	putc1(js, '"');
	Nlg_js_escape(js, s, n);
	putc1(js, '"');
}

void Nlg_js_str(struct Nlg_js *js, const char *s)
{
	Nlg_js_str_len(js, s, strlen(s));
}

void Nlg_js_str_or_null(struct Nlg_js *js, const char *s)
{
	if (s)
		Nlg_js_str(js, s);
	else
		Nlg_js_null(js);
}

void Nlg_js_key(struct Nlg_js *js, const char *key)
{
	if (js->after_key) {
		fail(js, -EINVAL);
		return;
	}
	Nlg_js_str(js, key);
	putc1(js, ':');
	js->after_key = true;
}

/* Digits of v, written backwards from the end of a 20-byte buffer. */
static void put_digits(struct Nlg_js *js, uint64_t v, bool neg)
{
	char b[21];
	size_t i = sizeof(b);
	do {
		b[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	if (neg)
		b[--i] = '-';
	put(js, b + i, sizeof(b) - i);
}

void Nlg_js_uint(struct Nlg_js *js, uint64_t v)
{
	value_start(js);
	put_digits(js, v, false);
}

void Nlg_js_int(struct Nlg_js *js, int64_t v)
{
	value_start(js);
	put_digits(js, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v, v < 0);
}

/* json-c 0.13-0.17 json_object_double_to_json_string_format() with its
 * standard format: the same text for every double. */
void Nlg_js_double(struct Nlg_js *js, double v)
{
	char b[128];
	int n;
	value_start(js);
	/* A whole number below 1e17 is exact in %.17g, without an exponent:
	 * its digits and ".0" are json-c's text without printf's cost (a
	 * first sample's rates are all 0). */
	if (v == 0 || (fabs(v) < 1e17 && v == trunc(v))) {
		put_digits(js, (uint64_t)fabs(v), signbit(v) != 0);
		put(js, ".0", 2);
		return;
	}
	if (isnan(v))
		n = snprintf(b, sizeof(b), "NaN");
	else if (isinf(v))
		n = snprintf(b, sizeof(b), v > 0 ? "Infinity" : "-Infinity");
	else {
		n = snprintf(b, sizeof(b), "%.17g", v);
		char *p = strchr(b, ',');  /* a locale's decimal comma */
		if (p)
			*p = '.';
		else
			p = strchr(b, '.');
		bool numeric = (b[0] >= '0' && b[0] <= '9') ||
			       (n > 1 && b[0] == '-' && b[1] >= '0' && b[1] <= '9');
		if (n > 0 && n < (int)sizeof(b) - 2 && numeric && !p && !strchr(b, 'e')) {
			memcpy(b + n, ".0", 3);
			n += 2;
		}
	}
	if (n < 0) {
		fail(js, -EINVAL);
		return;
	}
	put(js, b, (size_t)n);
}

void Nlg_js_raw(struct Nlg_js *js, const char *json)
{
	value_start(js);
	put(js, json, strlen(json));
}

void Nlg_js_bool(struct Nlg_js *js, bool v)
{
	value_start(js);
	put(js, v ? "true" : "false", v ? 4 : 5);
}

void Nlg_js_null(struct Nlg_js *js)
{
	value_start(js);
	put(js, "null", 4);
}

const char *Nlg_js_text(struct Nlg_js *js, size_t *len)
{
	if (!reserve(js, 0))
		return NULL;
	js->buf[js->len] = '\0';
	if (len)
		*len = js->len;
	return js->buf;
}

int Nlg_js_done(struct Nlg_js *js)
{
	if (js->depth || js->after_key)
		fail(js, -EINVAL);
	flush(js);
	if (js->out && !js->err && fflush(js->out) != 0)
		fail(js, -EIO);
	free(js->buf);
	int err = js->err;
	*js = (struct Nlg_js){ 0 };
	return err;
}
