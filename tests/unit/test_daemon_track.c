/* SPDX-License-Identifier: MIT */
/* test_daemon_track.c - netledgerd's bookkeeping without root: interface
 * continuity across simulated restarts, reboots, resets and re-created
 * interfaces (over a fake /proc/net/dev and sysfs), and its config file. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon/daemon.h"
#include "fakeroot.h"

#define T0 1735689600

static char root[256];

static void put(const char *rel, const char *text)
{
	Nlg_fake_put(root, rel, text);
}

static void counters(unsigned long long rx, unsigned long long tx, int ifindex)
{
	char buf[512];
	snprintf(buf, sizeof(buf),
		 "Inter-|   Receive                            |  Transmit\n"
		 " face |bytes    packets errs drop fifo frame compressed multicast|"
		 "bytes    packets errs drop fifo colls carrier compressed\n"
		 "  eth0: %llu 10 0 0 0 0 0 0 %llu 10 0 0 0 0 0 0\n", rx, tx);
	put("proc/net/dev", buf);
	snprintf(buf, sizeof(buf), "%d\n", ifindex);
	put("sys/class/net/eth0/ifindex", buf);
}

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "%s/nlg-track-%d", P_tmpdir, (int)getpid());
	mkdir(root, 0700);
	Nlg_fake_mkdirs(root, "proc/net");
	Nlg_fake_mkdirs(root, "sys/class/net/eth0");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char path[600];
	const char *files[] = { "proc/net/dev", "sys/class/net/eth0/ifindex" };
	const char *dirs[] = { "sys/class/net/eth0", "sys/class/net", "sys/class", "sys",
			       "proc/net", "proc", "" };
	for (size_t i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/%s", root, files[i]);
		unlink(path);
	}
	for (size_t i = 0; i < 7; i++) {
		snprintf(path, sizeof(path), "%s/%s", root, dirs[i]);
		rmdir(path);
	}
	return 0;
}

/* One run of the daemon: a monitor and a tracker on the fake roots. */
struct run {
	struct nlg_monitor *mon;
	struct Nlgd_tracker tr;
};

static void run_start(struct run *r, const char *boot)
{
	char p[600];
	memset(r, 0, sizeof(*r));
	r->mon = nlg_monitor_new();
	assert_non_null(r->mon);
	snprintf(p, sizeof(p), "%s/proc", root);
	assert_int_equal(nlg_monitor_set_procfs_root(r->mon, p), 0);
	snprintf(p, sizeof(p), "%s/sys", root);
	assert_int_equal(nlg_monitor_set_sysfs_root(r->mon, p), 0);
	assert_int_equal(nlg_monitor_set_link_source(r->mon, NLG_LINK_SOURCE_PROCFS), 0);
	snprintf(r->tr.boot_id, sizeof(r->tr.boot_id), "%s", boot);
}

static void run_sample(struct run *r, struct Nlg_store *st, int64_t t)
{
	assert_int_equal(nlg_monitor_sample(r->mon), 0);
	assert_int_equal(Nlgd_track_sample(&r->tr, r->mon, st, false, t), 0);
}

static void run_stop(struct run *r, struct Nlg_store *st, int64_t t, bool flush)
{
	struct Nlg_store_policy p;
	Nlg_store_policy_default(&p);
	if (flush)
		assert_int_equal(Nlgd_track_flush(&r->tr, st, &p, t), 0);
	Nlgd_track_free(&r->tr);
	nlg_monitor_free(r->mon);
}

static void stored(struct Nlg_store *st, uint64_t rx, uint64_t tx)
{
	struct Nlg_store_row *rows;
	size_t n;
	uint64_t srx = 0, stx = 0;
	assert_int_equal(Nlg_store_query(st, NLG_SERIES_IFACE, "eth0", NLG_RES_MONTH, 0,
					 INT64_MAX, &rows, &n), 0);
	for (size_t i = 0; i < n; i++) {
		srx += rows[i].rx;
		stx += rows[i].tx;
	}
	free(rows);
	assert_int_equal(srx, rx);
	assert_int_equal(stx, tx);
}

/* One run of the daemon: counters at start (and, when rx2 is set, at a
 * second sample), flushed at the end or killed; then the store must hold
 * want_rx/want_tx in all. */
struct step {
	const char *what, *boot;
	int ifindex;
	unsigned long long rx, tx, rx2, tx2;
	bool flush;
	uint64_t want_rx, want_tx;
};

static const struct step steps[] = {
	{ "never seen: from the first reading", "boot-1", 2, 1000, 500, 1500, 700, true, 500, 200 },
	{ "down while 2500/300 moved: counted once", "boot-1", 2, 4000, 1000, 4010, 1001, true,
	  3010, 501 },
	{ "killed before a flush: nothing stored", "boot-1", 2, 5000, 2000, 0, 0, false, 3010, 501 },
	{ "the next run counts what the killed one lost", "boot-1", 2, 5100, 2100, 0, 0, true,
	  4100, 1600 },
	{ "counter went back: a reset, from zero", "boot-1", 2, 70, 30, 0, 0, true, 4170, 1630 },
	{ "another boot: from zero, though higher", "boot-2", 2, 9000, 8000, 0, 0, true,
	  13170, 9630 },
	{ "re-created (new ifindex): from zero", "boot-2", 5, 9100, 8100, 0, 0, true, 22270, 17730 },
};

