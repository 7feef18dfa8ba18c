/* SPDX-License-Identifier: MIT */
/* test_rtnl.c - rtnetlink link/address decoding on messages built here. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/if_arp.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include "platform/linux/rtnl.h"

static char buf[8192];

static struct nlmsghdr *link_msg(int ifindex, unsigned flags, uint16_t hwtype)
{
	memset(buf, 0, sizeof(buf));
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWLINK;
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_index = ifindex;
	ifi->ifi_flags = flags;
	ifi->ifi_type = hwtype;
	return nlh;
}

static void full_link(void **state)
{
	(void)state;
	struct nlmsghdr *nlh = link_msg(7, IFF_UP | IFF_RUNNING | IFF_BROADCAST | IFF_MULTICAST |
					      IFF_LOWER_UP, ARPHRD_ETHER);
	static const uint8_t mac[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
	struct rtnl_link_stats64 st = { .rx_bytes = 5ull << 32, .tx_bytes = 123,
					.rx_packets = 9, .collisions = 4, .rx_crc_errors = 2,
					.rx_nohandler = 77 };
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "veth-a");
	mnl_attr_put_u32(nlh, IFLA_MTU, 9000);
	mnl_attr_put_u8(nlh, IFLA_OPERSTATE, IF_OPER_UP);
	mnl_attr_put(nlh, IFLA_ADDRESS, sizeof(mac), mac);
	mnl_attr_put(nlh, IFLA_STATS64, sizeof(st), &st);
	struct nlattr *nest = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
	mnl_attr_nest_end(nlh, nest);

	struct Nlg_raw_link l;
	uint16_t hw = 0;
	assert_int_equal(Nlg_rtnl_parse_link(nlh, &l, &hw), 0);
	assert_int_equal(hw, ARPHRD_ETHER);
	assert_int_equal(l.ifindex, 7);
	assert_string_equal(l.name, "veth-a");
	assert_string_equal(l.kind, "veth");
	assert_int_equal(l.mtu, 9000);
	assert_int_equal(l.oper, NLG_OPER_UP);
	assert_int_equal(l.flags, NLG_IFF_UP | NLG_IFF_RUNNING | NLG_IFF_BROADCAST |
					  NLG_IFF_MULTICAST | NLG_IFF_LOWER_UP);
	assert_int_equal(l.mac_len, 6);
	assert_memory_equal(l.mac, mac, 6);
	assert_int_equal(l.counter_width, 64);
	assert_int_equal(l.counters[NLG_RX_BYTES], 5ull << 32);
	assert_int_equal(l.counters[NLG_TX_BYTES], 123);
	assert_int_equal(l.counters[NLG_RX_PACKETS], 9);
	assert_int_equal(l.counters[NLG_COLLISIONS], 4);
	assert_int_equal(l.counters[NLG_RX_CRC_ERRORS], 2);
	assert_int_equal(l.counters[NLG_RX_NOHANDLER], 77);
	assert_int_equal(l.counter_mask, (1u << NLG_COUNTER_COUNT) - 1);
}

/* A kernel older than rx_nohandler sends 23 fields: the rest is unreported. */
static void short_stats64(void **state)
{
	(void)state;
	struct nlmsghdr *nlh = link_msg(1, 0, ARPHRD_ETHER);
	struct rtnl_link_stats64 st = { .rx_bytes = 1, .tx_compressed = 3 };
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "old0");
	mnl_attr_put(nlh, IFLA_STATS64, offsetof(struct rtnl_link_stats64, rx_nohandler), &st);
	struct Nlg_raw_link l;
	uint16_t hw;
	assert_int_equal(Nlg_rtnl_parse_link(nlh, &l, &hw), 0);
	assert_true(l.counter_mask & (1u << NLG_TX_COMPRESSED));
	assert_false(l.counter_mask & (1u << NLG_RX_NOHANDLER));
	assert_int_equal(l.counters[NLG_TX_COMPRESSED], 3);
}

static void stats32_only(void **state)
{
	(void)state;
	struct nlmsghdr *nlh = link_msg(2, 0, ARPHRD_ETHER);
	struct rtnl_link_stats st = { .rx_bytes = 0xfffffff0u, .tx_packets = 12 };
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "legacy");
	mnl_attr_put(nlh, IFLA_STATS, sizeof(st), &st);
	struct Nlg_raw_link l;
	uint16_t hw;
	assert_int_equal(Nlg_rtnl_parse_link(nlh, &l, &hw), 0);
	assert_int_equal(l.counter_width, 32);
	assert_int_equal(l.counters[NLG_RX_BYTES], 0xfffffff0u);
	assert_int_equal(l.counters[NLG_TX_PACKETS], 12);
}

static void no_stats_no_counters(void **state)
{
	(void)state;
	struct nlmsghdr *nlh = link_msg(3, 0, ARPHRD_NONE);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "tun0");
	struct Nlg_raw_link l;
	uint16_t hw;
	assert_int_equal(Nlg_rtnl_parse_link(nlh, &l, &hw), 0);
	assert_int_equal(l.counter_mask, 0);
}

