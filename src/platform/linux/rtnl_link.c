/* SPDX-License-Identifier: MIT */
/* rtnl_link.c - decodes RTM_NEWLINK / RTM_DELLINK. */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <linux/if_arp.h>
#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include "platform/linux/rtnl.h"

/* Where each of our counters sits in struct rtnl_link_stats64 (and, as
 * 32-bit fields in the same order, in struct rtnl_link_stats). */
static const uint8_t stat_index[NLG_COUNTER_COUNT] = {
#define IDX(f) (offsetof(struct rtnl_link_stats64, f) / sizeof(__u64))
	[NLG_RX_BYTES] = IDX(rx_bytes),
	[NLG_TX_BYTES] = IDX(tx_bytes),
	[NLG_RX_PACKETS] = IDX(rx_packets),
	[NLG_TX_PACKETS] = IDX(tx_packets),
	[NLG_RX_ERRORS] = IDX(rx_errors),
	[NLG_TX_ERRORS] = IDX(tx_errors),
	[NLG_RX_DROPPED] = IDX(rx_dropped),
	[NLG_TX_DROPPED] = IDX(tx_dropped),
	[NLG_MULTICAST] = IDX(multicast),
	[NLG_COLLISIONS] = IDX(collisions),
	[NLG_RX_LENGTH_ERRORS] = IDX(rx_length_errors),
	[NLG_RX_OVER_ERRORS] = IDX(rx_over_errors),
	[NLG_RX_CRC_ERRORS] = IDX(rx_crc_errors),
	[NLG_RX_FRAME_ERRORS] = IDX(rx_frame_errors),
	[NLG_RX_FIFO_ERRORS] = IDX(rx_fifo_errors),
	[NLG_RX_MISSED_ERRORS] = IDX(rx_missed_errors),
	[NLG_TX_ABORTED_ERRORS] = IDX(tx_aborted_errors),
	[NLG_TX_CARRIER_ERRORS] = IDX(tx_carrier_errors),
	[NLG_TX_FIFO_ERRORS] = IDX(tx_fifo_errors),
	[NLG_TX_HEARTBEAT_ERRORS] = IDX(tx_heartbeat_errors),
	[NLG_TX_WINDOW_ERRORS] = IDX(tx_window_errors),
	[NLG_RX_COMPRESSED] = IDX(rx_compressed),
	[NLG_TX_COMPRESSED] = IDX(tx_compressed),
	[NLG_RX_NOHANDLER] = IDX(rx_nohandler),
#undef IDX
};

_Static_assert(offsetof(struct rtnl_link_stats, rx_nohandler) / sizeof(__u32) ==
		       offsetof(struct rtnl_link_stats64, rx_nohandler) / sizeof(__u64),
	       "the 32- and 64-bit stats structs share one field order");

/* Older kernels send shorter stats: take what the attribute holds, field
 * by whole field, and mark only those as reported. */
static void take_stats(struct Nlg_raw_link *out, const struct nlattr *attr, unsigned width)
{
	const uint8_t *p = mnl_attr_get_payload(attr);
	size_t len = mnl_attr_get_payload_len(attr), fsize = width / 8;

	out->counter_width = (uint8_t)width;
	out->counter_mask = 0;
	for (int c = 0; c < NLG_COUNTER_COUNT; c++) {
		size_t off = stat_index[c] * fsize;
		if (off + fsize > len)
			continue;
		if (width == 64) {
			uint64_t v;
			memcpy(&v, p + off, sizeof(v));
			out->counters[c] = v;
		} else {
			uint32_t v;
			memcpy(&v, p + off, sizeof(v));
			out->counters[c] = v;
		}
		out->counter_mask |= 1u << c;
	}
}

static unsigned map_flags(unsigned kflags)
{
	static const struct { unsigned k, n; } map[] = {
		{ IFF_UP, NLG_IFF_UP },
		{ IFF_RUNNING, NLG_IFF_RUNNING },
		{ IFF_LOOPBACK, NLG_IFF_LOOPBACK },
		{ IFF_BROADCAST, NLG_IFF_BROADCAST },
		{ IFF_MULTICAST, NLG_IFF_MULTICAST },
		{ IFF_POINTOPOINT, NLG_IFF_POINTOPOINT },
		{ IFF_PROMISC, NLG_IFF_PROMISC },
		{ IFF_NOARP, NLG_IFF_NOARP },
		{ IFF_LOWER_UP, NLG_IFF_LOWER_UP },
	};
	unsigned f = 0;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (kflags & map[i].k)
			f |= map[i].n;
	return f;
}

