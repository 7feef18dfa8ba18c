/* SPDX-License-Identifier: MIT */
/* test_prom.c - the Prometheus text: names, escaping, and a monitor on a
 * fake /proc rendered, parsed strictly and, where it is installed, checked
 * by promtool. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "export/prom.h"
#include "export/prom_int.h"
#include "promparse.h"
#include "fakeroot.h"

static void label_escaping(void **state)
{
	(void)state;
	char out[64];
	assert_int_equal(Nlg_prom_escape_label("eth0", out, sizeof(out)), 4);
	assert_string_equal(out, "eth0");
	assert_int_equal(Nlg_prom_escape_label("a\\b\"c\nd", out, sizeof(out)), 10);
	assert_string_equal(out, "a\\\\b\\\"c\\nd");
	/* truncated like snprintf: the full length, a terminated prefix */
	assert_int_equal(Nlg_prom_escape_label("\"\"\"", out, 4), 6);
	assert_string_equal(out, "\\\"\\");
	assert_int_equal(Nlg_prom_escape_label("", out, sizeof(out)), 0);
	assert_string_equal(out, "");
	/* tabs and UTF-8 pass through: the format allows them */
	assert_int_equal(Nlg_prom_escape_label("t\tü", out, sizeof(out)), 4);
	assert_string_equal(out, "t\tü");
	/* bytes that are not UTF-8 become U+FFFD: a lone byte, a cut sequence,
	 * an overlong form, a surrogate; valid sequences of 3 and 4 bytes stay */
	static const struct { const char *in, *out; } utf8[] = {
		{ "a\xff", "a\xef\xbf\xbd" },
		{ "a\xc3", "a\xef\xbf\xbd" },
		{ "\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd" },
		{ "\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
		{ "\xe2\x82\xac\xf0\x9f\x98\x80", "\xe2\x82\xac\xf0\x9f\x98\x80" },
		{ "\xf4\x90\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
	};
	for (size_t i = 0; i < sizeof(utf8) / sizeof(utf8[0]); i++) {
		assert_int_equal(Nlg_prom_escape_label(utf8[i].in, out, sizeof(out)),
				 strlen(utf8[i].out));
		assert_string_equal(out, utf8[i].out);
	}
}

/* Names other users chose (process names, cgroups): a label value keeps
 * valid UTF-8, controls included, as the text format allows; what would
 * end the line or the value is escaped, and what is not UTF-8 replaced. */
static void hostile_label_values(void **state)
{
	(void)state;
	char out[128];
	static const struct { const char *in, *out; } names[] = {
		{ "\x1b[2J\x1b]0;PWN\x07x", "\x1b[2J\x1b]0;PWN\x07x" },
		{ "lf\nfake{job=\"x\"} 1", "lf\\nfake{job=\\\"x\\\"} 1" },
		{ "cr\rFAKE", "cr\rFAKE" },
		{ "del\x7f", "del\x7f" },
		{ "c1\xc2\x9b", "c1\xc2\x9b" },
		{ "raw\x9b", "raw\xef\xbf\xbd" },
		{ "\xd0\x9f\xd1\x80\xd0", "\xd0\x9f\xd1\x80\xef\xbf\xbd" },
		{ "=<img src=x onerror=alert(1)>", "=<img src=x onerror=alert(1)>" },
		{ "back\\slash", "back\\\\slash" },
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		assert_int_equal(Nlg_prom_escape_label(names[i].in, out, sizeof(out)),
				 strlen(names[i].out));
		assert_string_equal(out, names[i].out);
		assert_null(strchr(out, '\n'));
	}
}

static void name_rules(void **state)
{
	(void)state;
	assert_true(Nlg_prom_metric_name_ok("netledger_interface_receive_bytes_total"));
	assert_true(Nlg_prom_metric_name_ok("job:rate5m"));
	assert_true(Nlg_prom_metric_name_ok("_x9"));
	assert_false(Nlg_prom_metric_name_ok("9x"));
	assert_false(Nlg_prom_metric_name_ok(""));
	assert_false(Nlg_prom_metric_name_ok(NULL));
	assert_false(Nlg_prom_metric_name_ok("a-b"));
	assert_false(Nlg_prom_metric_name_ok("a b"));
	assert_true(Nlg_prom_label_name_ok("interface"));
	assert_false(Nlg_prom_label_name_ok("a:b"));
	assert_false(Nlg_prom_label_name_ok("__name__"));
	assert_false(Nlg_prom_label_name_ok("1a"));
}

/* The checker itself must reject what breaks a rule. */
static void parser_rejects_bad_text(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"x_total 1\n",                                              /* no HELP/TYPE */
		"# TYPE x_total counter\nx_total 1\n",                      /* no HELP */
		"# HELP x_total h\n# TYPE x_total counter\nx_total -1\n",   /* negative */
		"# HELP x h\n# TYPE x counter\nx 1\n",                      /* no _total */
		"# HELP x h\n# TYPE x gauge\nx{a=\"1\"} 1\nx{a=\"1\"} 2\n", /* repeated */
		"# HELP x h\n# TYPE x gauge\nx{a=\"\\t\"} 1\n",             /* bad escape */
		"# HELP x h\n# TYPE x gauge\nx{a=\"1} 1\n",                 /* unterminated */
		"# HELP x h\n# TYPE x gauge\nx 1\n# HELP y h\n# TYPE y gauge\ny 1\nx{a=\"b\"} 2\n",
		"# HELP x h\n# TYPE x gauge\nx one\n",                      /* bad value */
		"# HELP x h\n# TYPE x wibble\nx 1\n",                       /* bad type */
		"# HELP x h\n# TYPE x gauge\nx 1",                          /* no newline */
		"# HELP x h\n# TYPE x gauge\nx{9=\"1\"} 1\n",               /* bad label name */
		"# HELP x h\n# TYPE x gauge\nx{a=\"\xe9\"} 1\n",            /* not UTF-8 */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct prom_doc d = { 0 };
		if (prom_parse(bad[i], &d))
			fail_msg("accepted bad text #%zu", i);
		prom_doc_done(&d);
	}
	struct prom_doc d = { 0 };
	assert_true(prom_parse("# HELP s h\n# TYPE s summary\ns_sum 1.5\ns_count 3\n"
			       "# HELP g h\n# TYPE g gauge\ng{a=\"\\\"\\\\\\n\"} -2 1700000000\n", &d));
	assert_int_equal(d.n, 3);
	assert_true(prom_value(&d, "s_count") == 3);
	prom_doc_done(&d);
}

