/* SPDX-License-Identifier: MIT */
/* test_web_api.c - the history page's API without a socket: parameters
 * and ranges, answers against the store's own queries, and a 400 with a
 * JSON error for every kind of bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon/web/web_int.h"
#include "netledger.h"

/* 2026-12-15 12:34:56 UTC */
#define NOW 1797338096LL

static int64_t fixed_clock(void *ctx)
{
	return *(const int64_t *)ctx;
}

static struct Nlg_web_opts opts(int64_t *now)
{
	struct Nlg_web_opts o = { .db = ":memory:", .billing_day = 1, .clock = fixed_clock,
				  .clock_ctx = now };
	struct Nlg_store_policy p;
	Nlg_store_policy_default(&p);
	memcpy(o.keep, p.keep, sizeof(o.keep));
	return o;
}

static void parse_time(void **state)
{
	(void)state;
	int64_t t;
	static const struct { const char *s; int64_t want; } good[] = {
		{ "0", 0 }, { "1797338096", NOW }, { "now", NOW }, { "-1h", NOW - 3600 },
		{ "-30m", NOW - 1800 }, { "-2w", NOW - 14 * 86400 }, { "-10s", NOW - 10 },
		{ "-1d", NOW - 86400 },
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(web_parse_time(good[i].s, NOW, &t), 0);
		assert_int_equal(t, good[i].want);
	}
	static const char *const bad[] = {
		"", "abc", "12x", "-5", "-5y", "--1h", "1e5", "99999999999999", "-", "+5", " 5",
		"5 ", "0x10", "-1hh", "-999999999999d", "253402300800", "-h", "now1", "1.5",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(web_parse_time(bad[i], NOW, &t), -1);
	/* Before the epoch. */
	assert_int_equal(web_parse_time("-1d", 100, &t), -1);
}

static int64_t utc(int y, int mon, int d)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mon - 1, .tm_mday = d };
	return (int64_t)timegm(&tm);
}

static void billing(void **state)
{
	(void)state;
	int64_t s, u;
	web_billing_period(NOW, 1, &s, &u);
	assert_int_equal(s, utc(2026, 12, 1));
	assert_int_equal(u, utc(2027, 1, 1));
	web_billing_period(NOW, 15, &s, &u);   /* the 15th itself starts one */
	assert_int_equal(s, utc(2026, 12, 15));
	assert_int_equal(u, utc(2027, 1, 15));
	web_billing_period(NOW, 16, &s, &u);   /* before the 16th: last month's */
	assert_int_equal(s, utc(2026, 11, 16));
	assert_int_equal(u, utc(2026, 12, 16));
	/* Day 31 in a short month starts on its last day. */
	web_billing_period(utc(2026, 2, 10), 31, &s, &u);
	assert_int_equal(s, utc(2026, 1, 31));
	assert_int_equal(u, utc(2026, 2, 28));
	web_billing_period(utc(2028, 3, 5), 30, &s, &u);
	assert_int_equal(s, utc(2028, 2, 29));
	assert_int_equal(u, utc(2028, 3, 30));
	web_billing_period(utc(2027, 1, 3), 5, &s, &u); /* across the new year */
	assert_int_equal(s, utc(2026, 12, 5));
	assert_int_equal(u, utc(2027, 1, 5));
}

static void resolution_fit(void **state)
{
	int64_t now = NOW;
	struct Nlg_web_opts o = opts(&now);
	(void)state;
	assert_int_equal(web_res_fit(NOW - 3600, NOW, NOW, o.keep), NLG_RES_MINUTE);
	assert_int_equal(web_res_fit(NOW - 86400, NOW, NOW, o.keep), NLG_RES_MINUTE);
	assert_int_equal(web_res_fit(NOW - 7 * 86400, NOW, NOW, o.keep), NLG_RES_HOUR);
	assert_int_equal(web_res_fit(NOW - 365 * 86400, NOW, NOW, o.keep), NLG_RES_DAY);
	assert_int_equal(web_res_fit(NOW - 10LL * 365 * 86400, NOW, NOW, o.keep), NLG_RES_MONTH);
	/* An hour three days ago: minutes are no longer kept. */
	assert_int_equal(web_res_fit(NOW - 3 * 86400, NOW - 3 * 86400 + 3600, NOW, o.keep),
			 NLG_RES_HOUR);
}