/* Return: 0, or -EPROTO when a string attribute is not terminated. */
static int copy_str(char *dst, size_t size, const struct nlattr *attr)
{
	if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
		return -EPROTO;
	const char *s = mnl_attr_get_str(attr);
	size_t n = strnlen(s, size - 1);
	memcpy(dst, s, n);
	dst[n] = '\0';
	return 0;
}

static int take_linkinfo(struct Nlg_raw_link *out, const struct nlattr *nest)
{
	const struct nlattr *attr;

	if (mnl_attr_validate(nest, MNL_TYPE_NESTED) < 0)
		return -EPROTO;
	mnl_attr_for_each_nested(attr, nest) {
		if (mnl_attr_get_type(attr) == IFLA_INFO_KIND)
			return copy_str(out->kind, sizeof(out->kind), attr);
	}
	return 0;
}

struct link_attrs {
	const struct nlattr *tb[IFLA_MAX + 1];
};

static int collect(const struct nlattr *attr, void *data)
{
	struct link_attrs *la = data;
	uint16_t type = mnl_attr_get_type(attr);
	if (type <= IFLA_MAX)
		la->tb[type] = attr;
	return MNL_CB_OK;
}

static int take_u32(uint32_t *dst, const struct nlattr *attr)
{
	if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
		return -EPROTO;
	*dst = mnl_attr_get_u32(attr);
	return 0;
}

static int take_scalars(struct Nlg_raw_link *out, struct link_attrs *la)
{
	if (la->tb[IFLA_MTU] && take_u32(&out->mtu, la->tb[IFLA_MTU]) < 0)
		return -EPROTO;
	uint32_t master = 0;
	if (la->tb[IFLA_MASTER] && take_u32(&master, la->tb[IFLA_MASTER]) < 0)
		return -EPROTO;
	out->master = (int)master;
	if (la->tb[IFLA_OPERSTATE]) {
		if (mnl_attr_validate(la->tb[IFLA_OPERSTATE], MNL_TYPE_U8) < 0)
			return -EPROTO;
		uint8_t st = mnl_attr_get_u8(la->tb[IFLA_OPERSTATE]);
		out->oper = st <= IF_OPER_UP ? (enum nlg_oper_state)st : NLG_OPER_UNKNOWN;
	}
	if (la->tb[IFLA_ADDRESS]) {
		size_t n = mnl_attr_get_payload_len(la->tb[IFLA_ADDRESS]);
		if (n > sizeof(out->mac))
			return -EPROTO;
		memcpy(out->mac, mnl_attr_get_payload(la->tb[IFLA_ADDRESS]), n);
		out->mac_len = (uint8_t)n;
	}
	return 0;
}

int Nlg_rtnl_parse_link(const struct nlmsghdr *nlh, struct Nlg_raw_link *out,
			uint16_t *hwtype)
{
	struct link_attrs la = { 0 };
	const struct ifinfomsg *ifi;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*ifi)))
		return -EPROTO;
	ifi = mnl_nlmsg_get_payload(nlh);
	memset(out, 0, sizeof(*out));
	out->ifindex = ifi->ifi_index;
	out->flags = map_flags(ifi->ifi_flags);
	*hwtype = ifi->ifi_type;
	/* Ethernet and loopback frames carry a 14-byte header that the
	 * interface counts and an IP packet does not. */
	if (ifi->ifi_type == ARPHRD_ETHER || ifi->ifi_type == ARPHRD_LOOPBACK)
		out->l2_len = 14;
	if (mnl_attr_parse(nlh, sizeof(*ifi), collect, &la) != MNL_CB_OK)
		return -EPROTO;
	if (!la.tb[IFLA_IFNAME] || copy_str(out->name, sizeof(out->name), la.tb[IFLA_IFNAME]) < 0)
		return -EPROTO;
	if (take_scalars(out, &la) < 0)
		return -EPROTO;
	if (la.tb[IFLA_LINKINFO] && take_linkinfo(out, la.tb[IFLA_LINKINFO]) < 0)
		return -EPROTO;
	if (la.tb[IFLA_STATS64])
		take_stats(out, la.tb[IFLA_STATS64], 64);
	else if (la.tb[IFLA_STATS])
		take_stats(out, la.tb[IFLA_STATS], 32);
	return 0;
}