/* ------------------------------------------------------------------------
 * A monitor on a fake /proc and /sys.
 */
static char root[] = "/tmp/nlg-prom-XXXXXX";

static const char header[] =
	"Inter-|   Receive                                                |  Transmit\n"
	" face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets "
	"errs drop fifo colls carrier compressed\n";

/* An interface name with the characters a label value must escape. */
#define ODD_NAME "q\"b\\z"
#define ODD_LABEL "q\\\"b\\\\z"
#define LATIN1_NAME "caf\xe9"
#define LATIN1_LABEL "caf\xef\xbf\xbd"

/* Return: root/rel, in a buffer the next call reuses. */
static const char *at_root(const char *rel)
{
	static char path[512];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	return path;
}

static void put(const char *rel, const char *content)
{
	Nlg_fake_put(root, rel, content);
}

static void make_dir(const char *rel)
{
	assert_true(mkdir(at_root(rel), 0755) == 0 || errno == EEXIST);
}

static void sys_iface(const char *name, int ifindex, const char *oper, const char *flags)
{
	char rel[256], val[32];
	snprintf(rel, sizeof(rel), "sys/class/net/%s", name);
	make_dir(rel);
	snprintf(rel, sizeof(rel), "sys/class/net/%s/ifindex", name);
	snprintf(val, sizeof(val), "%d\n", ifindex);
	put(rel, val);
	snprintf(rel, sizeof(rel), "sys/class/net/%s/operstate", name);
	put(rel, oper);
	snprintf(rel, sizeof(rel), "sys/class/net/%s/flags", name);
	put(rel, flags);
	snprintf(rel, sizeof(rel), "sys/class/net/%s/type", name);
	put(rel, "1\n");
	snprintf(rel, sizeof(rel), "sys/class/net/%s/speed", name);
	put(rel, "1000\n");
}

