/* SPDX-License-Identifier: MIT */
/* test_top_view.c - the text of netledger top's lines (what the screen
 * and --batch show), its keys, and the background name resolver. */
#include <curses.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "cli/top.h"
#include "cli/top_resolve.h"
#include "cli/wifi_fmt.h"

static struct top_ui ui;
static char buf[4096];

static void ui_with_rows(enum top_view view)
{
	memset(&ui, 0, sizeof(ui));
	ui.view = view;
	ui.delay_ns = 1000000000ull;
	static struct top_app_in apps[2] = {
		{ .key = 1, .name = "busy", .f = { 0, 1536, 0, 3u << 20, 1, false } },
		{ .key = 2, .name = "dns-client", .f = { 0, 0, 0, 0, 1, true } },
	};
	static struct top_proc_in procs[1] = {
		{ .key = 11, .app_key = 1, .name = "7 sender", .f = { 0, 1536, 0, 3u << 20, 1, false } },
	};
	ui.snap = (struct top_snapshot){ .apps = apps, .napps = 2, .procs = procs, .nprocs = 1 };
	assert_int_equal(top_ui_rebuild(&ui), 0);
}

static void udp_reads_unknown(void **state)
{
	(void)state;
	struct top_layout l;
	ui_with_rows(TOP_VIEW_APPS);
	top_layout_make(&ui, 80, &l);
	assert_int_equal(ui.rows.n, 2);
	top_fmt_row(&ui, &l, &ui.rows.v[1], buf, 80);
	assert_non_null(strstr(buf, "dns-client"));
	assert_null(strstr(buf, " 0 B"));
	/* rate in, rate out, total in, total out: all four unknown */
	int n = 0;
	for (char *p = buf; (p = strstr(p, "unknown")); p++)
		n++;
	assert_int_equal(n, 4);
	top_fmt_row(&ui, &l, &ui.rows.v[0], buf, 80);
	assert_non_null(strstr(buf, "1.5 KiB/s"));
	assert_non_null(strstr(buf, "3.0 MiB"));
	top_rows_done(&ui.rows);
}

static void fits_80_columns(void **state)
{
	(void)state;
	struct top_layout l;
	for (int v = 0; v < TOP_VIEW_COUNT; v++) {
		ui_with_rows((enum top_view)v);
		top_layout_make(&ui, 80, &l);
		const struct top_col_span *last = &l.col[l.ncols - 1];
		assert_true(last->x + last->width <= 80);
		assert_true(l.col[0].width >= 8);
		top_fmt_colhdr(&ui, &l, buf, 80);
		assert_true(strlen(buf) <= 80);
		assert_non_null(strstr(buf, "RATE IN"));
		assert_true(strlen(top_fmt_title(&ui, buf, 80)) <= 80);
		assert_true(strlen(top_fmt_attribution(&ui, buf, 80)) <= 80);
		assert_true(strlen(top_fmt_unattributed(&ui, buf, 80)) <= 80);
		assert_true(strlen(top_fmt_status(&ui, buf, 80)) <= 80);
		assert_true(strlen(top_fmt_spark(&ui, false, buf, 80)) <= 80);
		for (int w = 0; w < 80; w += 3) /* any width, however narrow */
			assert_true(strlen(top_fmt_spark(&ui, false, buf, w)) <= (size_t)w);
		top_rows_done(&ui.rows);
	}
	/* wide: every byte column; the sorted one is marked */
	ui_with_rows(TOP_VIEW_CONNS);
	ui.sort = TOP_SORT_TX_TOTAL;
	top_layout_make(&ui, 160, &l);
	top_fmt_colhdr(&ui, &l, buf, 160);
	assert_non_null(strstr(buf, "TOTAL OUTv"));
	assert_non_null(strstr(buf, "REMOTE"));
	assert_non_null(strstr(buf, "STATE"));
	assert_int_equal(top_layout_hit(&l, l.col[2].x + 1), (int)l.col[2].sort);
	top_rows_done(&ui.rows);
}

/* The interfaces view shows a wireless link's quality in a LINK column,
 * with a hostile SSID escaped; no column without a wireless link. */
