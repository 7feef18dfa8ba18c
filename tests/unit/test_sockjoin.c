/* SPDX-License-Identifier: MIT */
/* test_sockjoin.c - the eBPF counter's table joined to sock_diag readings. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "platform/linux/sockjoin.h"

#define NETNS 42

static struct Nlg_raw_sock *raw(struct Nlg_raw_socks *rs, uint64_t cookie, bool closed)
{
	struct Nlg_raw_sock *s = Nlg_raw_socks_push(rs);
	assert_non_null(s);
	s->cookie = cookie;
	s->family = AF_INET;
	s->proto = IPPROTO_UDP;
	s->closed = closed;
	return s;
}

/* One socket of the table, as the counter keeps it. */
struct entry {
	uint64_t cookie;
	struct nlg_bpf_sock v;
};

/* Joins the table e[0..n) as Nlg_ebpf_read() hands it over. */
static int apply(struct Nlg_sockjoin *j, struct Nlg_raw_socks *rs, const struct entry *e,
		 size_t n, uint64_t netns)
{
	uint64_t cookies[8];
	struct nlg_bpf_sock v[8];
	assert_true(n <= 8);
	for (size_t i = 0; i < n; i++) {
		cookies[i] = e[i].cookie;
		v[i] = e[i].v;
	}
	/* the namespaces read: this one, with inode 7 */
	struct Nlg_u64map ns;
	Nlg_u64map_init(&ns);
	assert_int_equal(Nlg_u64map_put(&ns, netns, 7), 0);
	int err = Nlg_sockjoin_apply(j, rs, cookies, v, n, &ns);
	Nlg_u64map_done(&ns);
	return err;
}

static struct entry entry(uint64_t cookie, uint64_t netns, uint16_t proto, bool released,
				   uint64_t tx)
{
	struct entry e;
	memset(&e, 0, sizeof(e));
	e.cookie = cookie;
	e.v.netns = netns;
	e.v.protocol = proto;
	e.v.released = released;
	e.v.tx_bytes = tx;
	e.v.tx_packets = tx / 100;
	e.v.tgid = 7;
	strcpy(e.v.comm, "sender");
	return e;
}

static bool deleted(const struct Nlg_sockjoin *j, uint64_t cookie)
{
	for (size_t i = 0; i < j->ndel; i++)
		if (j->del[i] == cookie)
			return true;
	return false;
}

static const struct Nlg_raw_sock *find(const struct Nlg_raw_socks *rs, uint64_t cookie)
{
	for (size_t i = 0; i < rs->n; i++)
		if (rs->v[i].cookie == cookie)
			return &rs->v[i];
	return NULL;
}

/* Dump sockets get their counts and creator; a destroy event's entry is
 * final and deleted; a live one stays. */
static void counts_joined(void **state)
{
	(void)state;
	struct Nlg_sockjoin j;
	struct Nlg_raw_socks rs = { 0 };
	Nlg_sockjoin_init(&j);
	raw(&rs, 1, false);
	raw(&rs, 2, true);
	struct entry e[] = { entry(1, NETNS, IPPROTO_UDP, false, 1000),
				      entry(2, NETNS, IPPROTO_UDP, true, 500) };
	assert_int_equal(apply(&j, &rs, e, 2, NETNS), 0);
	assert_true(find(&rs, 1)->has_wire);
	assert_int_equal(find(&rs, 1)->wire_tx, 1000);
	assert_int_equal(find(&rs, 1)->creator_tgid, 7);
	assert_string_equal(find(&rs, 1)->creator_comm, "sender");
	assert_int_equal(find(&rs, 2)->wire_tx, 500);
	assert_false(deleted(&j, 1));
	assert_true(deleted(&j, 2));
	assert_int_equal(rs.n, 2);
	Nlg_raw_socks_done(&rs);
	Nlg_sockjoin_done(&j);
}

/* Sockets only the table knows: a closed TCP or UDP one of ours waits a
 * sample for its destroy event, then becomes a closed reading; an ICMP
 * socket is a live one, placed before the closed readings; a live TCP or
 * UDP one waits for the next dump. */