/* /proc/net/dev with lo, eth0 and the odd name at the given eth0 counters. */
static void net_dev(unsigned long long eth_rx, unsigned long long eth_tx)
{
	char text[2048];
	snprintf(text, sizeof(text),
		 "%s    lo: 1200 12 0 0 0 0 0 0 1200 12 0 0 0 0 0 0\n"
		 "  eth0: %llu 70 1 2 0 0 0 0 %llu 80 3 4 0 0 0 0\n"
		 "%s: 10 1 0 0 0 0 0 0 20 2 0 0 0 0 0 0\n"
		 "%s: 4 1 0 0 0 0 0 0 5 1 0 0 0 0 0 0\n",
		 header, eth_rx, eth_tx, ODD_NAME, LATIN1_NAME);
	put("proc/net/dev", text);
}

/* The monitor's clock reads fake_now, which sample() advances. */
static uint64_t fake_now;
static uint64_t read_fake_now(void *ctx)
{
	return *(const uint64_t *)ctx;
}

static int fixture_up(void **state)
{
	(void)state;
	if (!mkdtemp(root))
		return -1;
	make_dir("proc");
	make_dir("proc/net");
	make_dir("sys");
	make_dir("sys/class");
	make_dir("sys/class/net");
	sys_iface("lo", 1, "unknown\n", "0x49\n");  /* up, loopback, running */
	sys_iface(ODD_NAME, 3, "down\n", "0x1003\n");
	sys_iface(LATIN1_NAME, 4, "down\n", "0x1003\n");
	return 0;
}

