/* SPDX-License-Identifier: MIT */
/* test_netns.c - the namespace registry on a fake /proc: what a --netns
 * argument designates, namespaces found once per inode and retired after
 * they vanish; and the forwarded-packet counters of /proc/net/snmp. */
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

#include "fakeroot.h"
#include "platform/linux/bpf/sockcount.h"
#include "platform/linux/netns.h"
#include "platform/linux/snmp.h"

static char root[] = "/tmp/nlg-netns-XXXXXX";
static char proc[600], names[600];

/* A fake process whose namespace file is a hard link to file (a new
 * namespace when file is NULL). */
static void fake_pid(int pid, const char *same_as)
{
	char rel[64], a[700], b[700];
	snprintf(rel, sizeof(rel), "proc/%d/ns/x", pid);
	Nlg_fake_mkdirs(root, rel);
	snprintf(rel, sizeof(rel), "proc/%d/ns/net", pid);
	if (!same_as) {
		Nlg_fake_put(root, rel, "");
		return;
	}
	snprintf(a, sizeof(a), "%s/%s", root, same_as);
	snprintf(b, sizeof(b), "%s/%s", root, rel);
	assert_int_equal(link(a, b), 0);
}

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(root))
		return -1;
	snprintf(proc, sizeof(proc), "%s/proc", root);
	snprintf(names, sizeof(names), "%s/run/netns", root);
	Nlg_fake_mkdirs(root, "run/netns");
	fake_pid(1, NULL);                      /* "self" is pid 1's namespace */
	Nlg_fake_mkdirs(root, "proc/self/ns/x");
	char a[700], b[700];
	snprintf(a, sizeof(a), "%s/proc/1/ns/net", root);
	snprintf(b, sizeof(b), "%s/proc/self/ns/net", root);
	assert_int_equal(link(a, b), 0);
	fake_pid(10, NULL);
	fake_pid(11, "proc/10/ns/net");
	fake_pid(12, NULL);
	/* pid 12's namespace also has an ip netns name */
	snprintf(a, sizeof(a), "%s/proc/12/ns/net", root);
	snprintf(b, sizeof(b), "%s/run/netns/blue", root);
	assert_int_equal(link(a, b), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[700];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	return system(cmd);
}

static void resolve(void **state)
{
	(void)state;
	struct Nlg_netns_spec sp;
	struct Nlg_errbuf eb = { 0 };
	assert_int_equal(Nlg_netns_resolve(proc, NULL, &sp, &eb), 0);
	assert_int_equal(sp.scope, NLG_NETNS_SCOPE_CURRENT);
	assert_int_equal(Nlg_netns_resolve(proc, "all", &sp, &eb), 0);
	assert_int_equal(sp.scope, NLG_NETNS_SCOPE_ALL);
	assert_int_equal(Nlg_netns_resolve(proc, "10", &sp, &eb), 0);
	assert_int_equal(sp.scope, NLG_NETNS_SCOPE_ONE);
	assert_non_null(strstr(sp.path, "/proc/10/ns/net"));
	/* our own namespace by pid is "current" */
	assert_int_equal(Nlg_netns_resolve(proc, "1", &sp, &eb), 0);
	assert_int_equal(sp.scope, NLG_NETNS_SCOPE_CURRENT);
	assert_int_equal(Nlg_netns_resolve(proc, "999", &sp, &eb), -ENOENT);
	assert_int_equal(Nlg_netns_resolve(proc, "../etc", &sp, &eb), -EINVAL);
	assert_int_equal(Nlg_netns_resolve(proc, "..", &sp, &eb), -EINVAL);
	assert_int_equal(Nlg_netns_resolve(proc, "no-such-name-here", &sp, &eb), -ENOENT);
}

/* pids 10 and 11 share a namespace: one entry. Entering a fake namespace
 * fails: it stays listed, refused, and is not retried. */
