/* SPDX-License-Identifier: MIT */
/* test_top_model.c - the rows of netledger top from hand-made snapshots:
 * sorting, filtering, expanding, grouping by remote host, and UDP bytes
 * that are unknown. */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "cli/top_model.h"

enum { K_WEB = 1, K_DB, K_IDLE, P_WEB1 = 11, P_WEB2, P_DB, C1 = 101, C2, C3, C4, C5 };

static struct top_app_in apps[] = {
	{ .key = K_WEB, .name = "web", .f = { 10, 500, 1000, 90000, 3, false } },
	{ .key = K_DB, .name = "db", .f = { 200, 20, 50000, 100, 1, false } },
	{ .key = K_IDLE, .name = "Idle-daemon", .f = { 0, 0, 0, 0, 1, true } },
};

static struct top_proc_in procs[] = {
	{ .key = P_WEB1, .app_key = K_WEB, .name = "100 nginx", .f = { 5, 100, 500, 10000, 1, false } },
	{ .key = P_WEB2, .app_key = K_WEB, .name = "101 nginx", .f = { 5, 400, 500, 80000, 2, false } },
	{ .key = P_DB, .app_key = K_DB, .name = "200 postgres", .f = { 200, 20, 50000, 100, 1, false } },
};

static struct top_conn_in conns[5];

static void conn(int i, uint64_t key, uint64_t proc, const char *addr, uint16_t port,
		 const char *state, double tx_rate, uint64_t tx, bool udp)
{
	struct top_conn_in *c = &conns[i];
	*c = (struct top_conn_in){ .key = key, .proc_key = proc };
	c->remote.family = strchr(addr, ':') ? AF_INET6 : AF_INET;
	inet_pton(c->remote.family, addr, c->remote.addr);
	c->remote.port = port;
	snprintf(c->remote_str, sizeof(c->remote_str), "%s%s%s:%u",
		 c->remote.family == AF_INET6 ? "[" : "", addr,
		 c->remote.family == AF_INET6 ? "]" : "", port);
	snprintf(c->name, sizeof(c->name), "%s conn%d", udp ? "udp" : "tcp", i);
	snprintf(c->state, sizeof(c->state), "%s", state);
	c->f = (struct top_figures){ .tx_rate = tx_rate, .tx = tx, .conns = 1, .unknown = udp };
}

static struct top_snapshot snap(void)
{
	conn(0, C1, P_WEB1, "10.0.0.9", 443, "established", 100, 10000, false);
	conn(1, C2, P_WEB2, "10.0.0.9", 8443, "established", 300, 60000, false);
	conn(2, C3, P_WEB2, "2001:db8::1", 443, "established", 100, 20000, false);
	conn(3, C4, P_DB, "0.0.0.0", 0, "listen", 0, 0, false);
	conn(4, C5, 0, "10.0.0.53", 53, "connected", 0, 0, true);
	return (struct top_snapshot){ .apps = apps, .procs = procs, .conns = conns,
				      .napps = 3, .nprocs = 3, .nconns = 5 };
}

static struct top_rows build(const struct top_query *q)
{
	struct top_snapshot s = snap();
	struct top_rows r = { 0 };
	assert_int_equal(top_model_build(&s, q, &r), 0);
	return r;
}