static int fixture_down(void **state)
{
	(void)state;
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

/* A monitor on the fixture, reset to its first state. */
static struct nlg_monitor *fake_monitor(void)
{
	char proc[512], sys[512];
	sys_iface("eth0", 2, "up\n", "0x1043\n");
	net_dev(5000, 700);
	struct nlg_monitor *mon = nlg_monitor_new();
	assert_non_null(mon);
	snprintf(proc, sizeof(proc), "%s/proc", root);
	snprintf(sys, sizeof(sys), "%s/sys", root);
	assert_int_equal(nlg_monitor_set_procfs_root(mon, proc), 0);
	assert_int_equal(nlg_monitor_set_sysfs_root(mon, sys), 0);
	assert_int_equal(nlg_monitor_set_link_source(mon, NLG_LINK_SOURCE_PROCFS), 0);
	assert_int_equal(nlg_monitor_set_clock(mon, read_fake_now, &fake_now), 0);
	return mon;
}

static void sample(struct nlg_monitor *mon)
{
	fake_now += 1000000000ull;
	assert_int_equal(nlg_monitor_sample(mon), 0);
}

/* Renders and parses; the caller frees the document. */
static char *render(struct Nlg_prom *p, struct nlg_monitor *mon,
		    const struct Nlg_prom_health *h, struct prom_doc *doc)
{
	char *text = NULL;
	size_t len = 0;
	assert_int_equal(Nlg_prom_render_with(p, mon, h, &text, &len), 0);
	assert_non_null(text);
	assert_int_equal(strlen(text), len);
	if (!prom_parse(text, doc))
		fail_msg("%s\n%s", doc->err, text);
	return text;
}

#define RX(name) "netledger_interface_receive_bytes_total{interface=\"" name "\"}"
#define TX(name) "netledger_interface_transmit_bytes_total{interface=\"" name "\"}"

/* Every counter series of before is in after, and not smaller. */
static void assert_counters_grow(const struct prom_doc *before, const struct prom_doc *after)
{
	for (size_t i = 0; i < before->n; i++) {
		const struct prom_sample *s = &before->v[i];
		size_t n = strlen(s->family);
		if (n < 6 || strcmp(s->family + n - 6, "_total"))
			continue;
		double v = prom_value(after, s->series);
		if (v < s->value)
			fail_msg("%s went from %.0f to %.0f", s->series, s->value, v);
	}
}

static void render_fake_root(void **state)
{
	(void)state;
	struct nlg_monitor *mon = fake_monitor();
	struct Nlg_prom *p = Nlg_prom_new(10);
	assert_non_null(p);
	struct Nlg_prom_health h = { .samples = 1, .sample_seconds_sum = 0.25,
				     .last_sample_seconds = 0.25, .db_flushes = 7,
				     .db_write_errors = 1, .start_time = 1700000000.5 };
	sample(mon);
	struct prom_doc d1 = { 0 }, d2 = { 0 }, d3 = { 0 };
	char *t1 = render(p, mon, &h, &d1);
	assert_true(prom_value(&d1, RX("eth0")) == 5000);
	assert_true(prom_value(&d1, TX("eth0")) == 700);
	assert_true(prom_value(&d1, RX("lo")) == 1200);
	assert_true(prom_value(&d1, RX(ODD_LABEL)) == 10);
	assert_true(prom_value(&d1, RX(LATIN1_LABEL)) == 4);
	assert_true(prom_value(&d1, "netledger_interface_receive_errors_total{interface=\"eth0\"}") == 1);
	assert_true(prom_value(&d1, "netledger_interface_transmit_drops_total{interface=\"eth0\"}") == 4);
	assert_true(prom_value(&d1, "netledger_interface_up{interface=\"eth0\"}") == 1);
	assert_true(prom_value(&d1, "netledger_interface_up{interface=\"" ODD_LABEL "\"}") == 0);
	assert_true(prom_value(&d1, "netledger_interface_up{interface=\"lo\"}") == 1);
	assert_true(prom_value(&d1, "netledger_interface_info{interface=\"eth0\",type=\"ethernet\","
				    "kind=\"\",oper_state=\"up\"}") == 1);
	assert_true(prom_value(&d1, "netledger_interface_speed_bytes{interface=\"eth0\"}") == 125000000);
	assert_true(prom_value(&d1, "netledger_samples_total") == 1);
	assert_true(prom_value(&d1, "netledger_sample_duration_seconds_sum") == 0.25);
	assert_true(prom_value(&d1, "netledger_sample_duration_seconds_count") == 1);
	assert_true(prom_value(&d1, "netledger_database_flushes_total") == 7);
	assert_true(prom_value(&d1, "netledger_database_write_errors_total") == 1);
	assert_true(prom_value(&d1, "netledger_lost_link_events_total") == 0);
	assert_true(prom_value(&d1, "netledger_lost_socket_events_total") == 0);
	assert_true(prom_value(&d1, "process_start_time_seconds") == 1700000000.5);
	/* sockets are not watched: no app or connection families */
	assert_null(strstr(t1, "netledger_app_"));
	assert_non_null(strstr(t1, "# TYPE netledger_interface_receive_bytes_total counter\n"));
	assert_non_null(strstr(t1, "# TYPE netledger_sample_duration_seconds summary\n"));

	/* eth0's counters reset (a driver reload): the series go on growing */
	net_dev(300, 100);
	sample(mon);
	h.samples = 2;
	char *t2 = render(p, mon, &h, &d2);
	assert_counters_grow(&d1, &d2);
	assert_true(prom_value(&d2, RX("eth0")) == 5300);

	/* eth0 re-created (a new ifindex) with fresh counters: the series
	 * continues from where it was, the old incarnation is not listed */
	sys_iface("eth0", 9, "up\n", "0x1043\n");
	net_dev(50, 60);
	sample(mon);
	sample(mon);
	net_dev(80, 90);
	sample(mon);
	h.samples = 5;
	char *t3 = render(p, mon, &h, &d3);
	assert_counters_grow(&d2, &d3);
	assert_true(prom_value(&d3, RX("eth0")) == 5300 + 80);
	assert_true(prom_value(&d3, TX("eth0")) == 800 + 90);

	free(t1);
	free(t2);
	free(t3);
	prom_doc_done(&d1);
	prom_doc_done(&d2);
	prom_doc_done(&d3);
	Nlg_prom_free(p);
	nlg_monitor_free(mon);
}

/* /proc/net/dev with eth0 and n links v0, v1, ... of rx bytes rx. */
static void many_links(size_t n, unsigned long long rx)
{
	size_t cap = 128 * (n + 4);
	char *text = malloc(cap);
	assert_non_null(text);
	size_t len = (size_t)snprintf(text, cap, "%s  eth0: 1 1 0 0 0 0 0 0 1 1 0 0 0 0 0 0\n",
				      header);
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(text + len, cap - len,
					"v%zu: %llu 1 0 0 0 0 0 0 %llu 1 0 0 0 0 0 0\n", i, rx + i,
					rx + i);
	put("proc/net/dev", text);
	free(text);
}

/* Renders the interface families with t and parses them. */
static void render_ifaces(struct Nlg_prom_ifaces *t, struct nlg_monitor *mon,
			  struct prom_doc *d)
{
	struct Nlg_prom_buf b = { 0 };
	assert_int_equal(Nlg_prom_ifaces_render(t, mon, &b), 0);
	assert_false(b.oom);
	if (!prom_parse(b.p, d))
		fail_msg("%s", d->err);
	free(b.p);
}

static size_t count_prefix(const struct prom_doc *d, const char *prefix)
{
	size_t n = 0;
	for (size_t i = 0; i < d->n; i++)
		n += !strncmp(d->v[i].series, prefix, strlen(prefix));
	return n;
}

/* Gone interfaces are remembered up to a bound, present ones always. */
static void gone_names_are_bounded(void **state)
{
	(void)state;
	const size_t n = NLG_PROM_GONE_MEMORY + 76;
	struct nlg_monitor *mon = fake_monitor();
	struct Nlg_prom_ifaces t;
	struct prom_doc d1 = { 0 }, d2 = { 0 }, d3 = { 0 };
	Nlg_prom_ifaces_init(&t);
	many_links(n, 1000);
	sample(mon);
	render_ifaces(&t, mon, &d1);
	assert_int_equal(t.n, n + 1);
	assert_int_equal(count_prefix(&d1, "netledger_interface_receive_bytes_total{interface=\"v"), n);

	many_links(0, 0);  /* every v* goes */
	sample(mon);
	render_ifaces(&t, mon, &d2);
	assert_int_equal(t.n, NLG_PROM_GONE_MEMORY + 1);
	assert_int_equal(count_prefix(&d2, "netledger_interface_receive_bytes_total{"), 1);

	many_links(n, 10);  /* they come back, re-created */
	sample(mon);
	render_ifaces(&t, mon, &d3);
	assert_int_equal(t.n, n + 1);
	size_t continued = 0;
	for (size_t i = 0; i < n; i++) {
		char series[128];
		snprintf(series, sizeof(series), RX("v%zu"), i);
		double before = prom_value(&d1, series), after = prom_value(&d3, series);
		continued += after == before + 10 + (double)i;
		if (after != before + 10 + (double)i && after != 10 + (double)i)
			fail_msg("%s: %.0f then %.0f", series, before, after);
	}
	assert_int_equal(continued, NLG_PROM_GONE_MEMORY);
	Nlg_prom_ifaces_done(&t);
	prom_doc_done(&d1);
	prom_doc_done(&d2);
	prom_doc_done(&d3);
	nlg_monitor_free(mon);
}

/* The one-shot form, with no health block and a watch on sockets: app and
 * connection families are present; with no room for apps, "other" is the
 * one app series. */
static void render_one_shot(void **state)
{
	(void)state;
	struct nlg_monitor *mon = fake_monitor();
	assert_int_equal(nlg_monitor_set_watch(mon, NLG_WATCH_INTERFACES | NLG_WATCH_SOCKETS), 0);
	sample(mon);
	char *text = NULL;
	size_t len = 0;
	assert_int_equal(Nlg_prom_render(mon, NULL, 0, &text, &len), 0);
	struct prom_doc d = { 0 };
	if (!prom_parse(text, &d))
		fail_msg("%s\n%s", d.err, text);
	assert_true(prom_value(&d, "netledger_samples_total") == 1);
	assert_true(prom_value(&d, RX("eth0")) == 5000);
	assert_null(strstr(text, "netledger_database_"));
	assert_non_null(strstr(text, "# TYPE netledger_app_receive_bytes_total counter\n"));
	assert_non_null(strstr(text, "# TYPE netledger_connections gauge\n"));
	for (size_t i = 0; i < d.n; i++)
		if (!strncmp(d.v[i].series, "netledger_app_receive_bytes_total", 33))
			assert_string_equal(d.v[i].series,
					    "netledger_app_receive_bytes_total{app=\"other\",kind=\"other\"}");
	free(text);
	prom_doc_done(&d);
	nlg_monitor_free(mon);
}

/* Sends n bytes over a loopback TCP connection and leaves it open; the
 * three sockets (listener, both ends) are returned in fds. */
static void loopback_traffic(size_t n, int fds[3])
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sa);
	fds[0] = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fds[0] >= 0);
	assert_int_equal(bind(fds[0], (struct sockaddr *)&sa, len), 0);
	assert_int_equal(listen(fds[0], 1), 0);
	assert_int_equal(getsockname(fds[0], (struct sockaddr *)&sa, &len), 0);
	fds[1] = socket(AF_INET, SOCK_STREAM, 0);
	assert_int_equal(connect(fds[1], (struct sockaddr *)&sa, len), 0);
	fds[2] = accept(fds[0], NULL, NULL);
	assert_true(fds[2] >= 0);
	char buf[4096] = { 0 };
	for (size_t sent = 0, got = 0; got < n;) {
		if (sent < n)
			sent += (size_t)send(fds[1], buf, sizeof(buf) < n - sent ? sizeof(buf) : n - sent, 0);
		ssize_t r = recv(fds[2], buf, sizeof(buf), 0);
		assert_true(r > 0);
		got += (size_t)r;
	}
}

