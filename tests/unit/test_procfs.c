/* SPDX-License-Identifier: MIT */
/* test_procfs.c - the /proc/net/dev fallback, on text and on a fake root. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "netledger.h"
#include "platform/linux/procnetdev.h"
#include "fakeroot.h"

static const char header[] =
	"Inter-|   Receive                                                |  Transmit\n"
	" face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets "
	"errs drop fifo colls carrier compressed\n";

static void parse_text(void **state)
{
	(void)state;
	char text[1024];
	snprintf(text, sizeof(text), "%s"
		 "    lo:    1200      12    0    0    0     0          0         0     1200      12    0    0    0     0       0          0\n"
		 "  eth0: 18446744073709551615 7 1 2 3 4 5 6 9000 8 9 10 11 12 13 14\n",
		 header);
	struct Nlg_raw_links rl = { 0 };
	assert_int_equal(Nlg_procnetdev_parse(text, strlen(text), &rl), 0);
	assert_int_equal(rl.nlinks, 2);
	assert_string_equal(rl.links[0].name, "lo");
	assert_int_equal(rl.links[0].counters[NLG_RX_BYTES], 1200);
	const struct Nlg_raw_link *e = &rl.links[1];
	assert_string_equal(e->name, "eth0");
	assert_int_equal(e->counters[NLG_RX_BYTES], UINT64_MAX);
	assert_int_equal(e->counters[NLG_RX_PACKETS], 7);
	assert_int_equal(e->counters[NLG_RX_ERRORS], 1);
	assert_int_equal(e->counters[NLG_RX_DROPPED], 2);
	assert_int_equal(e->counters[NLG_RX_FIFO_ERRORS], 3);
	assert_int_equal(e->counters[NLG_RX_COMPRESSED], 5);
	assert_int_equal(e->counters[NLG_MULTICAST], 6);
	assert_int_equal(e->counters[NLG_TX_BYTES], 9000);
	assert_int_equal(e->counters[NLG_COLLISIONS], 12);
	assert_int_equal(e->counters[NLG_TX_COMPRESSED], 14);
	/* frame and carrier are sums in this file: not reported as counters */
	assert_false(e->counter_mask & (1u << NLG_RX_FRAME_ERRORS));
	assert_false(e->counter_mask & (1u << NLG_TX_CARRIER_ERRORS));
	Nlg_raw_links_done(&rl);
}

static void reject_bad_text(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"eth0: 1 2 3\n",                              /* no header, few columns */
		"a\nb\neth0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n", /* no colon */
		"a\nb\neth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n", /* 15 columns */
		"a\nb\neth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 x\n",
		"a\nb\neth0: 18446744073709551616 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n",
		"a\nb\naveryveryverylongname: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n",
		"",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct Nlg_raw_links rl = { 0 };
		print_message("bad text %zu\n", i);
		assert_int_equal(Nlg_procnetdev_parse(bad[i], strlen(bad[i]), &rl), -EPROTO);
		Nlg_raw_links_done(&rl);
	}
}

/* A whole monitor on a fake /proc and /sys: the fallback path end to end. */
static char root[] = "/tmp/nlg-procfs-XXXXXX";

static void write_file(const char *rel, const char *content)
{
	Nlg_fake_put(root, rel, content);
}

static void mkdirs(const char *rel)
{
	Nlg_fake_mkdirs(root, rel);
}

static void write_dev(uint64_t rx)
{
	char text[1024];
	snprintf(text, sizeof(text), "%s  eth0: %llu 7 0 0 0 0 0 0 9000 8 0 0 0 0 0 0\n", header,
		 (unsigned long long)rx);
	write_file("proc/net/dev", text);
}

static uint64_t fake_now;
static uint64_t fake_clock(void *ctx)
{
	(void)ctx;
	return fake_now;
}

