/* SPDX-License-Identifier: MIT */
/*
 * test_model_darwin.c - the macOS backend's glue (src/platform/darwin/),
 * built on Linux and run against the xnu model of tests/model/: the
 * network-statistics control's paging, context rules, bounded receive
 * buffer and closing sources; the join of libproc's sockets to ntstat's
 * sources; the providers a non-privileged client may add; and the
 * interface counters of NET_RT_IFLIST2 and IFMIB_IFDATA.
 */
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

#include "decode/ntstat_layout.h"
#include "platform/darwin/darwin.h"
#include "platform/darwin/ifmib.h"
#include "../model/model_xnu.h"

#define NSOCKS 20000

struct env {
	struct mx_xnu x;
	struct Nlg_dw_kops ops;
	struct Nlg_dw dw;
	struct Nlg_raw_socks out;
	struct Nlg_errbuf eb;
};

static struct env *env_new(void)
{
	struct env *e = calloc(1, sizeof(*e));
	assert_non_null(e);
	mx_init(&e->x);
	e->ops = mx_ops(&e->x);
	Nlg_dw_init(&e->dw, &e->ops);
	return e;
}

static void env_free(struct env *e)
{
	Nlg_dw_done(&e->dw);
	Nlg_raw_socks_done(&e->out);
	mx_done(&e->x);
	free(e);
}

static void read_socks(struct env *e)
{
	assert_int_equal(Nlg_dw_read_socks(&e->dw, &e->out, &e->eb), 0);
}

/* A TCP connection 10.0.0.1:port -> 192.0.2.1:443 of pid 4242. */
static struct mx_sock tcp4(uint16_t port, uint64_t rx, uint64_t tx)
{
	struct mx_sock s = {
		.pid = 4242, .fd = -1, .uid = 501, .provider = NLG_NSTAT_PROVIDER_TCP_KERNEL,
		.family = 2, .vflag = 1, .lport = port, .fport = 443, .tcp_state = 4,
		.rxbytes = rx, .txbytes = tx, .rxpackets = rx / 1000, .txpackets = tx / 1000,
	};
	s.laddr[12] = 10, s.laddr[15] = 1;
	s.faddr[12] = 192, s.faddr[14] = 2, s.faddr[15] = 1;
	return s;
}

static const struct Nlg_raw_sock *find_port(const struct Nlg_raw_socks *rs, uint8_t proto,
					    uint16_t lport, size_t *count)
{
	const struct Nlg_raw_sock *found = NULL;
	*count = 0;
	for (size_t i = 0; i < rs->n; i++) {
		if (rs->v[i].proto == proto && rs->v[i].lport == lport) {
			found = &rs->v[i];
			(*count)++;
		}
	}
	return found;
}

/* Every source's counts reach the backend, however many there are, and
 * when they die the final counts of each arrive exactly once. */
static void paged_poll_keeps_every_final_count(void **state)
{
	(void)state;
	struct env *e = env_new();
	size_t idx[NSOCKS];
	for (size_t i = 0; i < NSOCKS; i++) {
		struct mx_sock s = tcp4((uint16_t)(20000 + i), 1000 + i, 2000 + 3 * i);
		idx[i] = mx_sock_add(&e->x, &s);
	}
	read_socks(e);
	assert_int_equal(e->out.n, NSOCKS);
	for (size_t i = 0; i < e->out.n; i++) {
		const struct Nlg_raw_sock *s = &e->out.v[i];
		assert_true(s->has_tcp_info);
		assert_true(s->bytes_received == 1000 + (s->lport - 20000u));
	}

	/* More traffic, then every connection dies before the next poll. */
	for (size_t i = 0; i < NSOCKS; i++) {
		e->x.socks[idx[i]].rxbytes += 7777;
		e->x.socks[idx[i]].txbytes += 8888;
		mx_sock_die(&e->x, idx[i]);
	}
	uint8_t *seen = calloc(NSOCKS, 1);
	assert_non_null(seen);
	size_t closed = 0;
	for (int sample = 0; sample < 3; sample++) {
		read_socks(e);
		for (size_t i = 0; i < e->out.n; i++) {
			const struct Nlg_raw_sock *s = &e->out.v[i];
			size_t k = s->lport - 20000u;
			if (!s->closed)
				continue;
			assert_true(k < NSOCKS);
			assert_int_equal(seen[k], 0);
			seen[k] = 1;
			closed++;
			assert_true(s->has_tcp_info);
			assert_true(s->bytes_received == 1000 + k + 7777);
			assert_true(s->bytes_acked == 2000 + 3 * k + 8888);
		}
	}
	assert_int_equal(closed, NSOCKS);
	assert_int_equal(e->x.dropped_records, 0);
	assert_true(e->x.paged_fragments > 0);
	assert_true(e->x.max_used < (uint64_t)e->x.hiwat);
	read_socks(e);
	assert_int_equal(e->out.n, 0);
	free(seen);
	env_free(e);
}