/* On this machine's own sockets: the app series (the top 2 and "other")
 * add up to exactly what the monitor's apps counted, on a first render. */
static void app_series_partition_the_apps(void **state)
{
	(void)state;
	struct nlg_monitor *mon = nlg_monitor_new();
	assert_non_null(mon);
	assert_int_equal(nlg_monitor_set_watch(mon, NLG_WATCH_INTERFACES | NLG_WATCH_SOCKETS), 0);
	if (nlg_monitor_sample(mon) < 0) {
		nlg_monitor_free(mon);
		skip();  /* no netlink sockets here */
	}
	int fds[3];
	loopback_traffic(256 * 1024, fds);
	assert_int_equal(nlg_monitor_sample(mon), 0);
	uint64_t rx = 0, tx = 0;
	for (size_t i = 0; i < nlg_app_count(mon); i++) {
		rx += nlg_app_rx_since_start(nlg_app_at(mon, i));
		tx += nlg_app_tx_since_start(nlg_app_at(mon, i));
	}
	char *text = NULL;
	size_t len = 0;
	assert_int_equal(Nlg_prom_render(mon, NULL, 2, &text, &len), 0);
	struct prom_doc d = { 0 };
	if (!prom_parse(text, &d))
		fail_msg("%s\n%s", d.err, text);
	double srx = 0, stx = 0;
	size_t series = 0;
	for (size_t i = 0; i < d.n; i++) {
		bool r = !strcmp(d.v[i].family, "netledger_app_receive_bytes_total");
		bool t = !strcmp(d.v[i].family, "netledger_app_transmit_bytes_total");
		srx += r ? d.v[i].value : 0;
		stx += t ? d.v[i].value : 0;
		series += r;
	}
	assert_true(rx >= 256 * 1024);  /* the connection above, at least */
	assert_true(srx == (double)rx && stx == (double)tx);
	assert_int_equal(series, (nlg_app_count(mon) < 2 ? nlg_app_count(mon) : 2) + 1);
	assert_non_null(strstr(text, "netledger_connections{protocol=\"tcp\",state=\"established\"}"));
	for (int i = 0; i < 3; i++)
		close(fds[i]);
	free(text);
	prom_doc_done(&d);
	nlg_monitor_free(mon);
}

