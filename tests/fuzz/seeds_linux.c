/* SPDX-License-Identifier: MIT */
/*
 * seeds_linux.c - seed corpora for the Linux decoders' fuzzers, built with
 * libmnl as the kernel lays them out: seeds_linux DIR writes
 * DIR/fuzz_netlink/seed-NN and DIR/fuzz_procnetdev/seed-NN.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/inet_diag.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/tcp.h>

#include "seed_write.h"

/* Writes the seeds of fuzz_nl80211 (seeds_nl80211.c). Return: 0 or -1. */
int Nlg_seeds_nl80211(const char *dir);

/* Appends a link, an address and a TCP socket message at buf. */
static size_t messages(char *buf)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWLINK;
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_index = 2;
	ifi->ifi_flags = IFF_UP;
	struct rtnl_link_stats64 st = { .rx_bytes = 1ull << 33, .tx_bytes = 5 };
	static const uint8_t mac[6] = { 2, 0, 0, 0, 0, 1 };
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "veth0");
	mnl_attr_put_u32(nlh, IFLA_MTU, 1500);
	mnl_attr_put_u32(nlh, IFLA_MASTER, 3);
	mnl_attr_put_u8(nlh, IFLA_OPERSTATE, 6);
	mnl_attr_put(nlh, IFLA_ADDRESS, sizeof(mac), mac);
	mnl_attr_put(nlh, IFLA_STATS64, sizeof(st), &st);
	struct nlattr *nest = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
	mnl_attr_nest_end(nlh, nest);
	size_t off = nlh->nlmsg_len;

	nlh = mnl_nlmsg_put_header(buf + off);
	nlh->nlmsg_type = RTM_NEWADDR;
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = AF_INET;
	ifa->ifa_prefixlen = 24;
	ifa->ifa_index = 2;
	static const uint8_t a4[4] = { 10, 0, 0, 1 };
	mnl_attr_put(nlh, IFA_LOCAL, 4, a4);
	mnl_attr_put(nlh, IFA_ADDRESS, 4, a4);
	off += nlh->nlmsg_len;

	nlh = mnl_nlmsg_put_header(buf + off);
	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	struct inet_diag_msg *m = mnl_nlmsg_put_extra_header(nlh, sizeof(*m));
	m->idiag_family = AF_INET6;
	m->idiag_state = 1;
	m->idiag_inode = 77;
	struct tcp_info ti = { .tcpi_bytes_acked = 1001, .tcpi_bytes_received = 500,
			       .tcpi_bytes_sent = 1000 };
	mnl_attr_put(nlh, INET_DIAG_INFO, sizeof(ti), &ti);
	mnl_attr_put_u64(nlh, INET_DIAG_CGROUP_ID, 9);
	mnl_attr_put_u8(nlh, INET_DIAG_PROTOCOL, IPPROTO_TCP);
	return off + nlh->nlmsg_len;
}

int main(int argc, char **argv)
{
	static char buf[16384] __attribute__((aligned(8)));
	static const char dev[] =
		"Inter-|   Receive                                                |  Transmit\n"
		" face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets "
		"errs drop fifo colls carrier compressed\n"
		"    lo:    1200      12    0    0    0     0          0         0     1200      12    0    0    0     0       0          0\n"
		"  eth0: 18446744073709551615 7 1 2 3 4 5 6 9000 8 9 10 11 12 13 14\n";
	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	size_t len = messages(buf);
	int err = Nlg_write_seed(argv[1], "fuzz_netlink", 0, buf, len);
	err |= Nlg_write_seed(argv[1], "fuzz_procnetdev", 0, dev, sizeof(dev) - 1);
	err |= Nlg_seeds_nl80211(argv[1]);
	if (err) {
		fprintf(stderr, "seeds_linux: cannot write under %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	return 0;
}