static void only_in_table(void **state)
{
	(void)state;
	struct Nlg_sockjoin j;
	struct Nlg_raw_socks rs = { 0 };
	Nlg_sockjoin_init(&j);
	struct entry e[] = { entry(3, NETNS, IPPROTO_UDP, true, 300),
				      entry(4, NETNS, IPPROTO_ICMP, false, 64),
				      entry(5, NETNS, IPPROTO_TCP, false, 10) };
	raw(&rs, 1, false);
	raw(&rs, 2, true);
	assert_int_equal(apply(&j, &rs, e, 3, NETNS), 0);
	assert_int_equal(rs.n, 3);
	assert_null(find(&rs, 3));
	assert_false(deleted(&j, 3));
	Nlg_raw_socks_clear(&rs);

	raw(&rs, 1, false);
	raw(&rs, 2, true);
	assert_int_equal(apply(&j, &rs, e, 3, NETNS), 0);
	assert_int_equal(rs.n, 4);
	/* live readings first, then the closed ones */
	size_t k = 0;
	while (k < rs.n && !rs.v[k].closed)
		k++;
	for (size_t i = k; i < rs.n; i++)
		assert_true(rs.v[i].closed);
	assert_int_equal(k, 2);
	assert_true(find(&rs, 3)->closed);
	assert_int_equal(find(&rs, 3)->wire_tx, 300);
	assert_int_equal(find(&rs, 4)->proto, IPPROTO_ICMP);
	assert_int_equal(find(&rs, 4)->family, 0);
	assert_null(find(&rs, 5));
	assert_true(deleted(&j, 3));
	assert_false(deleted(&j, 4));
	assert_false(deleted(&j, 5));
	Nlg_raw_socks_done(&rs);
	Nlg_sockjoin_done(&j);
}

/* A socket in the dump that closed before the destroy events were read:
 * both readings get its creator and counts. */
static void dump_and_event(void **state)
{
	(void)state;
	struct Nlg_sockjoin j;
	struct Nlg_raw_socks rs = { 0 };
	Nlg_sockjoin_init(&j);
	raw(&rs, 6, false);
	raw(&rs, 6, true);
	struct entry e[] = { entry(6, NETNS, IPPROTO_UDP, true, 700) };
	assert_int_equal(apply(&j, &rs, e, 1, NETNS), 0);
	assert_int_equal(rs.n, 2);
	for (size_t i = 0; i < 2; i++) {
		assert_true(rs.v[i].has_wire);
		assert_int_equal(rs.v[i].wire_tx, 700);
		assert_int_equal(rs.v[i].creator_tgid, 7);
	}
	assert_true(deleted(&j, 6));
	Nlg_raw_socks_done(&rs);
	Nlg_sockjoin_done(&j);
}

/* Another namespace's sockets are not ours: a closed one is dropped at
 * once, an idle one after NLG_SOCKJOIN_IDLE unchanged samples, a busy one
 * never. A socket of ours from before the programs (netns 0) is known by
 * the last dump. */
static void other_namespaces(void **state)
{
	(void)state;
	struct Nlg_sockjoin j;
	struct Nlg_raw_socks rs = { 0 };
	Nlg_sockjoin_init(&j);
	raw(&rs, 9, false);
	struct entry seed[] = { entry(9, 0, IPPROTO_UDP, false, 1) };
	assert_int_equal(apply(&j, &rs, seed, 1, NETNS), 0);
	Nlg_raw_socks_clear(&rs);

	bool idle_gone = false;
	for (int s = 0; s <= NLG_SOCKJOIN_IDLE + 1; s++) {
		struct entry e[] = { entry(10, 77, IPPROTO_UDP, true, 5),
					      entry(11, 77, IPPROTO_UDP, false, 5),
					      entry(12, 77, IPPROTO_UDP, false, 100u * (unsigned)(s + 1)),
					      entry(9, 0, IPPROTO_UDP, true, 9) };
		assert_int_equal(apply(&j, &rs, e, 4, NETNS), 0);
		assert_true(deleted(&j, 10));
		assert_false(deleted(&j, 12));
		idle_gone |= deleted(&j, 11);
		if (s < NLG_SOCKJOIN_IDLE)
			assert_false(deleted(&j, 11));
		if (s == 0) {
			assert_null(find(&rs, 9)); /* awaiting its destroy event */
			assert_false(deleted(&j, 9));
		}
		if (s == 1) {
			/* ours by an earlier dump: its final reading */
			assert_non_null(find(&rs, 9));
			assert_true(find(&rs, 9)->closed);
			assert_true(deleted(&j, 9));
		}
		Nlg_raw_socks_clear(&rs);
	}
	assert_true(idle_gone);
	Nlg_raw_socks_done(&rs);
	Nlg_sockjoin_done(&j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(counts_joined),
		cmocka_unit_test(only_in_table),
		cmocka_unit_test(dump_and_event),
		cmocka_unit_test(other_namespaces),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