/* A kernel that grants a smaller buffer still loses nothing: a fragment
 * is at most 100 sources. */
static void paged_poll_fits_a_small_buffer(void **state)
{
	(void)state;
	struct env *e = env_new();
	e->x.rcvbuf_max = 512 << 10;
	for (size_t i = 0; i < 5000; i++) {
		struct mx_sock s = tcp4((uint16_t)(20000 + i), 5 + i, 6 + i);
		mx_sock_add(&e->x, &s);
	}
	read_socks(e);
	assert_int_equal(e->dw.nstat.rcvbuf, 256 << 10);
	assert_int_equal(e->out.n, 5000);
	assert_int_equal(e->x.dropped_records, 0);
	env_free(e);
}

/* A receive buffer too small for a fragment is refused, and said. */
static void too_small_buffer_is_refused(void **state)
{
	(void)state;
	struct env *e = env_new();
	e->x.rcvbuf_max = 128 << 10; /* grants 64 KiB */
	struct mx_proc p = { .pid = 4242, .ppid = 1, .uid = 501, .name = "curl" };
	mx_proc_add(&e->x, &p);
	struct mx_sock s = tcp4(20000, 5, 6);
	s.fd = 3;
	mx_sock_add(&e->x, &s);
	read_socks(e);
	assert_int_equal(e->out.n, 1);
	assert_false(e->out.v[0].has_tcp_info);
	assert_false(e->out.closures_seen);
	assert_int_equal(e->out.nnotes, 1);
	assert_non_null(strstr(e->out.notes[0].msg, "network-statistics control could not be used"));
	assert_int_equal(e->dw.nstat.open_err, ENOBUFS);
	env_free(e);
}

/* Sockets that close between two polls (nstat_pcb_detach): their
 * goodbye carries the final counts. */
static void detached_sources_give_final_counts(void **state)
{
	(void)state;
	struct env *e = env_new();
	size_t idx[2000];
	for (size_t i = 0; i < 2000; i++) {
		struct mx_sock s = tcp4((uint16_t)(30000 + i), 10, 20);
		idx[i] = mx_sock_add(&e->x, &s);
	}
	read_socks(e);
	assert_int_equal(e->out.n, 2000);
	for (size_t i = 0; i < 1000; i++) {
		e->x.socks[idx[i]].rxbytes = 123456 + i;
		mx_sock_detach(&e->x, idx[i]);
	}
	read_socks(e);
	size_t closed = 0, live = 0;
	for (size_t i = 0; i < e->out.n; i++) {
		const struct Nlg_raw_sock *s = &e->out.v[i];
		if (s->closed) {
			closed++;
			assert_true(s->has_tcp_info);
			assert_true(s->bytes_received == 123456 + (s->lport - 30000u));
		} else {
			live++;
		}
	}
	assert_int_equal(closed, 1000);
	assert_int_equal(live, 1000);
	env_free(e);
}

/* The kernel restarts a paged query (EAGAIN to its context): the poll
 * starts again with a new context and still sees every source. */
static void restarted_query_is_asked_again(void **state)
{
	(void)state;
	struct env *e = env_new();
	for (size_t i = 0; i < 1000; i++) {
		struct mx_sock s = tcp4((uint16_t)(40000 + i), 1, 2);
		mx_sock_add(&e->x, &s);
	}
	e->x.restart_at_fragment = 3;
	read_socks(e);
	assert_int_equal(e->out.n, 1000);
	assert_int_equal(e->x.eagain_sent, 1);
	assert_int_equal(e->dw.nstat.restarts, 1);
	assert_int_equal(e->out.nnotes, 0);
	env_free(e);
}

