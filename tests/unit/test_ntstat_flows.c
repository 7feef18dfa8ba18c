/* SPDX-License-Identifier: MIT */
/* test_ntstat_flows.c - network-statistics sources from fixtures, joined
 * to socket readings as the macOS backend joins libproc's sockets. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "platform/darwin/ntstat_flows.h"
#include "../fixtures/fixtures.h"

static void feeds_every_message(void **state)
{
	(void)state;
	struct Nlg_ntstat_flows f = { 0 };
	struct Nlg_ntstat_msg last;
	uint8_t buf[8192];
	size_t len = fx_nstat_all(buf, sizeof(buf));
	uint8_t *p = malloc(len);
	assert_non_null(p);
	memcpy(p, buf, len);

	assert_int_equal(Nlg_ntstat_flows_feed(&f, p, len, &last), FX_NSTAT_COUNT);
	assert_int_equal(last.type, NLG_NSTAT_SRC_REMOVED);
	const struct Nlg_ntstat_flow *tcp = Nlg_ntstat_flows_find(&f, FX_TCP_REF);
	assert_non_null(tcp);
	assert_true(tcp->removed && tcp->have_desc && tcp->have_counts);
	assert_true(tcp->counts.rx_bytes == FX_TCP_RXBYTES);
	assert_int_equal(tcp->desc.pid, FX_TCP_PID);
	assert_int_equal(tcp->provider, NLG_NSTAT_PROVIDER_TCP_KERNEL);
	const struct Nlg_ntstat_flow *udp = Nlg_ntstat_flows_find(&f, FX_UDP_REF);
	assert_non_null(udp);
	assert_true(udp->have_desc && udp->have_counts && !udp->removed);
	assert_int_equal(udp->desc.proto, NLG_NTSTAT_UDP);
	assert_int_equal(udp->desc.pid, FX_UDP_PID);
	assert_false(Nlg_ntstat_flows_find(&f, 0x600)->have_desc); /* unknown length */
	assert_null(Nlg_ntstat_flows_find(&f, 0x999));
	for (size_t i = 1; i < f.n; i++)
		assert_true(f.v[i - 1].srcref < f.v[i].srcref);

	/* A read cut short: what came before the cut is applied. */
	struct Nlg_ntstat_flows g = { 0 };
	assert_int_equal(Nlg_ntstat_flows_feed(&g, p, len - 3, NULL), -EPROTO);
	assert_non_null(Nlg_ntstat_flows_find(&g, FX_UDP_REF));
	Nlg_ntstat_flows_done(&g);
	Nlg_ntstat_flows_prune(&f);
	assert_null(Nlg_ntstat_flows_find(&f, FX_TCP_REF));
	assert_non_null(Nlg_ntstat_flows_find(&f, FX_UDP_REF));
	Nlg_ntstat_flows_done(&f);
	free(p);
}

static void v4(uint8_t *a, uint8_t x, uint8_t y, uint8_t z, uint8_t w)
{
	memset(a, 0, 16);
	a[0] = x, a[1] = y, a[2] = z, a[3] = w;
}

/* A source's description and counts, as SRC_UPDATE would give them. */
static void update(struct Nlg_ntstat_flows *f, uint64_t ref, enum Nlg_ntstat_proto proto,
		   uint32_t pid, uint8_t ver, const uint8_t *laddr, uint16_t lport,
		   const uint8_t *raddr, uint16_t rport, uint64_t rx, uint64_t tx)
{
	struct Nlg_ntstat_msg m = { .type = NLG_NSTAT_SRC_UPDATE, .srcref = ref,
				    .provider = proto == NLG_NTSTAT_TCP ? 2 : 4,
				    .have_desc = true, .have_counts = true };
	m.desc.proto = proto;
	m.desc.pid = pid;
	m.desc.tcp_state = 4; /* TCPS_ESTABLISHED */
	m.desc.local.ipver = m.desc.remote.ipver = ver;
	memcpy(m.desc.local.addr, laddr, 16);
	memcpy(m.desc.remote.addr, raddr, 16);
	m.desc.local.port = lport;
	m.desc.remote.port = rport;
	m.desc.have_uid = true;
	m.desc.uid = 501;
	m.counts.rx_bytes = rx;
	m.counts.tx_bytes = tx;
	assert_int_equal(Nlg_ntstat_flows_apply(f, &m), 0);
}

