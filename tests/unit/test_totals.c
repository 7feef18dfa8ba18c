/* SPDX-License-Identifier: MIT */
/*
 * test_totals.c - machine totals and the /proc/net/wireless fallback on a
 * whole monitor over a fake /proc and /sys: which interfaces count, an
 * interface that vanishes keeps its bytes in the total, a counter reset
 * gives no negative rate.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "netledger.h"
#include "fakeroot.h"

static char root[] = "/tmp/nlg-totals-XXXXXX";
static uint64_t fake_now;

static uint64_t fake_clock(void *ctx)
{
	(void)ctx;
	return fake_now;
}

static void link_dir(const char *dir, int ifindex, const char *type)
{
	char rel[256], v[32];
	Nlg_fake_mkdirs(root, dir);
	snprintf(rel, sizeof(rel), "%s/ifindex", dir);
	snprintf(v, sizeof(v), "%d\n", ifindex);
	Nlg_fake_put(root, rel, v);
	snprintf(rel, sizeof(rel), "%s/type", dir);
	Nlg_fake_put(root, rel, type);
	snprintf(rel, sizeof(rel), "%s/operstate", dir);
	Nlg_fake_put(root, rel, "up\n");
	snprintf(rel, sizeof(rel), "%s/flags", dir);
	Nlg_fake_put(root, rel, "0x1003\n");
}

struct counts {
	uint64_t lo, eth, wlan, veth; /* rx; tx is half */
	bool wlan_present;
};

static void write_dev(const struct counts *c)
{
	char text[2048];
	int n = snprintf(text, sizeof(text),
		"Inter-|   Receive                                                |  Transmit\n"
		" face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n");
	const struct { const char *name; uint64_t v; bool on; } l[] = {
		{ "lo", c->lo, true }, { "eth0", c->eth, true },
		{ "wlan0", c->wlan, c->wlan_present }, { "veth0", c->veth, true },
	};
	for (size_t i = 0; i < 4; i++)
		if (l[i].on)
			n += snprintf(text + n, sizeof(text) - (size_t)n,
				      "%6s: %llu 1 0 0 0 0 0 0 %llu 1 0 0 0 0 0 0\n", l[i].name,
				      (unsigned long long)l[i].v, (unsigned long long)(l[i].v / 2));
	Nlg_fake_put(root, "proc/net/dev", text);
}

static void make_root(void)
{
	char target[512], link[512];
	assert_non_null(mkdtemp(root));
	Nlg_fake_mkdirs(root, "proc/net");
	link_dir("sys/class/net/lo", 1, "772\n");
	link_dir("sys/class/net/eth0", 2, "1\n");
	/* An index no real interface has, so that nl80211 (where the kernel
	 * has it) knows nothing of it and the fallback is what is tested. */
	link_dir("sys/class/net/wlan0", 99999, "1\n");
	Nlg_fake_mkdirs(root, "sys/class/net/wlan0/wireless");
	link_dir("sys/devices/virtual/net/veth0", 4, "1\n");
	snprintf(target, sizeof(target), "%s/sys/devices/virtual/net/veth0", root);
	snprintf(link, sizeof(link), "%s/sys/class/net/veth0", root);
	assert_int_equal(symlink(target, link), 0);
	Nlg_fake_put(root, "proc/net/wireless",
		     "Inter-| sta-|   Quality        |   Discarded packets               | Missed | WE\n"
		     " face | tus | link level noise |  nwid  crypt   frag  retry   misc | beacon | 22\n"
		     " wlan0: 0000   49.  -61.  -256        0      0      0      0      0        0\n");
}

static struct nlg_monitor *open_monitor(void)
{
	char proc[512], sys[512];
	snprintf(proc, sizeof(proc), "%s/proc", root);
	snprintf(sys, sizeof(sys), "%s/sys", root);
	struct nlg_monitor *mon = nlg_monitor_new();
	assert_non_null(mon);
	assert_int_equal(nlg_monitor_set_procfs_root(mon, proc), 0);
	assert_int_equal(nlg_monitor_set_sysfs_root(mon, sys), 0);
	assert_int_equal(nlg_monitor_set_link_source(mon, NLG_LINK_SOURCE_PROCFS), 0);
	assert_int_equal(nlg_monitor_set_clock(mon, fake_clock, NULL), 0);
	return mon;
}

static void sample_at(struct nlg_monitor *mon, uint64_t sec, const struct counts *c)
{
	write_dev(c);
	fake_now = sec * 1000000000ull;
	assert_int_equal(nlg_monitor_sample(mon), 0);
}

static struct nlg_total total(struct nlg_monitor *mon, enum nlg_total_scope s)
{
	struct nlg_total t;
	assert_int_equal(nlg_monitor_total(mon, s, &t), 0);
	return t;
}

