/* SPDX-License-Identifier: MIT */
/* args.c - query parameters of the API: names, times and ranges. Every
 * value comes from the network: anything but the documented forms is
 * refused with a reason, never guessed at. */
#define _DEFAULT_SOURCE /* timegm */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "daemon/web/web_int.h"

const char *web_arg(const struct Nlg_web_arg *a, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(a[i].key, key))
			return a[i].value ? a[i].value : "";
	return NULL;
}

/* Parameter names are echoed in errors: only plain ones are. */
static bool plain(const char *s)
{
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

int web_args_check(const struct Nlg_web_arg *a, size_t n, const char *const *allowed,
		   char *err, size_t errlen)
{
	for (size_t i = 0; i < n; i++) {
		size_t k = 0;
		while (allowed[k] && strcmp(allowed[k], a[i].key))
			k++;
		const char *shown = plain(a[i].key) && strlen(a[i].key) < 40 ? a[i].key : "?";
		if (!allowed[k]) {
			snprintf(err, errlen, "unknown parameter '%s'", shown);
			return -1;
		}
		for (size_t j = 0; j < i; j++)
			if (!strcmp(a[j].key, a[i].key)) {
				snprintf(err, errlen, "parameter '%s' given twice", shown);
				return -1;
			}
	}
	return 0;
}

/* Return: the digits of s as a number below 10^12, or -1. */
static int64_t digits(const char *s, const char **end)
{
	int64_t v = 0;
	const char *p = s;
	for (; isdigit((unsigned char)*p); p++) {
		if (p - s >= 12)
			return -1;
		v = v * 10 + (*p - '0');
	}
	*end = p;
	return p == s ? -1 : v;
}

int web_parse_time(const char *s, int64_t now, int64_t *out)
{
	static const char units[] = "smhdw";
	static const int64_t secs[] = { 1, 60, 3600, 86400, 7 * 86400 };
	const char *end;
	int64_t v;
	if (!strcmp(s, "now")) {
		v = now;
	} else if (s[0] == '-') {
		v = digits(s + 1, &end);
		const char *u = v >= 0 && *end && !end[1] ? strchr(units, *end) : NULL;
		if (!u || v > WEB_SPAN_MAX / secs[u - units])
			return -1;
		v = now - v * secs[u - units];
	} else {
		v = digits(s, &end);
		if (v < 0 || *end)
			return -1;
	}
	if (v < 0 || v > WEB_TIME_MAX)
		return -1;
	*out = v;
	return 0;
}

static int64_t month_day(int year, int mon, unsigned day)
{
	static const int len[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y = year + 1900 + (mon < 0 ? -1 : mon / 12), m = ((mon % 12) + 12) % 12;
	int n = len[m] + (m == 1 && ((y % 4 == 0 && y % 100) || y % 400 == 0));
	struct tm tm = { .tm_year = y - 1900, .tm_mon = m, .tm_mday = (int)day > n ? n : (int)day };
	return (int64_t)timegm(&tm);
}

void web_billing_period(int64_t now, unsigned day, int64_t *since, int64_t *until)
{
	time_t t = (time_t)now;
	struct tm tm;
	gmtime_r(&t, &tm);
	if (day < 1)
		day = 1;
	int m = tm.tm_mon;
	if (month_day(tm.tm_year, m, day) > now)
		m--;
	*since = month_day(tm.tm_year, m, day);
	*until = month_day(tm.tm_year, m + 1, day);
}

int web_preset(const char *name, int64_t now, unsigned billing_day, int64_t *since,
	       int64_t *until)
{
	static const struct { const char *name; int64_t span; } p[] = {
		{ "hour", 3600 }, { "day", 86400 }, { "week", 7 * 86400 },
		{ "month", 30 * 86400 }, { "year", 365 * 86400 },
	};
	if (!strcmp(name, "billing")) {
		web_billing_period(now, billing_day, since, until);
		return 0;
	}
	for (size_t i = 0; i < sizeof(p) / sizeof(p[0]); i++)
		if (!strcmp(name, p[i].name)) {
			*until = now;
			*since = now - p[i].span;
			return 0;
		}
	return -1;
}

static int64_t step(enum Nlg_res res)
{
	static const int64_t s[NLG_RES_COUNT] = { 60, 3600, 86400, 31 * 86400 };
	return s[res];
}

enum Nlg_res web_res_fit(int64_t since, int64_t until, int64_t now, const int64_t *keep)
{
	for (enum Nlg_res r = NLG_RES_MINUTE; r < NLG_RES_MONTH; r++) {
		bool kept = !keep[r] || since >= now - keep[r];
		if (kept && (until - since) / step(r) <= WEB_FIT_POINTS)
			return r;
	}
	return NLG_RES_MONTH;
}

static int parse_res(const char *s, enum Nlg_res *r)
{
	for (enum Nlg_res i = 0; i < NLG_RES_COUNT; i++)
		if (!strcmp(s, Nlg_res_name(i))) {
			*r = i;
			return 0;
		}
	return -1;
}

/* Reads the range's ends. Return: 0, or -1 with the reason in err. */
static int range_ends(const struct Nlg_web_arg *a, size_t n, int64_t now,
		      const struct Nlg_web_opts *o, int64_t *since, int64_t *until,
		      char *err, size_t errlen)
{
	const char *rg = web_arg(a, n, "range"), *s = web_arg(a, n, "since"),
		   *u = web_arg(a, n, "until");
	if (rg && (s || u)) {
		snprintf(err, errlen, "range excludes since and until");
		return -1;
	}
	if (rg) {
		if (web_preset(rg, now, o->billing_day, since, until) == 0)
			return 0;
		snprintf(err, errlen, "unknown range (hour, day, week, month, year or billing)");
		return -1;
	}
	*until = now;
	if (u && web_parse_time(u, now, until) < 0) {
		snprintf(err, errlen, "invalid until (unix seconds, now, or -N[smhdw])");
		return -1;
	}
	*since = *until - 86400;
	if (s && web_parse_time(s, now, since) < 0) {
		snprintf(err, errlen, "invalid since (unix seconds, now, or -N[smhdw])");
		return -1;
	}
	return 0;
}

int web_range_parse(const struct Nlg_web_arg *a, size_t n, int64_t now,
		    const struct Nlg_web_opts *o, struct web_range *r, char *err, size_t errlen)
{
	int64_t since, until;
	if (range_ends(a, n, now, o, &since, &until, err, errlen) < 0)
		return -1;
	if (since >= until) {
		snprintf(err, errlen, "since must be before until");
		return -1;
	}
	if (since < 0 || until - since > WEB_SPAN_MAX) {
		snprintf(err, errlen, "range too long (at most 200 years)");
		return -1;
	}
	const char *res = web_arg(a, n, "res");
	if (res && parse_res(res, &r->res) < 0) {
		snprintf(err, errlen, "unknown res (minute, hour, day or month)");
		return -1;
	}
	if (!res)
		r->res = web_res_fit(since, until, now, o->keep);
	/* Whole buckets, as the store keeps them: [first bucket touched,
	 * end of the last one). */
	r->since = Nlg_res_start(r->res, since);
	r->until = Nlg_res_next(r->res, Nlg_res_start(r->res, until - 1));
	if ((r->until - r->since) / step(r->res) > WEB_MAX_BUCKETS) {
		snprintf(err, errlen, "range too long for res=%s (at most %d buckets)",
			 Nlg_res_name(r->res), WEB_MAX_BUCKETS);
		return -1;
	}
	return 0;
}
