/* SPDX-License-Identifier: MIT */
/* test_account.c - an account's rows (sums per protocol, host and name),
 * a process's parent from a fake /proc, and the API's refusals. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "core/account.h"
#include "platform/runcg.h"
#include "fakeroot.h"

static struct nlg_account_row sock(int proto, uint8_t last, uint16_t port, const char *name,
				   uint64_t rx, uint64_t tx, bool known)
{
	struct nlg_account_row r = { .proto = proto, .sockets = 1, .rx_bytes = rx, .tx_bytes = tx,
				     .bytes_known = known };
	r.remote.family = AF_INET;
	r.remote.addr[0] = 10;
	r.remote.addr[3] = last;
	r.remote.port = port;
	snprintf(r.name, sizeof(r.name), "%s", name);
	return r;
}

static void add_kind(struct Nlg_rowtab *t, int kind, const struct nlg_account_row *s)
{
	struct nlg_account_row key;
	Nlg_rowtab_key(kind, s, &key);
	assert_int_equal(Nlg_rowtab_add(t, &key), 0);
}

static void rows_sum_by_key(void **state)
{
	(void)state;
	struct Nlg_rowtab host, proc, proto;
	Nlg_rowtab_init(&host);
	Nlg_rowtab_init(&proc);
	Nlg_rowtab_init(&proto);
	const struct nlg_account_row socks[] = {
		sock(IPPROTO_TCP, 2, 80, "curl", 1000, 100, true),
		sock(IPPROTO_TCP, 2, 80, "curl", 3000, 300, true),
		sock(IPPROTO_TCP, 3, 443, "git", 50000, 500, true),
		sock(IPPROTO_UDP, 2, 53, "curl", 0, 0, false),
	};
	for (size_t i = 0; i < 4; i++) {
		add_kind(&host, NLG_ROWS_HOST, &socks[i]);
		add_kind(&proc, NLG_ROWS_PROC, &socks[i]);
		add_kind(&proto, NLG_ROWS_PROTO, &socks[i]);
	}
	assert_int_equal(host.n, 3);
	assert_int_equal(proc.n, 2);
	assert_int_equal(proto.n, 2);
	Nlg_rowtab_sort(&host);
	Nlg_rowtab_sort(&proc);
	Nlg_rowtab_sort(&proto);
	/* largest first: git's host, then curl's two sockets to port 80 */
	assert_int_equal(host.v[0].remote.port, 443);
	assert_int_equal(host.v[1].remote.port, 80);
	assert_int_equal(host.v[1].sockets, 2);
	assert_int_equal(host.v[1].rx_bytes, 4000);
	assert_int_equal(host.v[1].tx_bytes, 400);
	assert_true(host.v[1].bytes_known);
	assert_false(host.v[2].bytes_known);
	/* a name row has no protocol or host; curl's row is unknown in part */
	assert_string_equal(proc.v[0].name, "git");
	assert_string_equal(proc.v[1].name, "curl");
	assert_int_equal(proc.v[1].proto, 0);
	assert_int_equal(proc.v[1].remote.family, 0);
	assert_int_equal(proc.v[1].sockets, 3);
	assert_false(proc.v[1].bytes_known);
	assert_int_equal(proto.v[0].proto, IPPROTO_TCP);
	assert_int_equal(proto.v[0].sockets, 3);
	assert_int_equal(proto.v[0].rx_bytes, 54000);
	assert_string_equal(proto.v[0].name, "");
	/* a copy sums the same, and adding to it leaves the original alone */
	struct Nlg_rowtab copy;
	Nlg_rowtab_init(&copy);
	assert_int_equal(Nlg_rowtab_copy(&copy, &proto), 0);
	add_kind(&copy, NLG_ROWS_PROTO, &socks[0]);
	assert_int_equal(copy.n, 2);
	assert_int_equal(proto.v[0].sockets, 3);
	Nlg_rowtab_done(&copy);
	Nlg_rowtab_done(&host);
	Nlg_rowtab_done(&proc);
	Nlg_rowtab_done(&proto);
}

static void many_rows(void **state)
{
	(void)state;
	struct Nlg_rowtab t;
	Nlg_rowtab_init(&t);
	/* 2000 hosts, each twice: every key finds its own row */
	for (int round = 0; round < 2; round++)
		for (int i = 0; i < 2000; i++) {
			struct nlg_account_row r = sock(IPPROTO_TCP, (uint8_t)(i % 256),
							(uint16_t)(1000 + i / 256), "x", 1, 2, true);
			assert_int_equal(Nlg_rowtab_add(&t, &r), 0);
		}
	assert_int_equal(t.n, 2000);
	for (size_t i = 0; i < t.n; i++)
		assert_int_equal(t.v[i].sockets, 2);
	Nlg_rowtab_done(&t);
}

static void parent_from_proc(void **state)
{
	(void)state;
	char root[] = "/tmp/nlg-account-XXXXXX";
	assert_non_null(mkdtemp(root));
	Nlg_fake_mkdirs(root, "42");
	Nlg_fake_mkdirs(root, "43");
	Nlg_fake_mkdirs(root, "44");
	/* a name may hold ") " and digits: the last ')' ends it */
	Nlg_fake_put(root, "42/stat", "42 (evil) 9 (x) S 7 42 42 0 -1\n");
	Nlg_fake_put(root, "43/stat", "43 (plain) R 1 43\n");
	Nlg_fake_put(root, "44/stat", "garbage\n");
	assert_int_equal(Nlg_runcg_ppid(root, 42), 7);
	assert_int_equal(Nlg_runcg_ppid(root, 43), 1);
	assert_int_equal(Nlg_runcg_ppid(root, 44), -EPROTO);
	assert_int_equal(Nlg_runcg_ppid(root, 45), -ESRCH);
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	assert_int_equal(system(cmd), 0);
}

static void refusals(void **state)
{
	(void)state;
	struct nlg_account_totals t;
	struct nlg_account *a = nlg_account_new();
	assert_non_null(a);
	assert_int_equal(nlg_account_totals(a, &t), -EINVAL);
	assert_int_equal(nlg_account_set_ebpf(a, (enum nlg_ebpf_mode)9), -EINVAL);
	assert_int_equal(nlg_account_add_process(a, 1), -EINVAL);
	assert_int_equal(nlg_account_start_tree(a, 0), -EINVAL);
	assert_int_equal(nlg_account_start_cgroup(a, NULL), -EINVAL);
	assert_int_equal(nlg_account_sample(a), -EINVAL);
	assert_int_equal(nlg_account_populated(a), -EINVAL);
	assert_int_equal(nlg_account_stop(a, NULL), 0);
	assert_string_equal(nlg_account_cgroup(a), "");
	assert_int_equal(nlg_account_note_count(a), 0);
	assert_null(nlg_account_host_at(a, 0));
	nlg_account_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rows_sum_by_key),
		cmocka_unit_test(many_rows),
		cmocka_unit_test(parent_from_proc),
		cmocka_unit_test(refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