static void malformed_links(void **state)
{
	(void)state;
	struct Nlg_raw_link l;
	uint16_t hw;

	/* no name */
	struct nlmsghdr *nlh = link_msg(4, 0, ARPHRD_ETHER);
	assert_int_equal(Nlg_rtnl_parse_link(nlh, &l, &hw), -EPROTO);

	/* name without its terminating NUL */
	nlh = link_msg(4, 0, ARPHRD_ETHER);
	mnl_attr_put(nlh, IFLA_IFNAME, 4, "eth0");
	assert_int_equal(Nlg_rtnl_parse_link(nlh, &l, &hw), -EPROTO);

	/* hardware address longer than any link layer */
	nlh = link_msg(4, 0, ARPHRD_ETHER);
	uint8_t big[40] = { 0 };
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "eth0");
	mnl_attr_put(nlh, IFLA_ADDRESS, sizeof(big), big);
	assert_int_equal(Nlg_rtnl_parse_link(nlh, &l, &hw), -EPROTO);

	/* MTU of the wrong size */
	nlh = link_msg(4, 0, ARPHRD_ETHER);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "eth0");
	mnl_attr_put_u16(nlh, IFLA_MTU, 1500);
	assert_int_equal(Nlg_rtnl_parse_link(nlh, &l, &hw), -EPROTO);

	/* message too short for its header */
	nlh = link_msg(4, 0, ARPHRD_ETHER);
	nlh->nlmsg_len = sizeof(struct nlmsghdr) + 4;
	assert_int_equal(Nlg_rtnl_parse_link(nlh, &l, &hw), -EPROTO);
}

/* An attribute whose length runs past the message ends the walk; nothing
 * beyond nlmsg_len is read (ASan would say so). */
static void attribute_past_end(void **state)
{
	(void)state;
	struct nlmsghdr *nlh = link_msg(5, 0, ARPHRD_ETHER);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "eth0");
	struct nlattr *a = (struct nlattr *)((char *)nlh + nlh->nlmsg_len);
	mnl_attr_put_u32(nlh, IFLA_MTU, 1500);
	a->nla_len = 200;
	struct Nlg_raw_link l;
	uint16_t hw;
	assert_int_equal(Nlg_rtnl_parse_link(nlh, &l, &hw), 0);
	assert_int_equal(l.mtu, 0);
}

static struct nlmsghdr *addr_msg(int family, int ifindex, int prefixlen)
{
	memset(buf, 0, sizeof(buf));
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWADDR;
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = (uint8_t)family;
	ifa->ifa_index = (uint32_t)ifindex;
	ifa->ifa_prefixlen = (uint8_t)prefixlen;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	return nlh;
}

static void addresses(void **state)
{
	(void)state;
	struct Nlg_raw_addr a;
	uint8_t local[4] = { 10, 0, 0, 1 }, peer[4] = { 10, 0, 0, 2 }, v6[16];

	/* Point-to-point: IFA_LOCAL is ours, IFA_ADDRESS the peer. */
	struct nlmsghdr *nlh = addr_msg(AF_INET, 9, 32);
	mnl_attr_put(nlh, IFA_ADDRESS, 4, peer);
	mnl_attr_put(nlh, IFA_LOCAL, 4, local);
	assert_int_equal(Nlg_rtnl_parse_addr(nlh, &a), 0);
	assert_int_equal(a.ifindex, 9);
	assert_int_equal(a.addr.family, AF_INET);
	assert_int_equal(a.addr.prefixlen, 32);
	assert_memory_equal(a.addr.addr, local, 4);

	inet_pton(AF_INET6, "fd00::1", v6);
	nlh = addr_msg(AF_INET6, 3, 64);
	mnl_attr_put(nlh, IFA_ADDRESS, 16, v6);
	assert_int_equal(Nlg_rtnl_parse_addr(nlh, &a), 0);
	assert_int_equal(a.addr.family, AF_INET6);
	assert_memory_equal(a.addr.addr, v6, 16);

	nlh = addr_msg(AF_INET6, 3, 64);
	mnl_attr_put(nlh, IFA_ADDRESS, 4, local); /* wrong length */
	assert_int_equal(Nlg_rtnl_parse_addr(nlh, &a), -EPROTO);

	nlh = addr_msg(AF_INET, 3, 33); /* impossible prefix */
	mnl_attr_put(nlh, IFA_ADDRESS, 4, local);
	assert_int_equal(Nlg_rtnl_parse_addr(nlh, &a), -EPROTO);

	nlh = addr_msg(AF_PACKET, 3, 0);
	assert_int_equal(Nlg_rtnl_parse_addr(nlh, &a), -EAFNOSUPPORT);

	nlh = addr_msg(AF_INET, 3, 8); /* no address at all */
	assert_int_equal(Nlg_rtnl_parse_addr(nlh, &a), -EPROTO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(full_link),
		cmocka_unit_test(short_stats64),
		cmocka_unit_test(stats32_only),
		cmocka_unit_test(no_stats_no_counters),
		cmocka_unit_test(malformed_links),
		cmocka_unit_test(attribute_past_end),
		cmocka_unit_test(addresses),
	};
	return cmocka_run_group_tests_name("rtnl", tests, NULL, NULL);
}