static void names_are(const struct top_rows *r, const char *const *want, size_t n)
{
	assert_int_equal(r->n, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(r->v[i].name, want[i]);
}

static void apps_by_rate(void **state)
{
	(void)state;
	struct top_query q = { .view = TOP_VIEW_APPS };
	struct top_rows r = build(&q);
	const char *want[] = { "web", "db", "Idle-daemon" };
	names_are(&r, want, 3);
	assert_int_equal(r.v[0].depth, 0);
	assert_true(r.v[0].expandable);
	assert_false(r.v[0].expanded);
	top_rows_done(&r);
}

static void sort_columns_and_reverse(void **state)
{
	(void)state;
	struct top_query q = { .view = TOP_VIEW_APPS, .sort = TOP_SORT_RX_RATE };
	struct top_rows r = build(&q);
	const char *by_rx[] = { "db", "web", "Idle-daemon" };
	names_are(&r, by_rx, 3);
	q.sort = TOP_SORT_NAME;
	r = (top_rows_done(&r), build(&q));
	const char *by_name[] = { "Idle-daemon", "db", "web" };
	names_are(&r, by_name, 3);
	q.reverse = true;
	r = (top_rows_done(&r), build(&q));
	const char *by_name_rev[] = { "web", "db", "Idle-daemon" };
	names_are(&r, by_name_rev, 3);
	q = (struct top_query){ .view = TOP_VIEW_APPS, .sort = TOP_SORT_CONNS };
	r = (top_rows_done(&r), build(&q));
	assert_string_equal(r.v[0].name, "web");
	/* "unknown" bytes sort below a counted zero, never above */
	q = (struct top_query){ .view = TOP_VIEW_APPS, .sort = TOP_SORT_TX_TOTAL, .reverse = true };
	r = (top_rows_done(&r), build(&q));
	assert_string_equal(r.v[0].name, "Idle-daemon");
	top_rows_done(&r);
}

static void filter_by_name(void **state)
{
	(void)state;
	struct top_query q = { .view = TOP_VIEW_APPS, .filter = "IDLE" };
	struct top_rows r = build(&q);
	const char *want[] = { "Idle-daemon" };
	names_are(&r, want, 1);
	q.filter = "nomatch";
	r = (top_rows_done(&r), build(&q));
	assert_int_equal(r.n, 0);
	q = (struct top_query){ .view = TOP_VIEW_CONNS, .filter = "10.0.0.53" };
	r = (top_rows_done(&r), build(&q));
	assert_int_equal(r.n, 1);
	assert_int_equal(r.v[0].key, C5);
	top_rows_done(&r);
}

static void expand_app_and_process(void **state)
{
	(void)state;
	uint64_t exp[] = { K_WEB, P_WEB2 };
	struct top_query q = { .view = TOP_VIEW_APPS, .expanded = exp, .nexpanded = 1 };
	struct top_rows r = build(&q);
	/* web's processes right after it, busiest first; then the other apps */
	const char *one[] = { "web", "101 nginx", "100 nginx", "db", "Idle-daemon" };
	names_are(&r, one, 5);
	assert_true(r.v[0].expanded);
	assert_int_equal(r.v[1].depth, 1);
	assert_int_equal(r.v[3].depth, 0);
	q.nexpanded = 2;
	r = (top_rows_done(&r), build(&q));
	const char *two[] = { "web", "101 nginx", "tcp conn1", "tcp conn2", "100 nginx", "db",
			      "Idle-daemon" };
	names_are(&r, two, 7);
	assert_int_equal(r.v[2].depth, 2);
	assert_string_equal(r.v[2].remote, "10.0.0.9:8443");
	assert_string_equal(r.v[2].state, "established");
	/* a filter selects top-level rows; their children stay whole */
	q.filter = "web";
	r = (top_rows_done(&r), build(&q));
	assert_int_equal(r.n, 5);
	top_rows_done(&r);
}

static void expand_in_process_view(void **state)
{
	(void)state;
	uint64_t exp[] = { P_DB };
	struct top_query q = { .view = TOP_VIEW_PROCS, .sort = TOP_SORT_NAME, .expanded = exp,
			       .nexpanded = 1 };
	struct top_rows r = build(&q);
	const char *want[] = { "100 nginx", "101 nginx", "200 postgres", "tcp conn3" };
	names_are(&r, want, 4);
	assert_int_equal(r.v[3].kind, TOP_ROW_CONN);
	top_rows_done(&r);
}

static const char *fake_name(void *ctx, const struct nlg_endpoint *ep, char *buf, size_t size)
{
	(void)ctx;
	if (ep->family != AF_INET || ep->addr[3] != 9)
		return NULL;
	snprintf(buf, size, "www.example.test");
	return buf;
}

static void remote_hosts(void **state)
{
	(void)state;
	struct top_query q = { .view = TOP_VIEW_HOSTS, .host_name = fake_name };
	struct top_rows r = build(&q);
	/* 10.0.0.9 twice (two ports), the v6 host, the DNS server; not 0.0.0.0 */
	assert_int_equal(r.n, 3);
	assert_string_equal(r.v[0].name, "www.example.test");
	assert_string_equal(r.v[0].remote, "10.0.0.9");
	assert_int_equal(r.v[0].f.conns, 2);
	assert_int_equal(r.v[0].f.tx, 70000);
	assert_true(r.v[0].f.tx_rate == 400);
	assert_string_equal(r.v[1].name, "2001:db8::1");
	assert_string_equal(r.v[2].name, "10.0.0.53");
	assert_true(r.v[2].f.unknown);
	/* the filter sees the address behind a resolved name */
	q.filter = "10.0.0.9";
	r = (top_rows_done(&r), build(&q));
	assert_int_equal(r.n, 1);
	top_rows_done(&r);
}

/* Closed connections' bytes stay in their host's totals: a connection
 * closed this sample counts there, not twice; a host whose connections
 * all closed is still listed, with no connection and no rate. */
static void remote_hosts_keep_closed_bytes(void **state)
{
	(void)state;
	struct top_snapshot s = snap();
	conns[1].closed = true;
	struct top_conn_in closed[2];
	closed[0] = conns[1];               /* as top_closed_add keeps it */
	closed[0].f = (struct top_figures){ .tx = 60000 + 4800000 };
	closed[0].closed = false;
	memset(&closed[1], 0, sizeof(closed[1]));
	closed[1].remote.family = AF_INET;
	inet_pton(AF_INET, "192.0.2.7", closed[1].remote.addr);
	snprintf(closed[1].remote_str, sizeof(closed[1].remote_str), "192.0.2.7:443");
	closed[1].f.rx = 5000;
	s.closed = closed;
	s.nclosed = 2;
	struct top_query q = { .view = TOP_VIEW_HOSTS, .sort = TOP_SORT_TX_TOTAL };
	struct top_rows r = { 0 };
	assert_int_equal(top_model_build(&s, &q, &r), 0);
	assert_int_equal(r.n, 4);
	assert_string_equal(r.v[0].name, "10.0.0.9");
	assert_int_equal(r.v[0].f.tx, 10000 + 60000 + 4800000);
	assert_int_equal(r.v[0].f.conns, 1);
	assert_true(r.v[0].f.tx_rate == 100);
	bool gone_host = false;
	for (size_t i = 0; i < r.n; i++)
		if (!strcmp(r.v[i].name, "192.0.2.7")) {
			assert_int_equal(r.v[i].f.rx, 5000);
			assert_int_equal(r.v[i].f.conns, 0);
			gone_host = true;
		}
	assert_true(gone_host);
	top_rows_done(&r);
}

static void udp_bytes_unknown(void **state)
{
	(void)state;
	struct top_query q = { .view = TOP_VIEW_CONNS, .sort = TOP_SORT_TX_TOTAL };
	struct top_snapshot s = snap();
	struct top_rows r = { 0 };
	/* a name that would put it first among equals */
	snprintf(conns[4].name, sizeof(conns[4].name), "aaa udp");
	assert_int_equal(top_model_build(&s, &q, &r), 0);
	assert_int_equal(r.n, 5);
	/* the UDP socket is last: below the listening socket's counted 0 */
	assert_int_equal(r.v[4].key, C5);
	assert_true(r.v[4].f.unknown);
	assert_false(r.v[3].f.unknown);
	top_rows_done(&r);
}

static void helpers(void **state)
{
	(void)state;
	assert_true(top_contains("Nginx", "GIN"));
	assert_true(top_contains("x", ""));
	assert_false(top_contains("ab", "abc"));
	struct nlg_endpoint a = { .family = AF_INET, .port = 1 }, b = a;
	assert_true(top_endpoint_unspecified(&a));
	b.port = 2;
	assert_int_equal(top_host_key(&a), top_host_key(&b));
	b.addr[0] = 1;
	assert_int_not_equal(top_host_key(&a), top_host_key(&b));
	assert_string_equal(top_sort_name(TOP_SORT_TX_TOTAL), "TOTAL OUT");
	assert_string_equal(top_view_name(TOP_VIEW_HOSTS), "remote hosts");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(apps_by_rate),
		cmocka_unit_test(sort_columns_and_reverse),
		cmocka_unit_test(filter_by_name),
		cmocka_unit_test(expand_app_and_process),
		cmocka_unit_test(expand_in_process_view),
		cmocka_unit_test(remote_hosts),
		cmocka_unit_test(remote_hosts_keep_closed_bytes),
		cmocka_unit_test(udp_bytes_unknown),
		cmocka_unit_test(helpers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