static void wifi_link_column(void **state)
{
	(void)state;
	struct top_layout l;
	struct nlg_wifi w = {
		.has = NLG_WIFI_HAS_MODE | NLG_WIFI_HAS_SSID | NLG_WIFI_HAS_FREQ |
		       NLG_WIFI_HAS_SIGNAL | NLG_WIFI_HAS_RX_BITRATE,
		.mode = NLG_WIFI_MODE_STATION, .ssid = "a\033[2Jb", .ssid_len = 6,
		.freq_mhz = 5180, .channel = 36, .signal_dbm = -56, .rx_bitrate = 866700000,
		.source = "nl80211", .why = "",
	};
	static struct top_iface_in ifaces[2] = {
		{ .name = "eth0", .f = { 10, 10, 0, 0, 0, false } },
		{ .name = "wlan0", .f = { 5, 5, 0, 0, 0, false } },
	};
	Nlg_fmt_wifi_short(&w, ifaces[1].link, sizeof(ifaces[1].link));
	assert_string_equal(ifaces[1].link, "a\033[2Jb ch36 -56 dBm 867/- Mb/s");
	Nlg_fmt_wifi(&w, buf, sizeof(buf));
	assert_string_equal(buf, "station ssid \"a\\x1b[2Jb\" 5180 MHz ch 36 signal -56 dBm rx 866.7 Mb/s");
	memset(&ui, 0, sizeof(ui));
	ui.view = TOP_VIEW_IFACES;
	ui.snap = (struct top_snapshot){ .ifaces = ifaces, .nifaces = 2 };
	assert_int_equal(top_ui_rebuild(&ui), 0);
	top_layout_make(&ui, 120, &l);
	top_fmt_colhdr(&ui, &l, buf, 120);
	assert_non_null(strstr(buf, "LINK"));
	for (size_t i = 0; i < ui.rows.n; i++) {
		top_fmt_row(&ui, &l, &ui.rows.v[i], buf, 120);
		if (strstr(buf, "wlan0"))
			assert_non_null(strstr(buf, "wlan0            a\\x1b[2Jb ch36 -56 dBm 867/- Mb/s"));
	}
	top_rows_done(&ui.rows);
	ifaces[1].link[0] = '\0';
	assert_int_equal(top_ui_rebuild(&ui), 0);
	top_layout_make(&ui, 100, &l);
	top_fmt_colhdr(&ui, &l, buf, 100);
	assert_null(strstr(buf, "LINK"));
	top_rows_done(&ui.rows);
}

static void sparkline(void **state)
{
	(void)state;
	ui_with_rows(TOP_VIEW_APPS);
	for (int i = 1; i <= 90; i++) {
		ui.elapsed_ns = (uint64_t)i * 1000000000ull;
		top_hist_push(&ui.hist, i == 90 ? 1000 : 10, ui.elapsed_ns);
	}
	top_fmt_spark(&ui, false, buf, 120);
	/* the last minute only: the peak is the newest sample, at the right */
	assert_non_null(strstr(buf, "peak 1000 B/s"));
	char *tail = strstr(buf, " now");
	assert_non_null(tail);
	assert_int_equal(tail[-1], '#');
	assert_int_equal(tail[-2], '.');
	/* samples every 2 s over 1 s buckets: no gaps after the first one */
	memset(&ui.hist, 0, sizeof(ui.hist));
	for (int i = 1; i <= 40; i++) {
		ui.elapsed_ns = (uint64_t)i * 2000000000ull;
		top_hist_push(&ui.hist, 10, ui.elapsed_ns);
	}
	top_fmt_spark(&ui, false, buf, 109);
	char want[80] = "last 1m  ";
	memset(want + 9, '#', 59);
	strcpy(want + 68, " now");
	assert_non_null(strstr(buf, want));
	top_rows_done(&ui.rows);
}

