/* SPDX-License-Identifier: MIT */
/* test_sockdiag.c - sock_diag inet messages built here, decoded. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <linux/tcp.h>

#include "platform/linux/sockdiag.h"

static char buf[8192];

static struct nlmsghdr *diag_msg(int family, uint8_t state)
{
	memset(buf, 0, sizeof(buf));
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	struct inet_diag_msg *m = mnl_nlmsg_put_extra_header(nlh, sizeof(*m));
	m->idiag_family = (uint8_t)family;
	m->idiag_state = state;
	m->idiag_uid = 1000;
	m->idiag_inode = 424242;
	m->id.idiag_sport = htons(43210);
	m->id.idiag_dport = htons(443);
	m->id.idiag_cookie[0] = 0x89abcdefu;
	m->id.idiag_cookie[1] = 0x01234567u;
	if (family == AF_INET) {
		inet_pton(AF_INET, "127.0.0.1", m->id.idiag_src);
		inet_pton(AF_INET, "127.0.0.2", m->id.idiag_dst);
	} else {
		inet_pton(AF_INET6, "::1", m->id.idiag_src);
		inet_pton(AF_INET6, "fd00::2", m->id.idiag_dst);
	}
	return nlh;
}

static void tcp_with_info(void **state)
{
	(void)state;
	struct nlmsghdr *nlh = diag_msg(AF_INET, 1);
	struct tcp_info ti = { .tcpi_bytes_acked = 52428802, .tcpi_bytes_received = 77,
			       .tcpi_bytes_sent = 52428900, .tcpi_bytes_retrans = 100,
			       .tcpi_segs_out = 900,
			       .tcpi_total_retrans = 3, .tcpi_rtt = 250 };
	mnl_attr_put(nlh, INET_DIAG_INFO, sizeof(ti), &ti);
	mnl_attr_put_u64(nlh, INET_DIAG_CGROUP_ID, 9876);
	struct Nlg_raw_sock s;
	assert_int_equal(Nlg_sockdiag_parse(nlh, IPPROTO_TCP, &s), 0);
	assert_int_equal(s.cookie, 0x0123456789abcdefull);
	assert_int_equal(s.family, AF_INET);
	assert_int_equal(s.proto, IPPROTO_TCP);
	assert_int_equal(s.state, 1);
	assert_int_equal(s.uid, 1000);
	assert_int_equal(s.inode, 424242);
	assert_int_equal(s.cgroup_id, 9876);
	assert_int_equal(s.lport, 43210);
	assert_int_equal(s.rport, 443);
	assert_int_equal(s.local[0], 127);
	assert_int_equal(s.remote[3], 2);
	assert_true(s.has_tcp_info);
	assert_int_equal(s.bytes_acked, 52428800);
	assert_int_equal(s.bytes_received, 77);
	assert_int_equal(s.retrans, 3);
	assert_int_equal(s.rtt_us, 250);
}

/* A tcp_info from before the byte counters: no bytes, not zero bytes. */
static void old_tcp_info(void **state)
{
	(void)state;
	struct nlmsghdr *nlh = diag_msg(AF_INET6, 1);
	struct tcp_info ti = { .tcpi_rtt = 1 };
	mnl_attr_put(nlh, INET_DIAG_INFO, offsetof(struct tcp_info, tcpi_bytes_acked), &ti);
	struct Nlg_raw_sock s;
	assert_int_equal(Nlg_sockdiag_parse(nlh, IPPROTO_TCP, &s), 0);
	assert_false(s.has_tcp_info);
	assert_int_equal(s.family, AF_INET6);
	assert_int_equal(s.local[15], 1);
}

static void udp_has_no_bytes(void **state)
{
	(void)state;
	struct nlmsghdr *nlh = diag_msg(AF_INET, 7);
	struct Nlg_raw_sock s;
	assert_int_equal(Nlg_sockdiag_parse(nlh, IPPROTO_UDP, &s), 0);
	assert_int_equal(s.proto, IPPROTO_UDP);
	assert_false(s.has_tcp_info);
}

/* Destroy events say their protocol in an attribute. */
static void protocol_attribute(void **state)
{
	(void)state;
	struct nlmsghdr *nlh = diag_msg(AF_INET, 7);
	mnl_attr_put_u8(nlh, INET_DIAG_PROTOCOL, IPPROTO_UDP);
	struct Nlg_raw_sock s;
	assert_int_equal(Nlg_sockdiag_parse(nlh, IPPROTO_TCP, &s), 0);
	assert_int_equal(s.proto, IPPROTO_UDP);
}

static void malformed(void **state)
{
	(void)state;
	struct Nlg_raw_sock s;
	struct nlmsghdr *nlh = diag_msg(AF_INET, 1);
	nlh->nlmsg_len = sizeof(*nlh) + 10;
	assert_int_equal(Nlg_sockdiag_parse(nlh, IPPROTO_TCP, &s), -EPROTO);

	nlh = diag_msg(AF_UNIX, 1);
	assert_int_equal(Nlg_sockdiag_parse(nlh, IPPROTO_TCP, &s), -EAFNOSUPPORT);

	nlh = diag_msg(AF_INET, 1);
	mnl_attr_put_u32(nlh, INET_DIAG_CGROUP_ID, 5); /* wrong size */
	assert_int_equal(Nlg_sockdiag_parse(nlh, IPPROTO_TCP, &s), -EPROTO);

	nlh = diag_msg(AF_INET, 1);
	mnl_attr_put_u16(nlh, INET_DIAG_PROTOCOL, 6); /* wrong size */
	assert_int_equal(Nlg_sockdiag_parse(nlh, IPPROTO_TCP, &s), -EPROTO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tcp_with_info),
		cmocka_unit_test(old_tcp_info),
		cmocka_unit_test(udp_has_no_bytes),
		cmocka_unit_test(protocol_attribute),
		cmocka_unit_test(malformed),
	};
	return cmocka_run_group_tests_name("sockdiag", tests, NULL, NULL);
}