/* A dual-stack TCP listener and a UDP socket on [::], as libproc and
 * ntstat both report them: one row each, with the source's bytes. */
static void dual_stack_sockets_join_their_sources(void **state)
{
	(void)state;
	struct env *e = env_new();
	struct mx_proc p = { .pid = 501, .ppid = 1, .uid = 501, .name = "nginx", .start_sec = 7 };
	mx_proc_add(&e->x, &p);
	struct mx_sock lis = {
		.pid = 501, .fd = 5, .uid = 501, .provider = NLG_NSTAT_PROVIDER_TCP_KERNEL,
		.family = 30, .vflag = 3, .lport = 8080, .tcp_state = 1, .rxbytes = 0,
	};
	struct mx_sock udp = {
		.pid = 501, .fd = 6, .uid = 501, .provider = NLG_NSTAT_PROVIDER_UDP_KERNEL,
		.family = 30, .vflag = 3, .lport = 5353, .rxbytes = 4242, .txbytes = 99,
	};
	struct mx_sock conn = tcp4(50000, 777, 888);
	conn.pid = 501;
	conn.fd = 7;
	mx_sock_add(&e->x, &lis);
	mx_sock_add(&e->x, &udp);
	mx_sock_add(&e->x, &conn);
	read_socks(e);
	assert_int_equal(e->out.n, 3);
	size_t count;
	const struct Nlg_raw_sock *l = find_port(&e->out, IPPROTO_TCP, 8080, &count);
	assert_int_equal(count, 1);
	assert_int_equal(l->family, AF_INET6);
	assert_int_equal(l->state, NLG_CONN_LISTEN);
	assert_true(l->has_tcp_info);
	const struct Nlg_raw_sock *u = find_port(&e->out, IPPROTO_UDP, 5353, &count);
	assert_int_equal(count, 1);
	assert_int_equal(u->family, AF_INET6);
	assert_true(u->has_tcp_info && u->bytes_received == 4242 && u->bytes_acked == 99);
	const struct Nlg_raw_sock *c = find_port(&e->out, IPPROTO_TCP, 50000, &count);
	assert_int_equal(count, 1);
	assert_int_equal(c->family, AF_INET);
	assert_true(c->has_tcp_info && c->bytes_received == 777);
	/* every row is libproc's, owned by nginx */
	struct Nlg_owner_ops own;
	struct Nlg_proc_desc d;
	enum nlg_owner_why why;
	Nlg_dw_owners(&e->dw, &own);
	for (size_t i = 0; i < e->out.n; i++) {
		assert_true(own.by_inode(own.ctx, e->out.v[i].inode, &d, &why));
		assert_int_equal(d.pid, 501);
		assert_string_equal(d.comm, "nginx");
	}
	env_free(e);
}

/* Flows of the userland stacks (Network.framework, QUIC) are seen; the
 * privileged providers are not asked for. */
static void userland_providers_are_subscribed(void **state)
{
	(void)state;
	struct env *e = env_new();
	struct mx_sock t = tcp4(51000, 100, 200);
	t.provider = NLG_NSTAT_PROVIDER_TCP_USERLAND;
	struct mx_sock u = tcp4(51001, 300, 400);
	u.provider = NLG_NSTAT_PROVIDER_UDP_USERLAND;
	struct mx_sock q = tcp4(51002, 500, 600);
	q.provider = NLG_NSTAT_PROVIDER_QUIC_USERLAND;
	mx_sock_add(&e->x, &t);
	mx_sock_add(&e->x, &u);
	mx_sock_add(&e->x, &q);
	read_socks(e);
	size_t count;
	const struct Nlg_raw_sock *s = find_port(&e->out, IPPROTO_TCP, 51000, &count);
	assert_int_equal(count, 1);
	assert_true(s->bytes_received == 100);
	s = find_port(&e->out, IPPROTO_UDP, 51001, &count);
	assert_int_equal(count, 1);
	assert_true(s->bytes_received == 300);
	s = find_port(&e->out, IPPROTO_UDP, 51002, &count); /* QUIC runs over UDP */
	assert_int_equal(count, 1);
	assert_true(s->bytes_received == 500);
	assert_false(e->x.subscribed[9] || e->x.subscribed[10]);
	assert_int_equal(e->dw.nstat.providers, 1u << 2 | 1u << 3 | 1u << 4 | 1u << 5 | 1u << 8);
	env_free(e);
}