static struct Nlg_raw_sock *sock(struct Nlg_raw_socks *rs, uint64_t cookie, uint8_t proto,
				 int family, const uint8_t *laddr, uint16_t lport,
				 const uint8_t *raddr, uint16_t rport)
{
	struct Nlg_raw_sock *s = Nlg_raw_socks_push(rs);
	assert_non_null(s);
	s->cookie = s->inode = cookie;
	s->proto = proto;
	s->family = (uint8_t)family;
	memcpy(s->local, laddr, 16);
	memcpy(s->remote, raddr, 16);
	s->lport = lport;
	s->rport = rport;
	return s;
}

static const struct Nlg_raw_sock *by_cookie(const struct Nlg_raw_socks *rs, uint64_t cookie)
{
	for (size_t i = 0; i < rs->n; i++)
		if (rs->v[i].cookie == cookie)
			return &rs->v[i];
	return NULL;
}

static void joins_and_emits(void **state)
{
	(void)state;
	struct Nlg_ntstat_flows f = { 0 };
	struct Nlg_raw_socks rs = { 0 };
	uint8_t me[16], web[16], any[16] = { 0 }, other[16];
	v4(me, 10, 0, 0, 1);
	v4(web, 192, 0, 2, 1);
	v4(other, 198, 51, 100, 7);

	update(&f, 1, NLG_NTSTAT_TCP, 100, 4, me, 50000, web, 443, 5000, 700);
	update(&f, 2, NLG_NTSTAT_UDP, 200, 6, any, 53, any, 0, 80, 90);
	update(&f, 3, NLG_NTSTAT_TCP, 300, 4, me, 50001, other, 22, 1 << 20, 4096);
	update(&f, 4, NLG_NTSTAT_UDP, 400, 4, me, 5353, any, 0, 11, 12);
	update(&f, 5, NLG_NTSTAT_UDP, 401, 4, me, 5353, any, 0, 21, 22);

	sock(&rs, 0xa1, IPPROTO_TCP, AF_INET, me, 50000, web, 443);
	sock(&rs, 0xb2, IPPROTO_UDP, AF_INET6, any, 53, any, 0);
	sock(&rs, 0xc3, IPPROTO_UDP, AF_INET, me, 5353, any, 0);
	sock(&rs, 0xd4, IPPROTO_UDP, AF_INET, me, 9999, any, 0); /* no source */
	int pids[] = { 100, 200, 401, 500 };
	assert_int_equal(Nlg_ntstat_flows_join(&f, &rs, pids), 0);

	assert_true(rs.v[0].has_tcp_info);
	assert_true(rs.v[0].bytes_received == 5000 && rs.v[0].bytes_acked == 700);
	assert_true(rs.v[1].has_tcp_info && rs.v[1].bytes_received == 80);
	assert_true(rs.v[2].bytes_received == 21); /* pid 401's, not 400's */
	assert_false(rs.v[3].has_tcp_info);

	/* Sources no socket explains: pid 300's connection and pid 400's
	 * socket (a process libproc could not read). */
	assert_int_equal(Nlg_ntstat_flows_emit(&f, &rs), 0);
	assert_int_equal(rs.n, 6);
	const struct Nlg_raw_sock *s3 = by_cookie(&rs, NLG_NTSTAT_COOKIE(3));
	assert_non_null(s3);
	assert_true(s3->inode == s3->cookie && !s3->closed);
	assert_int_equal(s3->proto, IPPROTO_TCP);
	assert_int_equal(s3->family, AF_INET);
	assert_int_equal(s3->state, NLG_CONN_ESTABLISHED);
	assert_int_equal(s3->lport, 50001);
	assert_int_equal(s3->rport, 22);
	assert_memory_equal(s3->remote, other, 4);
	assert_int_equal(s3->uid, 501);
	assert_true(s3->bytes_received == 1 << 20 && s3->bytes_acked == 4096);
	const struct Nlg_raw_sock *s4 = by_cookie(&rs, NLG_NTSTAT_COOKIE(4));
	assert_non_null(s4);
	assert_int_equal(s4->state, NLG_CONN_CLOSE); /* unconnected UDP */

	/* Next sample: the TCP connection closed with more bytes; its final
	 * reading carries the cookie of the socket it was joined to. */
	Nlg_ntstat_flows_prune(&f);
	Nlg_raw_socks_clear(&rs);
	update(&f, 1, NLG_NTSTAT_TCP, 100, 4, me, 50000, web, 443, 6000, 900);
	struct Nlg_ntstat_msg rm = { .type = NLG_NSTAT_SRC_REMOVED, .srcref = 1 };
	assert_int_equal(Nlg_ntstat_flows_apply(&f, &rm), 0);
	rm.srcref = 3;
	rm.flags = NLG_NSTAT_F_CLOSED_AFTER_DROP;
	assert_int_equal(Nlg_ntstat_flows_apply(&f, &rm), 0);
	sock(&rs, 0xb2, IPPROTO_UDP, AF_INET6, any, 53, any, 0);
	assert_int_equal(Nlg_ntstat_flows_join(&f, &rs, pids + 1), 0);
	assert_int_equal(Nlg_ntstat_flows_emit(&f, &rs), 0);
	const struct Nlg_raw_sock *s1 = by_cookie(&rs, 0xa1);
	assert_non_null(s1);
	assert_true(s1->closed && s1->has_tcp_info);
	assert_true(s1->bytes_received == 6000 && s1->bytes_acked == 900);
	s3 = by_cookie(&rs, NLG_NTSTAT_COOKIE(3));
	assert_non_null(s3);
	assert_true(s3->closed);
	assert_false(s3->has_tcp_info); /* its final counts were dropped */
	Nlg_ntstat_flows_prune(&f);
	assert_null(Nlg_ntstat_flows_find(&f, 1));
	assert_null(Nlg_ntstat_flows_find(&f, 3));
	assert_int_equal(f.n, 3);

	Nlg_raw_socks_done(&rs);
	Nlg_ntstat_flows_done(&f);
}