#define ARGS(...) ((const struct Nlg_web_arg[]){ __VA_ARGS__ })
#define NARGS(...) (sizeof(ARGS(__VA_ARGS__)) / sizeof(struct Nlg_web_arg))

static void ranges(void **state)
{
	int64_t now = NOW;
	struct Nlg_web_opts o = opts(&now);
	struct web_range r;
	char err[256];
	(void)state;
	/* Default: the last 24 hours, by minute, whole minutes. */
	assert_int_equal(web_range_parse(NULL, 0, NOW, &o, &r, err, sizeof(err)), 0);
	assert_int_equal(r.res, NLG_RES_MINUTE);
	assert_int_equal(r.since, (NOW - 86400) / 60 * 60);
	assert_int_equal(r.until, NOW / 60 * 60 + 60);
	assert_int_equal(web_range_parse(ARGS({ "range", "billing" }), 1, NOW, &o, &r, err,
					 sizeof(err)), 0);
	assert_int_equal(r.since, utc(2026, 12, 1));
	assert_int_equal(r.until, utc(2027, 1, 1));
	assert_int_equal(r.res, NLG_RES_HOUR);
	assert_int_equal(web_range_parse(ARGS({ "since", "120" }, { "until", "3000" }, { "res", "hour" }),
					 3, NOW, &o, &r, err, sizeof(err)), 0);
	assert_int_equal(r.since, 0);
	assert_int_equal(r.until, 3600);

	static const struct { struct Nlg_web_arg a[3]; size_t n; const char *why; } bad[] = {
		{ { { "since", "20" }, { "until", "10" } }, 2, "before" },
		{ { { "since", "10" }, { "until", "10" } }, 2, "before" },
		{ { { "since", "0" }, { "until", "9999999999" } }, 2, "too long" },
		{ { { "since", "-3w" }, { "res", "minute" } }, 2, "too long for res=minute" },
		{ { { "range", "day" }, { "since", "1" } }, 2, "excludes" },
		{ { { "range", "fortnight" } }, 1, "unknown range" },
		{ { { "range", NULL } }, 1, "unknown range" },
		{ { { "res", "second" } }, 1, "unknown res" },
		{ { { "since", "yesterday" } }, 1, "invalid since" },
		{ { { "until", "" } }, 1, "invalid until" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(web_range_parse(bad[i].a, bad[i].n, NOW, &o, &r, err, sizeof(err)), -1);
		assert_non_null(strstr(err, bad[i].why));
	}
}

/* --- whole requests against a store on disk --- */

struct fixture {
	char path[64];
	int64_t now;
	struct Nlg_web *w;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	snprintf(f->path, sizeof(f->path), "/tmp/nlg-test-web-%d.db", (int)getpid());
	unlink(f->path);
	struct Nlg_store *st;
	char err[256];
	assert_int_equal(Nlg_store_open(&st, f->path, true, err, sizeof(err)), 0);
	assert_int_equal(Nlg_store_begin(st), 0);
	/* Two hours of minutes: eth0 every minute, two apps in turns, and a
	 * loopback that "all interfaces" leaves out. */
	for (int64_t t = NOW - 7200; t < NOW; t += 60) {
		assert_int_equal(Nlg_store_add(st, NLG_SERIES_IFACE, "eth0", 0, t, 1000, 100), 0);
		assert_int_equal(Nlg_store_add(st, NLG_SERIES_IFACE, "lo", NLG_SERIES_LOOPBACK, t, 7, 7), 0);
		const char *app = (t / 60) % 2 ? "<img src=x onerror=alert(1)>" : "curl[12]";
		assert_int_equal(Nlg_store_add(st, NLG_SERIES_APP, app, 0, t, 900, 90), 0);
	}
	assert_int_equal(Nlg_store_commit(st), 0);
	Nlg_store_close(st);
	f->now = NOW;
	struct Nlg_web_opts o = opts(&f->now);
	o.db = f->path;
	f->w = Nlg_web_new(&o);
	assert_non_null(f->w);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	Nlg_web_free(f->w);
	unlink(f->path);
	char p[80];
	snprintf(p, sizeof(p), "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", f->path);
	unlink(p);
	free(f);
	return 0;
}

/* Answers a GET; returns its JSON (NULL when the body is not JSON). */
static struct json_object *get(struct fixture *f, const char *path, const struct Nlg_web_arg *a,
			       size_t n, unsigned *status)
{
	struct Nlg_web_resp r;
	assert_int_equal(Nlg_web_handle(f->w, "GET", path, a, n, &r), 0);
	*status = r.status;
	char *body = strndup(r.body, r.len);
	assert_non_null(body);
	if (r.release)
		r.release(r.release_cls);
	struct json_object *doc = json_tokener_parse(body);
	free(body);
	return doc;
}

static void expect_400(struct fixture *f, const char *path, const struct Nlg_web_arg *a, size_t n)
{
	unsigned status;
	struct json_object *doc = get(f, path, a, n, &status), *e;
	assert_int_equal(status, 400);
	assert_non_null(doc);
	assert_true(json_object_object_get_ex(doc, "error", &e));
	assert_true(json_object_is_type(e, json_type_string));
	assert_true(json_object_get_string_len(e) > 0);
	json_object_put(doc);
}

static void bad_requests(void **state)
{
	struct fixture *f = *state;
	/* Unknown series. */
	expect_400(f, "/api/v1/series", ARGS({ "iface", "nope0" }), 1);
	expect_400(f, "/api/v1/series", ARGS({ "app", "nope" }), 1);
	expect_400(f, "/api/v1/series", ARGS({ "app", "eth0" }), 1);   /* an interface, not an app */
	expect_400(f, "/api/v1/series", ARGS({ "iface", "curl[12]" }), 1);
	expect_400(f, "/api/v1/series", ARGS({ "iface", "" }), 1);
	expect_400(f, "/api/v1/series", ARGS({ "iface", NULL }), 1);
	expect_400(f, "/api/v1/series", ARGS({ "iface", "eth0" }, { "app", "curl[12]" }), 2);
	/* Reversed and huge ranges. */
	static const char *const paths[] = { "/api/v1/series", "/api/v1/apps" };
	for (size_t i = 0; i < 2; i++) {
		expect_400(f, paths[i], ARGS({ "since", "1797338096" }, { "until", "1797338000" }), 2);
		expect_400(f, paths[i], ARGS({ "since", "0" }, { "until", "253402300799" }), 2);
		expect_400(f, paths[i], ARGS({ "since", "0" }, { "res", "minute" }), 2);
		expect_400(f, paths[i], ARGS({ "until", "99999999999999999999" }), 1);
		/* Junk parameters and values. */
		expect_400(f, paths[i], ARGS({ "x", "1" }), 1);
		expect_400(f, paths[i], ARGS({ "<script>", "1" }), 1);
		expect_400(f, paths[i], ARGS({ "since", "1" }, { "since", "2" }), 2);
		expect_400(f, paths[i], ARGS({ "since", "1; DROP TABLE bucket" }), 1);
		expect_400(f, paths[i], ARGS({ "res", "fortnight" }), 1);
		expect_400(f, paths[i], ARGS({ "range", "day" }, { "until", "now" }), 2);
	}
	expect_400(f, "/api/v1/ranges", ARGS({ "since", "1" }), 1);
	expect_400(f, "/api/v1/live", ARGS({ "x", NULL }), 1);
	/* The store is untouched by all of that. */
	unsigned status;
	struct json_object *doc = get(f, "/api/v1/apps", NULL, 0, &status);
	assert_int_equal(status, 200);
	json_object_put(doc);
}

static uint64_t u64(struct json_object *o, const char *k)
{
	struct json_object *v;
	assert_true(json_object_object_get_ex(o, k, &v));
	return (uint64_t)json_object_get_int64(v);
}

/* Same numbers as the store's own queries (those of netledger history). */
static void same_numbers(void **state)
{
	struct fixture *f = *state;
	struct Nlg_store *st;
	char err[256];
	assert_int_equal(Nlg_store_open(&st, f->path, false, err, sizeof(err)), 0);
	unsigned status;
	struct json_object *doc = get(f, "/api/v1/apps", ARGS({ "since", "-1h" }), 1, &status), *arr;
	assert_int_equal(status, 200);
	int64_t since = (int64_t)u64(doc, "since"), until = (int64_t)u64(doc, "until");
	assert_int_equal(since, (NOW - 3600) / 60 * 60);
	struct Nlg_store_total *t;
	size_t n;
	assert_int_equal(Nlg_store_totals(st, NLG_SERIES_APP, NLG_RES_MINUTE, since, until, &t, &n), 0);
	assert_true(json_object_object_get_ex(doc, "apps", &arr));
	assert_int_equal(json_object_array_length(arr), n);
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++) {
		struct json_object *a = json_object_array_get_idx(arr, i), *name, *key;
		assert_true(json_object_object_get_ex(a, "name", &name));
		assert_string_equal(json_object_get_string(name), t[i].label);
		assert_true(json_object_object_get_ex(a, "key", &key));
		assert_string_equal(json_object_get_string(key), t[i].name);
		assert_int_equal(u64(a, "rx_bytes"), t[i].rx);
		assert_int_equal(u64(a, "tx_bytes"), t[i].tx);
	}
	Nlg_store_totals_free(t, n);
	assert_true(json_object_object_get_ex(doc, "interfaces", &arr));
	assert_int_equal(json_object_array_length(arr), 1);   /* no loopback */
	assert_int_equal(u64(json_object_array_get_idx(arr, 0), "rx_bytes"), 1000 * 60);
	json_object_put(doc);

	doc = get(f, "/api/v1/series", ARGS({ "app", "<img src=x onerror=alert(1)>" },
					    { "range", "hour" }), 2, &status);
	assert_int_equal(status, 200);
	assert_true(json_object_object_get_ex(doc, "rows", &arr));
	assert_int_equal(json_object_array_length(arr), 30);
	assert_int_equal(u64(json_object_array_get_idx(arr, 0), "rx_bytes"), 900);
	json_object_put(doc);

	doc = get(f, "/api/v1/series", ARGS({ "since", "-7200s" }, { "res", "hour" }), 2, &status);
	assert_int_equal(status, 200);
	struct Nlg_store_row *rows;
	assert_int_equal(Nlg_store_query(st, NLG_SERIES_IFACE, NULL, NLG_RES_HOUR,
					 (int64_t)u64(doc, "since"), (int64_t)u64(doc, "until"),
					 &rows, &n), 0);
	assert_true(json_object_object_get_ex(doc, "rows", &arr));
	assert_int_equal(json_object_array_length(arr), n);
	for (size_t i = 0; i < n; i++) {
		struct json_object *r = json_object_array_get_idx(arr, i);
		assert_int_equal(u64(r, "start"), rows[i].start);
		assert_int_equal(u64(r, "rx_bytes"), rows[i].rx);
		assert_int_equal(u64(r, "tx_bytes"), rows[i].tx);
	}
	free(rows);
	json_object_put(doc);
	Nlg_store_close(st);
}

