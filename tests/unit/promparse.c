/* SPDX-License-Identifier: MIT */
/* promparse.c - a strict reader of the Prometheus text format (0.0.4). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "promparse.h"

#define MAX_FAMILIES 512

struct family {
	char name[128], type[16];
	bool help, typed, sampled;
};

struct parser {
	struct prom_doc *doc;
	struct family fam[MAX_FAMILIES];
	size_t nfam;
	struct family *cur;   /* the family whose lines come now */
	int line;
};

static bool fail(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool fail(struct parser *p, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(p->doc->err, sizeof(p->doc->err), "line %d: ", p->line);
	va_start(ap, fmt);
	vsnprintf(p->doc->err + n, sizeof(p->doc->err) - (size_t)n, fmt, ap);
	va_end(ap);
	return false;
}

static bool is_name_char(char c, bool first, bool colon)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon && c == ':'))
		return true;
	return !first && c >= '0' && c <= '9';
}

/* Return: the length of the name at s (0 when there is none). */
static size_t name_len(const char *s, bool colon)
{
	size_t n = 0;
	while (s[n] && is_name_char(s[n], n == 0, colon))
		n++;
	return n;
}

static struct family *family_find(struct parser *p, const char *name, size_t n)
{
	for (size_t i = 0; i < p->nfam; i++)
		if (strlen(p->fam[i].name) == n && !strncmp(p->fam[i].name, name, n))
			return &p->fam[i];
	return NULL;
}

/* A HELP or TYPE line opens its family, or continues the current one. */
static struct family *family_open(struct parser *p, const char *name, size_t n)
{
	struct family *f = family_find(p, name, n);
	if (f && f != p->cur) {
		fail(p, "family %.*s resumes after another family", (int)n, name);
		return NULL;
	}
	if (f && f->sampled) {
		fail(p, "HELP or TYPE of %.*s after its samples", (int)n, name);
		return NULL;
	}
	if (!f) {
		if (p->nfam == MAX_FAMILIES || n >= sizeof(f->name)) {
			fail(p, "too many families or too long a name");
			return NULL;
		}
		f = &p->fam[p->nfam++];
		memcpy(f->name, name, n);
	}
	p->cur = f;
	return f;
}

static bool valid_type(const char *t)
{
	static const char *const types[] = { "counter", "gauge", "summary", "histogram", "untyped" };
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(t, types[i]))
			return true;
	return false;
}

static bool help_text_ok(const char *s)
{
	for (; *s; s++)
		if (*s == '\\' && (s[1] != '\\' && s[1] != 'n'))
			return false;
		else if (*s == '\\')
			s++;
	return true;
}

static bool parse_comment(struct parser *p, const char *line)
{
	bool help = !strncmp(line, "# HELP ", 7), type = !strncmp(line, "# TYPE ", 7);
	if (!help && !type)
		return true;  /* a plain comment */
	const char *name = line + 7;
	size_t n = name_len(name, true);
	if (!n || (name[n] != ' ' && name[n] != '\0'))
		return fail(p, "bad metric name in %s", line);
	struct family *f = family_open(p, name, n);
	if (!f)
		return false;
	const char *rest = name[n] ? name + n + 1 : "";
	if (help) {
		if (f->help)
			return fail(p, "second HELP for %s", f->name);
		if (!help_text_ok(rest))
			return fail(p, "bad escape in HELP of %s", f->name);
		f->help = true;
		return true;
	}
	if (f->typed)
		return fail(p, "second TYPE for %s", f->name);
	if (!valid_type(rest))
		return fail(p, "unknown type '%s'", rest);
	snprintf(f->type, sizeof(f->type), "%s", rest);
	f->typed = true;
	return true;
}

/* Parses {name="value",...} at *s, advancing it. */
static bool parse_labels(struct parser *p, const char **s)
{
	const char *c = *s + 1;
	while (*c != '}') {
		size_t n = name_len(c, false);
		if (!n || c[n] != '=' || c[n + 1] != '"')
			return fail(p, "bad label at '%s'", c);
		for (c += n + 2; *c != '"'; c++) {
			if (!*c)
				return fail(p, "unterminated label value");
			if (*c == '\\' && c[1] != '\\' && c[1] != '"' && c[1] != 'n')
				return fail(p, "bad escape in label value");
			if (*c == '\\')
				c++;
		}
		c++;
		if (*c == ',')
			c++;
		else if (*c != '}')
			return fail(p, "expected , or } at '%s'", c);
	}
	*s = c + 1;
	return true;
}

static bool has_suffix(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);
	return n > k && !strncmp(s + n - k, suffix, k);
}

/* The family a sample belongs to: its own name, or a summary's or
 * histogram's for the _sum, _count and _bucket lines. */