/* A wireless interface known from /proc/net/wireless only: its signal has
 * a sample, the bitrate it could not read has none; the machine's totals
 * count eth0 and wlan0, never loopback. */
static void wireless_and_totals(void **state)
{
	(void)state;
	char dev[1024], proc[512], sys[512];
	sys_iface("eth0", 2, "up\n", "0x1043\n");
	sys_iface("wlan0", 99998, "up\n", "0x1043\n");
	make_dir("sys/class/net/wlan0/wireless");
	put("sys/class/net/lo/type", "772\n"); /* ARPHRD_LOOPBACK */
	put("proc/net/wireless", "Inter-| sta-|   Quality        |   Discarded packets\n"
	    " face | tus | link level noise |  nwid  crypt   frag  retry   misc | beacon | 22\n"
	    " wlan0: 0000   49.  -61.  -256        0      0      0      0      0        0\n");
	struct nlg_monitor *mon = nlg_monitor_new();
	snprintf(proc, sizeof(proc), "%s/proc", root);
	snprintf(sys, sizeof(sys), "%s/sys", root);
	nlg_monitor_set_procfs_root(mon, proc);
	nlg_monitor_set_sysfs_root(mon, sys);
	nlg_monitor_set_link_source(mon, NLG_LINK_SOURCE_PROCFS);
	nlg_monitor_set_clock(mon, read_fake_now, &fake_now);
	for (unsigned k = 1; k <= 2; k++) {
		snprintf(dev, sizeof(dev), "%s    lo: %u 1 0 0 0 0 0 0 %u 1 0 0 0 0 0 0\n"
			 "  eth0: %u 1 0 0 0 0 0 0 %u 1 0 0 0 0 0 0\n"
			 " wlan0: %u 1 0 0 0 0 0 0 %u 1 0 0 0 0 0 0\n",
			 header, 9000 * k, 9000 * k, 100 * k, 10 * k, 1000 * k, 20 * k);
		put("proc/net/dev", dev);
		sample(mon);
	}
	struct prom_doc d = { 0 };
	struct Nlg_prom *p = Nlg_prom_new(10);
	char *text = render(p, mon, NULL, &d);
	assert_true(prom_value(&d, "netledger_wireless_signal_dbm{interface=\"wlan0\"}") == -61);
	assert_null(strstr(text, "netledger_wireless_bitrate_bits{"));
	assert_null(strstr(text, "interface=\"eth0\",direction"));
	assert_true(prom_value(&d, "netledger_total_receive_bytes_total{scope=\"physical\"}") == 1100);
	assert_true(prom_value(&d, "netledger_total_transmit_bytes_total{scope=\"physical\"}") == 30);
	assert_true(prom_value(&d, "netledger_total_receive_bytes_total{scope=\"all\"}") == 1100);
	free(text);
	prom_doc_done(&d);
	Nlg_prom_free(p);
	nlg_monitor_free(mon);
	put("sys/class/net/lo/type", "1\n");
}