/* macOS 10.13-10.14 know no QUIC provider (ENOENT): the others still
 * work. */
static void kernel_without_quic_provider(void **state)
{
	(void)state;
	struct env *e = env_new();
	e->x.last_provider = 7;
	struct mx_sock t = tcp4(52000, 1, 2);
	mx_sock_add(&e->x, &t);
	read_socks(e);
	assert_int_equal(e->out.n, 1);
	assert_true(e->out.v[0].has_tcp_info);
	assert_int_equal(e->out.nnotes, 0);
	assert_int_equal(e->dw.nstat.providers, 1u << 2 | 1u << 3 | 1u << 4 | 1u << 5);
	env_free(e);
}

/* NET_RT_IFLIST2 gives third parties counters rounded down to 1 KiB and
 * cut to 32 bits; IFMIB_IFDATA gives the exact 64-bit ones. */
static void iflist2_counters_are_replaced_by_ifmib(void **state)
{
	(void)state;
	struct mx_xnu x;
	struct Nlg_raw_links out = { 0 };
	struct Nlg_dw_buf b = { 0 };
	struct Nlg_errbuf eb;
	mx_init(&x);
	struct Nlg_dw_kops ops = mx_ops(&x);
	x.ifcs[x.nifcs++] = (struct mx_ifc){ .name = "en0", .index = 4, .type = 0x06,
		.ibytes = 0x123456789ull, .obytes = 0x200000007ull, .ipackets = 5000000001ull };
	x.ifcs[x.nifcs++] = (struct mx_ifc){ .name = "lo0", .index = 1, .type = 0x18,
		.ibytes = 1500, .obytes = 1500 };
	assert_int_equal(Nlg_dw_read_iflist(&ops, &b, &out, &eb), 0);
	assert_int_equal(out.nlinks, 2);
	assert_string_equal(out.links[0].name, "en0");
	assert_int_equal(out.links[0].counter_width, 64);
	assert_true(out.links[0].counters[NLG_RX_BYTES] == 0x123456789ull);
	assert_true(out.links[0].counters[NLG_TX_BYTES] == 0x200000007ull);
	assert_true(out.links[0].counters[NLG_RX_PACKETS] == 5000000001ull);
	assert_int_equal(out.links[0].type, NLG_IFACE_ETHERNET);

	/* without IFMIB_IFDATA: the third-party reading, marked 32 bits */
	x.ifmib_missing = true;
	Nlg_raw_links_clear(&out);
	assert_int_equal(Nlg_dw_read_iflist(&ops, &b, &out, &eb), 0);
	assert_int_equal(out.links[0].counter_width, 32);
	assert_true(out.links[0].counters[NLG_RX_BYTES] == (uint32_t)(0x123456789ull & ~1023ull));
	assert_true(out.links[1].counters[NLG_RX_BYTES] == 1024);
	/* before macOS 11: rounded, not cut */
	x.macos_major = 10;
	Nlg_raw_links_clear(&out);
	assert_int_equal(Nlg_dw_read_iflist(&ops, &b, &out, &eb), 0);
	assert_true(out.links[0].counters[NLG_RX_BYTES] == (0x123456789ull & ~1023ull));
	Nlg_raw_links_done(&out);
	Nlg_dw_buf_done(&b);
	mx_done(&x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(paged_poll_keeps_every_final_count),
		cmocka_unit_test(paged_poll_fits_a_small_buffer),
		cmocka_unit_test(too_small_buffer_is_refused),
		cmocka_unit_test(detached_sources_give_final_counts),
		cmocka_unit_test(restarted_query_is_asked_again),
		cmocka_unit_test(dual_stack_sockets_join_their_sources),
		cmocka_unit_test(userland_providers_are_subscribed),
		cmocka_unit_test(kernel_without_quic_provider),
		cmocka_unit_test(iflist2_counters_are_replaced_by_ifmib),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