static void classified(struct nlg_monitor *mon)
{
	const char *phys[] = { "eth0", "wlan0" };
	for (size_t i = 0; i < 2; i++) {
		const struct nlg_iface *it = nlg_iface_find(mon, phys[i]);
		assert_non_null(it);
		assert_true(nlg_iface_counted(it, NLG_TOTAL_PHYSICAL));
		assert_true(nlg_iface_counted(it, NLG_TOTAL_ALL));
	}
	assert_false(nlg_iface_counted(nlg_iface_find(mon, "veth0"), NLG_TOTAL_PHYSICAL));
	assert_true(nlg_iface_counted(nlg_iface_find(mon, "veth0"), NLG_TOTAL_ALL));
	assert_false(nlg_iface_counted(nlg_iface_find(mon, "lo"), NLG_TOTAL_PHYSICAL));
	assert_false(nlg_iface_counted(nlg_iface_find(mon, "lo"), NLG_TOTAL_ALL));
}

static void totals_and_vanishing(void **state)
{
	(void)state;
	make_root();
	struct nlg_monitor *mon = open_monitor();
	struct counts c = { .lo = 50000, .eth = 10000, .wlan = 20000, .veth = 40000,
			    .wlan_present = true };
	struct nlg_total t;

	sample_at(mon, 0, &c);
	classified(mon);
	t = total(mon, NLG_TOTAL_PHYSICAL);
	assert_int_equal(t.count, 2);
	assert_int_equal(t.rx_total, 30000);
	assert_int_equal(t.tx_total, 15000);
	assert_int_equal(t.rx_since_start, 0);
	assert_true(t.rx_rate == 0.0);

	c.lo += 99999, c.eth += 1000, c.wlan += 2000, c.veth += 7000;
	sample_at(mon, 1, &c);
	t = total(mon, NLG_TOTAL_PHYSICAL);
	assert_int_equal(t.rx_since_start, 3000);
	assert_int_equal(t.tx_since_start, 1500);
	assert_true(t.rx_rate == 3000.0 && t.tx_rate == 1500.0);
	assert_int_equal(t.rx_total, 33000);
	t = total(mon, NLG_TOTAL_ALL);
	assert_int_equal(t.count, 3);
	assert_int_equal(t.rx_since_start, 10000);
	assert_int_equal(t.rx_total, 80000);

	/* wlan0 vanishes: its bytes stay, the rate does not drop below 0. */
	c.wlan_present = false;
	c.eth += 100;
	sample_at(mon, 2, &c);
	t = total(mon, NLG_TOTAL_PHYSICAL);
	assert_int_equal(t.count, 1);
	assert_int_equal(t.rx_since_start, 3100);
	assert_true(t.rx_rate == 100.0);
	assert_int_equal(t.rx_total, 33100); /* gone but still held */
	nlg_monitor_forget_gone(mon);
	t = total(mon, NLG_TOTAL_PHYSICAL);
	assert_int_equal(t.rx_total, 11100);
	assert_int_equal(t.rx_since_start, 3100);

	/* eth0's driver reloads: its counter restarts low. */
	c.eth = 400;
	sample_at(mon, 3, &c);
	t = total(mon, NLG_TOTAL_PHYSICAL);
	assert_int_equal(t.rx_since_start, 3500);
	assert_true(t.rx_rate == 400.0);
	assert_int_equal(nlg_monitor_total(mon, (enum nlg_total_scope)7, &t), -EINVAL);
	nlg_monitor_free(mon);
}

static void wifi_signal_from_proc(void **state)
{
	(void)state;
	struct nlg_monitor *mon = open_monitor();
	struct counts c = { .lo = 1, .eth = 1, .wlan = 1, .veth = 1, .wlan_present = true };
	struct nlg_wifi w;
	sample_at(mon, 0, &c);
	const struct nlg_iface *it = nlg_iface_find(mon, "wlan0");
	assert_non_null(it);
	assert_int_equal(nlg_iface_type(it), NLG_IFACE_WIFI);
	assert_int_equal(nlg_iface_wifi(it, &w), 0);
	assert_int_equal(w.has, NLG_WIFI_HAS_SIGNAL);
	assert_int_equal(w.signal_dbm, -61);
	assert_string_equal(w.source, "/proc/net/wireless");
	assert_true(w.why[0] != '\0'); /* what nl80211 said instead */
	assert_int_equal(nlg_iface_wifi(nlg_iface_find(mon, "eth0"), &w), -ENODEV);
	assert_string_equal(nlg_wifi_mode_name(NLG_WIFI_MODE_AP), "ap");
	assert_string_equal(nlg_wifi_mode_name((enum nlg_wifi_mode)99), "unknown");
	nlg_monitor_free(mon);
}

static int teardown(void **state)
{
	(void)state;
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(totals_and_vanishing),
		cmocka_unit_test(wifi_signal_from_proc),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