static struct family *sample_family(struct parser *p, const char *name, size_t n)
{
	struct family *f = family_find(p, name, n);
	if (f)
		return f;
	static const char *const parts[] = { "_sum", "_count", "_bucket" };
	for (size_t i = 0; i < 3; i++) {
		if (!has_suffix(name, n, parts[i]))
			continue;
		f = family_find(p, name, n - strlen(parts[i]));
		if (f && (!strcmp(f->type, "summary") || !strcmp(f->type, "histogram")))
			return f;
	}
	return NULL;
}

static bool add_sample(struct parser *p, const char *series, size_t n, const char *family,
		       double v)
{
	struct prom_doc *d = p->doc;
	for (size_t i = 0; i < d->n; i++)
		if (strlen(d->v[i].series) == n && !strncmp(d->v[i].series, series, n))
			return fail(p, "series %.*s repeats", (int)n, series);
	if (d->n == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 64;
		struct prom_sample *nv = realloc(d->v, cap * sizeof(*nv));
		if (!nv)
			return fail(p, "out of memory");
		d->v = nv;
		d->cap = cap;
	}
	struct prom_sample *s = &d->v[d->n];
	s->series = strndup(series, n);
	s->family = strdup(family);
	s->value = v;
	if (!s->series || !s->family)
		return fail(p, "out of memory");
	d->n++;
	return true;
}

static bool parse_sample(struct parser *p, const char *line)
{
	size_t n = name_len(line, true);
	if (!n)
		return fail(p, "no metric name in '%s'", line);
	struct family *f = sample_family(p, line, n);
	if (!f || !f->help || !f->typed)
		return fail(p, "sample of %.*s without HELP and TYPE before it", (int)n, line);
	if (f != p->cur)
		return fail(p, "sample of %s away from its family", f->name);
	const char *c = line + n;
	if (*c == '{' && !parse_labels(p, &c))
		return false;
	if (*c != ' ')
		return fail(p, "expected a space before the value");
	size_t series_len = (size_t)(c - line);
	char *end;
	double v = strtod(c + 1, &end);
	if (end == c + 1 || (*end && *end != ' '))
		return fail(p, "bad value in '%s'", line);
	if (*end == ' ') {
		strtoll(end + 1, &end, 10);
		if (*end)
			return fail(p, "bad timestamp in '%s'", line);
	}
	bool counter = !strcmp(f->type, "counter");
	if (counter && !has_suffix(f->name, strlen(f->name), "_total"))
		return fail(p, "counter %s does not end in _total", f->name);
	if ((counter || strcmp(f->type, "gauge")) && !(v >= 0))
		return fail(p, "%s is negative or NaN", f->name);
	f->sampled = true;
	return add_sample(p, line, series_len, f->name, v);
}

/* Return: true when s is UTF-8 (lead and continuation bytes in place; the
 * finer rules are the exporter's own test's business). */
static bool is_utf8(const unsigned char *s)
{
	while (*s) {
		int n = *s < 0x80 ? 0 : (*s & 0xe0) == 0xc0 ? 1 : (*s & 0xf0) == 0xe0 ? 2 :
			(*s & 0xf8) == 0xf0 ? 3 : -1;
		if (n < 0)
			return false;
		for (s++; n > 0; n--, s++)
			if ((*s & 0xc0) != 0x80)
				return false;
	}
	return true;
}

bool prom_parse(const char *text, struct prom_doc *doc)
{
	static struct parser zero;
	struct parser *p = malloc(sizeof(*p));
	if (!p)
		return false;
	*p = zero;
	p->doc = doc;
	bool ok = true;
	char *copy = strdup(text), *save = NULL;
	if (!copy || (*text && text[strlen(text) - 1] != '\n'))
		ok = fail(p, "text does not end in a newline");
	else if (!is_utf8((const unsigned char *)text))
		ok = fail(p, "text is not UTF-8");
	for (char *line = copy ? strtok_r(copy, "\n", &save) : NULL; ok && line;
	     line = strtok_r(NULL, "\n", &save)) {
		p->line++;
		ok = line[0] == '#' ? parse_comment(p, line) : parse_sample(p, line);
	}
	free(copy);
	free(p);
	return ok;
}

double prom_value(const struct prom_doc *doc, const char *series)
{
	for (size_t i = 0; i < doc->n; i++)
		if (!strcmp(doc->v[i].series, series))
			return doc->v[i].value;
	return -1;
}

void prom_doc_done(struct prom_doc *doc)
{
	for (size_t i = 0; i < doc->n; i++) {
		free(doc->v[i].series);
		free(doc->v[i].family);
	}
	free(doc->v);
	memset(doc, 0, sizeof(*doc));
}