static void monitor_on_fake_root(void **state)
{
	(void)state;
	char proc[512], sys[512];
	assert_non_null(mkdtemp(root));
	mkdirs("proc/net");
	mkdirs("sys/class/net/eth0");
	write_file("sys/class/net/eth0/ifindex", "4\n");
	write_file("sys/class/net/eth0/mtu", "1500\n");
	write_file("sys/class/net/eth0/flags", "0x1003\n");
	write_file("sys/class/net/eth0/operstate", "up\n");
	write_file("sys/class/net/eth0/address", "02:00:00:00:00:2a\n");
	write_file("sys/class/net/eth0/type", "1\n");
	write_file("sys/class/net/eth0/speed", "1000\n");
	write_dev(5000);

	struct nlg_monitor *mon = nlg_monitor_new();
	assert_non_null(mon);
	snprintf(proc, sizeof(proc), "%s/proc", root);
	snprintf(sys, sizeof(sys), "%s/sys", root);
	assert_int_equal(nlg_monitor_set_procfs_root(mon, proc), 0);
	assert_int_equal(nlg_monitor_set_sysfs_root(mon, sys), 0);
	assert_int_equal(nlg_monitor_set_link_source(mon, NLG_LINK_SOURCE_PROCFS), 0);
	assert_int_equal(nlg_monitor_set_clock(mon, fake_clock, NULL), 0);
	fake_now = 1000;
	assert_int_equal(nlg_monitor_sample(mon), 0);
	assert_int_equal(nlg_monitor_link_source(mon), NLG_LINK_SOURCE_PROCFS);
	assert_int_equal(nlg_monitor_set_procfs_root(mon, "/x"), -EBUSY);

	const struct nlg_iface *it = nlg_iface_find(mon, "eth0");
	assert_non_null(it);
	assert_int_equal(nlg_iface_index(it), 4);
	assert_int_equal(nlg_iface_mtu(it), 1500);
	assert_int_equal(nlg_iface_type(it), NLG_IFACE_ETHERNET);
	assert_int_equal(nlg_iface_speed_mbps(it), 1000);
	assert_int_equal(nlg_iface_oper_state(it), NLG_OPER_UP);
	assert_true(nlg_iface_flags(it) & NLG_IFF_UP);
	const uint8_t *mac;
	assert_int_equal(nlg_iface_mac(it, &mac), 6);
	assert_int_equal(mac[5], 0x2a);

	/* +2 MB in one second on a 1 Gb/s link: believable */
	write_dev(2005000);
	fake_now += 1000000000ull;
	assert_int_equal(nlg_monitor_sample(mon), 0);
	assert_int_equal(nlg_iface_since_start(it, NLG_RX_BYTES), 2000000);
	assert_true(nlg_iface_rate(it, NLG_RX_BYTES) == 2000000.0);

	/* The driver reloads: the counter restarts from zero. */
	write_dev(3000);
	fake_now += 1000000000ull;
	assert_int_equal(nlg_monitor_sample(mon), 0);
	assert_int_equal(nlg_iface_since_start(it, NLG_RX_BYTES), 2003000);
	assert_int_equal(nlg_iface_resets(it), 1);

	/* A file that is not /proc/net/dev: a clear error, state kept. */
	write_file("proc/net/dev", "garbage\n");
	fake_now += 1000000000ull;
	assert_int_equal(nlg_monitor_sample(mon), -EPROTO);
	assert_non_null(strstr(nlg_monitor_errmsg(mon), "unexpected format"));
	assert_int_equal(nlg_iface_since_start(it, NLG_RX_BYTES), 2003000);
	nlg_monitor_free(mon);

	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
}

static void missing_root_is_an_error(void **state)
{
	(void)state;
	struct nlg_monitor *mon = nlg_monitor_new();
	nlg_monitor_set_procfs_root(mon, "/nonexistent/proc");
	nlg_monitor_set_link_source(mon, NLG_LINK_SOURCE_PROCFS);
	assert_int_equal(nlg_monitor_sample(mon), -ENOENT);
	assert_non_null(strstr(nlg_monitor_errmsg(mon), "/nonexistent/proc/net/dev"));
	assert_int_equal(nlg_iface_count(mon), 0);
	nlg_monitor_free(mon);
	mon = nlg_monitor_new();
	assert_int_equal(nlg_monitor_set_link_source(mon, (enum nlg_link_source)42), -EINVAL);
	assert_int_equal(nlg_monitor_set_sysfs_root(mon, NULL), -EINVAL);
	nlg_monitor_free(mon);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_text),
		cmocka_unit_test(reject_bad_text),
		cmocka_unit_test(monitor_on_fake_root),
		cmocka_unit_test(missing_root_is_an_error),
	};
	return cmocka_run_group_tests_name("procfs", tests, NULL, NULL);
}