/* promtool's own lint of the text, when Prometheus's tools are installed. */
static void promtool_check(void **state)
{
	(void)state;
	if (system("command -v promtool >/dev/null 2>&1") != 0)
		skip();
	struct nlg_monitor *mon = fake_monitor();
	sample(mon);
	struct Nlg_prom_health h = { .samples = 1, .sample_seconds_sum = 0.001,
				     .last_sample_seconds = 0.001, .start_time = 1700000000 };
	char *text = NULL, path[600], cmd[1400];
	size_t len = 0;
	assert_int_equal(Nlg_prom_render(mon, &h, 5, &text, &len), 0);
	snprintf(path, sizeof(path), "%s/metrics.txt", root);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	snprintf(cmd, sizeof(cmd), "promtool check metrics < '%s' 2>&1", path);
	int st = system(cmd);
	if (st != 0)
		fail_msg("promtool check metrics failed (status %d) on:\n%s", st, text);
	free(text);
	nlg_monitor_free(mon);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(label_escaping),
		cmocka_unit_test(hostile_label_values),
		cmocka_unit_test(name_rules),
		cmocka_unit_test(parser_rejects_bad_text),
		cmocka_unit_test(render_fake_root),
		cmocka_unit_test(render_one_shot),
		cmocka_unit_test(gone_names_are_bounded),
		cmocka_unit_test(app_series_partition_the_apps),
		cmocka_unit_test(wireless_and_totals),
		cmocka_unit_test(promtool_check),
	};
	return cmocka_run_group_tests_name("prom", tests, fixture_up, fixture_down);
}