static void keys(void **state)
{
	(void)state;
	ui_with_rows(TOP_VIEW_APPS);
	assert_true(top_key(&ui, 's', 10));
	assert_int_equal(ui.sort, TOP_SORT_NAME);
	assert_true(top_key(&ui, 'r', 10));
	assert_true(ui.reverse);
	top_key(&ui, '/', 10);
	assert_true(ui.editing);
	assert_true(top_key(&ui, 'd', 10));
	assert_true(top_key(&ui, 'n', 10));
	assert_true(top_key(&ui, '\n', 10));
	assert_false(ui.editing);
	assert_string_equal(ui.filter, "dn");
	assert_int_equal(top_ui_rebuild(&ui), 0);
	assert_int_equal(ui.rows.n, 1);
	assert_true(top_key(&ui, 27, 10));
	assert_int_equal(top_ui_rebuild(&ui), 0);
	assert_int_equal(ui.rows.n, 2);
	/* expand the selected app with Enter, collapse with Left */
	ui.sort = TOP_SORT_RATE;
	ui.reverse = false;
	assert_int_equal(top_ui_rebuild(&ui), 0);
	top_select(&ui, 0);
	assert_true(top_key(&ui, '\n', 10));
	assert_int_equal(top_ui_rebuild(&ui), 0);
	assert_int_equal(ui.rows.n, 3);
	assert_string_equal(ui.rows.v[1].name, "7 sender");
	top_key(&ui, KEY_DOWN, 10);
	assert_int_equal(ui.sel, 1);
	top_key(&ui, KEY_LEFT, 10); /* to the parent */
	assert_int_equal(ui.sel, 0);
	top_key(&ui, KEY_LEFT, 10); /* collapse it */
	assert_int_equal(top_ui_rebuild(&ui), 0);
	assert_int_equal(ui.rows.n, 2);
	top_key(&ui, 'b', 10);
	assert_true(ui.bits);
	top_key(&ui, 'p', 10);
	assert_true(ui.paused);
	top_key(&ui, '3', 10);
	assert_int_equal(ui.view, TOP_VIEW_CONNS);
	top_key(&ui, 'q', 10);
	assert_true(ui.quit);
	top_rows_done(&ui.rows);
}

static int slow_lookup(const struct nlg_endpoint *ep, char *name, size_t size)
{
	usleep(ep->addr[3] == 1 ? 300000 : 1000);
	if (ep->addr[3] == 2)
		return -1;
	snprintf(name, size, "host-%u", ep->addr[3]);
	return 0;
}

static uint64_t ms_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Return: the name once resolved, polling for at most 3 s. */
static const char *wait_name(struct top_resolver *r, const struct nlg_endpoint *ep, char *out)
{
	for (int i = 0; i < 300; i++) {
		if (top_resolver_name(r, ep, out, 64))
			return out;
		usleep(10000);
	}
	return NULL;
}

static void resolver(void **state)
{
	(void)state;
	char name[64];
	struct top_resolver *r = top_resolver_new(64, 4, slow_lookup);
	assert_non_null(r);
	struct nlg_endpoint a = { .family = AF_INET, .addr = { 10, 0, 0, 1 }, .port = 80 };
	struct nlg_endpoint none = { .family = AF_INET, .addr = { 10, 0, 0, 2 } };
	uint64_t t0 = ms_now(), g0 = top_resolver_generation(r);
	assert_null(top_resolver_name(r, &a, name, sizeof(name)));
	assert_true(ms_now() - t0 < 100); /* the 300 ms lookup runs elsewhere */
	assert_non_null(wait_name(r, &a, name));
	assert_string_equal(name, "host-1");
	assert_int_not_equal(top_resolver_generation(r), g0);
	/* the port is not part of the host */
	a.port = 443;
	assert_non_null(top_resolver_name(r, &a, name, sizeof(name)));
	/* no name: stays numeric, asked once */
	assert_null(top_resolver_name(r, &none, name, sizeof(name)));
	usleep(100000);
	assert_null(top_resolver_name(r, &none, name, sizeof(name)));
	/* more addresses than the queue holds: each is resolved in the end */
	struct nlg_endpoint many[20];
	for (int i = 0; i < 20; i++) {
		many[i] = (struct nlg_endpoint){ .family = AF_INET, .addr = { 10, 1, 0, (uint8_t)(10 + i) } };
		top_resolver_name(r, &many[i], name, sizeof(name));
	}
	for (int i = 0; i < 20; i++)
		assert_non_null(wait_name(r, &many[i], name));
	top_resolver_free(r);
}

static void resolver_quits_during_lookup(void **state)
{
	(void)state;
	char name[64];
	struct top_resolver *r = top_resolver_new(8, 2, slow_lookup);
	struct nlg_endpoint a = { .family = AF_INET, .addr = { 10, 0, 0, 1 } };
	assert_non_null(r);
	top_resolver_name(r, &a, name, sizeof(name));
	usleep(20000);
	uint64_t t0 = ms_now();
	top_resolver_free(r); /* does not wait for the lookup */
	assert_true(ms_now() - t0 < 100);
	usleep(400000); /* the worker finishes and frees the rest */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(udp_reads_unknown),
		cmocka_unit_test(fits_80_columns),
		cmocka_unit_test(wifi_link_column),
		cmocka_unit_test(sparkline),
		cmocka_unit_test(keys),
		cmocka_unit_test(resolver),
		cmocka_unit_test(resolver_quits_during_lookup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