static void scan_dedupe_and_retire(void **state)
{
	(void)state;
	struct Nlg_netns_reg r;
	struct Nlg_errbuf eb = { 0 };
	assert_int_equal(Nlg_netns_reg_open(&r, proc, "all", &eb), 0);
	r.names_dir = names;
	assert_int_equal(r.n, 1);
	assert_true(r.v[0]->self);
	assert_int_equal(Nlg_netns_reg_scan(&r), 0);
	assert_int_equal(r.n, 3);   /* ours, 10 (and 11), 12 */
	assert_int_equal(r.refused, 2);
	size_t named = 0;
	for (size_t i = 0; i < r.n; i++)
		named += !strcmp(r.v[i]->name, "blue") && r.v[i]->pid == 12;
	assert_int_equal(named, 1);
	assert_int_equal(Nlg_netns_reg_scan(&r), 0);
	assert_int_equal(r.n, 3);
	/* 12 exits: read NLG_NETNS_LINGER more scans, then closed */
	char cmd[700];
	snprintf(cmd, sizeof(cmd), "rm -rf %s/proc/12 %s/run/netns/blue", root, root);
	assert_int_equal(system(cmd), 0);
	for (int i = 0; i < NLG_NETNS_LINGER; i++) {
		assert_int_equal(Nlg_netns_reg_scan(&r), 0);
		assert_int_equal(r.n, 3);
	}
	assert_int_equal(Nlg_netns_reg_scan(&r), 0);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.refused, 1);
	Nlg_netns_reg_close(&r);
}

/* Two states of the eBPF table whose plain sums of packets, closures and
 * entries agree (a closed socket dropped, another made and closed, a live
 * one with the difference in packets) are told apart: the namespace is
 * dumped again, not replayed from its last dump. */
static void activity_tells_states_apart(void **state)
{
	(void)state;
	struct Nlg_netns_reg r;
	struct Nlg_errbuf eb = { 0 };
	assert_int_equal(Nlg_netns_reg_open(&r, proc, "current", &eb), 0);
	uint64_t nc = r.v[0]->cookie;
	if (!nc) {
		Nlg_netns_reg_close(&r);
		skip();
	}
	const uint64_t ca[] = { 1, 2 }, cb[] = { 3, 2 };
	struct nlg_bpf_sock a[2] = { { .tx_packets = 10, .released = 1, .netns = nc },
				     { .tx_packets = 5, .netns = nc } };
	struct nlg_bpf_sock b[2] = { { .tx_packets = 3, .released = 1, .netns = nc },
				     { .tx_packets = 12, .netns = nc } };
	Nlg_netns_reg_activity(&r, ca, a, 2);
	uint64_t sa = r.v[0]->sig;
	Nlg_netns_reg_activity(&r, cb, b, 2);
	assert_true(r.v[0]->sig != sa);
	Nlg_netns_reg_activity(&r, ca, a, 2);
	assert_true(r.v[0]->sig == sa);
	Nlg_netns_reg_close(&r);
}

static void snmp_forwarded(void **state)
{
	(void)state;
	uint64_t n = 0;
	const char *v4 = "Ip: Forwarding DefaultTTL InReceives InHdrErrors InAddrErrors ForwDatagrams "
			 "InUnknownProtos\nIp: 1 64 100 0 0 1234 0\nIcmp: InMsgs\nIcmp: 3\n";
	assert_int_equal(Nlg_snmp_parse_forwarded(v4, &n), 0);
	assert_int_equal(n, 1234);
	assert_int_equal(Nlg_snmp_parse_forwarded("Ip6InReceives 5\nIp6OutForwDatagrams     \t17\n", &n), 0);
	assert_int_equal(n, 17);
	assert_int_equal(Nlg_snmp_parse_forwarded("Ip: A B\nIp: 1 2\n", &n), -ENOENT);
	assert_int_equal(Nlg_snmp_parse_forwarded("Ip: ForwDatagrams\n", &n), -ENOENT);
	assert_int_equal(Nlg_snmp_parse_forwarded("", &n), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(resolve),
		cmocka_unit_test(scan_dedupe_and_retire),
		cmocka_unit_test(activity_tells_states_apart),
		cmocka_unit_test(snmp_forwarded),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