static void ranges_and_live(void **state)
{
	struct fixture *f = *state;
	unsigned status;
	struct json_object *doc = get(f, "/api/v1/ranges", NULL, 0, &status), *arr;
	assert_int_equal(status, 200);
	assert_true(json_object_object_get_ex(doc, "interfaces", &arr));
	assert_int_equal(json_object_array_length(arr), 2);
	assert_true(json_object_object_get_ex(doc, "presets", &arr));
	assert_int_equal(json_object_array_length(arr), 6);
	json_object_put(doc);

	doc = get(f, "/api/v1/live", NULL, 0, &status);
	assert_int_equal(status, 503);
	json_object_put(doc);
	struct nlg_monitor *mon = nlg_monitor_new();
	assert_non_null(mon);
	assert_int_equal(Nlg_web_publish_live(f->w, mon, 1.5, 7), 0);
	nlg_monitor_free(mon);
	doc = get(f, "/api/v1/live", NULL, 0, &status);
	assert_int_equal(status, 200);
	assert_int_equal(u64(doc, "samples"), 7);
	json_object_put(doc);
}

static void routes(void **state)
{
	struct fixture *f = *state;
	struct Nlg_web_resp r;
	assert_int_equal(Nlg_web_handle(f->w, "GET", "/", NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.type, "text/html"));
	assert_non_null(strstr(r.body, "/static/app.js"));
	assert_null(strstr(r.body, "<script>"));   /* no inline script */
	assert_int_equal(Nlg_web_handle(f->w, "HEAD", "/static/app.js", NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.type, "javascript"));
	assert_int_equal(Nlg_web_handle(f->w, "GET", "/static/uPlot-LICENSE.txt", NULL, 0, &r), 0);
	assert_non_null(strstr(r.body, "MIT"));
	static const char *const missing[] = { "/index.html", "/static/", "/static/../web.c", "/x" };
	for (size_t i = 0; i < sizeof(missing) / sizeof(missing[0]); i++) {
		assert_int_equal(Nlg_web_handle(f->w, "GET", missing[i], NULL, 0, &r), 0);
		assert_int_equal(r.status, 404);
	}
	unsigned status;
	struct json_object *doc = get(f, "/api/v1/nope", NULL, 0, &status);
	assert_int_equal(status, 404);
	assert_non_null(doc);
	json_object_put(doc);
	static const char *const methods[] = { "POST", "PUT", "DELETE", "OPTIONS", "PATCH" };
	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
		assert_int_equal(Nlg_web_handle(f->w, methods[i], "/api/v1/apps", NULL, 0, &r), 0);
		assert_int_equal(r.status, 405);
		assert_string_equal(r.allow, "GET, HEAD");
	}
	bool csp = false;
	for (size_t i = 0; Nlg_web_headers[i]; i += 2)
		if (!strcmp(Nlg_web_headers[i], "Content-Security-Policy"))
			csp = strstr(Nlg_web_headers[i + 1], "script-src 'self'") &&
			      !strstr(Nlg_web_headers[i + 1], "unsafe");
	assert_true(csp);
}

/* A database that cannot be read is a 503 with a reason, not a crash. */
static void no_database(void **state)
{
	(void)state;
	int64_t now = NOW;
	struct Nlg_web_opts o = opts(&now);
	o.db = "/nonexistent/nlg.db";
	struct Nlg_web *w = Nlg_web_new(&o);
	struct Nlg_web_resp r;
	assert_int_equal(Nlg_web_handle(w, "GET", "/api/v1/apps", NULL, 0, &r), 0);
	assert_int_equal(r.status, 503);
	r.release(r.release_cls);
	Nlg_web_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_time),
		cmocka_unit_test(billing),
		cmocka_unit_test(resolution_fit),
		cmocka_unit_test(ranges),
		cmocka_unit_test_setup_teardown(bad_requests, setup, teardown),
		cmocka_unit_test_setup_teardown(same_numbers, setup, teardown),
		cmocka_unit_test_setup_teardown(ranges_and_live, setup, teardown),
		cmocka_unit_test_setup_teardown(routes, setup, teardown),
		cmocka_unit_test(no_database),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