static void test_continuity(void **state)
{
	(void)state;
	struct Nlg_store *st;
	char err[256];
	struct run r;
	assert_int_equal(Nlg_store_open(&st, ":memory:", true, err, sizeof(err)), 0);
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		const struct step *sp = &steps[i];
		int64_t t = T0 + 100 * (int64_t)i;
		print_message("%s\n", sp->what);
		counters(sp->rx, sp->tx, sp->ifindex);
		run_start(&r, sp->boot);
		run_sample(&r, st, t);
		if (sp->rx2) {
			counters(sp->rx2, sp->tx2, sp->ifindex);
			run_sample(&r, st, t + 1);
		}
		run_stop(&r, st, t + 1, sp->flush);
		stored(st, sp->want_rx, sp->want_tx);
	}
	Nlg_store_close(st);
}

static void test_config(void **state)
{
	(void)state;
	struct Nlgd_config c;
	char err[512], path[600];
	Nlgd_config_defaults(&c);
	assert_int_equal(c.interval_ns, 1000000000ull);
	assert_int_equal(c.flush_ns, 10000000000ull);
	assert_int_equal(c.apps_interval_ns, 0);   /* chosen at start: 1 s incremental, else 5 s */
	assert_int_equal(c.ebpf, NLG_EBPF_AUTO);
	assert_int_equal(c.policy.keep[NLG_RES_MINUTE], 48 * 3600);
	assert_int_equal(c.policy.keep[NLG_RES_HOUR], 90 * 86400);
	assert_int_equal(c.policy.keep[NLG_RES_DAY], 3 * 365 * 86400);
	assert_int_equal(c.policy.keep[NLG_RES_MONTH], 0);
	assert_int_equal(c.port, 9753);
	assert_string_equal(c.listen, "127.0.0.1");
	assert_int_equal(c.billing_day, 1);

	snprintf(path, sizeof(path), "%s/d.conf", root);
	put("d.conf", "# comment\n\n  interval = 500ms  # trailing\nflush_interval=1m\n"
		      "keep_minutes = 2d\nkeep_months = 10y\nkeep_days = forever\n"
		      "top_apps = 5\napps = no\nmetrics = off\nport = 1\nlisten = ::1\n"
		      "database = /x/y.db\napps_interval = 30s\nebpf = off\n"
		      "billing_day = 31\n");
	assert_int_equal(Nlgd_config_load(&c, path, true, err, sizeof(err)), 0);
	assert_int_equal(c.interval_ns, 500000000ull);
	assert_int_equal(c.flush_ns, 60000000000ull);
	assert_int_equal(c.apps_interval_ns, 30000000000ull);
	assert_int_equal(c.ebpf, NLG_EBPF_OFF);
	assert_int_equal(c.policy.keep[NLG_RES_MINUTE], 2 * 86400);
	assert_int_equal(c.policy.keep[NLG_RES_MONTH], 10 * 365 * 86400LL);
	assert_int_equal(c.policy.keep[NLG_RES_DAY], 0);
	assert_int_equal(c.policy.top_apps, 5);
	assert_false(c.apps);
	assert_false(c.metrics);
	assert_int_equal(c.port, 1);
	assert_string_equal(c.listen, "::1");
	assert_string_equal(c.db, "/x/y.db");
	assert_int_equal(c.billing_day, 31);

	static const struct { const char *text, *msg; } bad[] = {
		{ "interval = 1s\nnope = 1\n", ":2: unknown key 'nope'" },
		{ "interval = 0\n", ":1: invalid value '0' for interval" },
		{ "interval = forever\n", ":1: invalid value 'forever'" },
		{ "\n\nport = 65536\n", ":3: invalid value '65536' for port" },
		{ "apps = maybe\n", ":1: invalid value 'maybe'" },
		{ "interval 1s\n", ":1: expected 'key = value'" },
		{ "keep_hours = -1d\n", ":1: invalid value '-1d'" },
		{ "flush_interval = 5x\n", ":1: invalid value '5x'" },
		{ "database =\n", ":1: invalid value ''" },
		{ "billing_day = 0\n", ":1: invalid value '0' for billing_day" },
		{ "billing_day = 32\n", ":1: invalid value '32' for billing_day" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct Nlgd_config before = c;
		put("d.conf", bad[i].text);
		err[0] = '\0';
		assert_int_equal(Nlgd_config_load(&c, path, true, err, sizeof(err)), -1);
		assert_non_null(strstr(err, bad[i].msg));
		assert_null(strchr(err, '\n'));
		/* A failed load changes nothing. */
		assert_memory_equal(&before, &c, sizeof(c));
	}
	unlink(path);
	/* A missing default file is fine; a named one is not. */
	assert_int_equal(Nlgd_config_load(&c, path, false, err, sizeof(err)), 0);
	assert_int_equal(Nlgd_config_load(&c, path, true, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "No such file"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_continuity),
		cmocka_unit_test(test_config),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