static void tcp_states(void **state)
{
	(void)state;
	assert_int_equal(Nlg_ntstat_tcp_state(0), NLG_CONN_CLOSE);
	assert_int_equal(Nlg_ntstat_tcp_state(1), NLG_CONN_LISTEN);
	assert_int_equal(Nlg_ntstat_tcp_state(4), NLG_CONN_ESTABLISHED);
	assert_int_equal(Nlg_ntstat_tcp_state(5), NLG_CONN_CLOSE_WAIT);
	assert_int_equal(Nlg_ntstat_tcp_state(9), NLG_CONN_FIN_WAIT2);
	assert_int_equal(Nlg_ntstat_tcp_state(10), NLG_CONN_TIME_WAIT);
	assert_int_equal(Nlg_ntstat_tcp_state(11), NLG_CONN_UNKNOWN);
	assert_int_equal(Nlg_ntstat_tcp_state(0xffffffffu), NLG_CONN_UNKNOWN);
}

/* A request read back as a message: its header is as encoded. */
static void request_flags(void **state)
{
	(void)state;
	uint8_t buf[64];
	struct Nlg_ntstat_msg m;
	size_t off = 0;
	int len = Nlg_ntstat_encode_srcref_req(buf, sizeof(buf), 9, NLG_NSTAT_GET_UPDATE,
					       NLG_NSTAT_SRC_REF_ALL);
	assert_int_equal(len, NLG_NSTAT_SRCREF_REQ_SIZE);
	Nlg_ntstat_set_req_flags(buf, NLG_NSTAT_F_CONTINUATION);
	assert_int_equal(Nlg_ntstat_next(buf, (size_t)len, &off, &m), 1);
	assert_int_equal(m.type, NLG_NSTAT_GET_UPDATE);
	assert_int_equal(m.flags, NLG_NSTAT_F_CONTINUATION);
	assert_true(m.context == 9);
	assert_int_equal(Nlg_ntstat_encode_srcref_req(buf, 8, 9, NLG_NSTAT_GET_UPDATE, 1), -EMSGSIZE);
}

static void notes(void **state)
{
	(void)state;
	struct Nlg_raw_socks rs = { 0 };
	for (int i = 0; i < NLG_SOCK_NOTES_MAX + 2; i++)
		Nlg_raw_socks_note(&rs, "note %d", i);
	assert_int_equal(rs.nnotes, NLG_SOCK_NOTES_MAX);
	assert_string_equal(rs.notes[1].msg, "note 1");
	Nlg_raw_socks_clear(&rs);
	assert_int_equal(rs.nnotes, 0);
	Nlg_raw_socks_done(&rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(feeds_every_message),
		cmocka_unit_test(joins_and_emits),
		cmocka_unit_test(tcp_states),
		cmocka_unit_test(request_flags),
		cmocka_unit_test(notes),
	};
	return cmocka_run_group_tests_name("ntstat_flows", tests, NULL, NULL);
}
