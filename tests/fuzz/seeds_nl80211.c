/* SPDX-License-Identifier: MIT */
/* seeds_nl80211.c - seeds of fuzz_nl80211: a station's interface and
 * station replies, an access point's, a family reply, and the text of
 * /proc/net/wireless, each after the byte that picks its decoder. */
#include <stdint.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/nl80211.h>

#include "seed_write.h"

#define FAMILY 28

int Nlg_seeds_nl80211(const char *dir);

static struct nlmsghdr *msg(char *at, uint16_t type, uint8_t cmd)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(at);
	nlh->nlmsg_type = type;
	struct genlmsghdr *g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	return nlh;
}

static size_t iface(char *at, uint32_t type)
{
	struct nlmsghdr *nlh = msg(at, FAMILY, NL80211_CMD_NEW_INTERFACE);
	mnl_attr_put_u32(nlh, NL80211_ATTR_IFINDEX, 3);
	mnl_attr_put_u32(nlh, NL80211_ATTR_IFTYPE, type);
	mnl_attr_put(nlh, NL80211_ATTR_SSID, 4, "home");
	mnl_attr_put_u32(nlh, NL80211_ATTR_WIPHY_FREQ, 5180);
	return MNL_ALIGN(nlh->nlmsg_len);
}

static size_t station(char *at)
{
	static const uint8_t mac[6] = { 2, 0, 0, 0, 0, 9 };
	struct nlmsghdr *nlh = msg(at, FAMILY, NL80211_CMD_NEW_STATION);
	mnl_attr_put(nlh, NL80211_ATTR_MAC, sizeof(mac), mac);
	struct nlattr *info = mnl_attr_nest_start(nlh, NL80211_ATTR_STA_INFO);
	mnl_attr_put_u8(nlh, NL80211_STA_INFO_SIGNAL, (uint8_t)-55);
	mnl_attr_put_u8(nlh, NL80211_STA_INFO_SIGNAL_AVG, (uint8_t)-57);
	struct nlattr *r = mnl_attr_nest_start(nlh, NL80211_STA_INFO_RX_BITRATE);
	mnl_attr_put_u32(nlh, NL80211_RATE_INFO_BITRATE32, 8667);
	mnl_attr_put_u16(nlh, NL80211_RATE_INFO_BITRATE, 8667);
	mnl_attr_nest_end(nlh, r);
	r = mnl_attr_nest_start(nlh, NL80211_STA_INFO_TX_BITRATE);
	mnl_attr_put_u16(nlh, NL80211_RATE_INFO_BITRATE, 780);
	mnl_attr_nest_end(nlh, r);
	mnl_attr_nest_end(nlh, info);
	return MNL_ALIGN(nlh->nlmsg_len);
}

int Nlg_seeds_nl80211(const char *dir)
{
	static char buf[4096] __attribute__((aligned(8)));
	static const char proc[] =
		"PInter-| sta-|   Quality        |   Discarded packets               | Missed | WE\n"
		" face | tus | link level noise |  nwid  crypt   frag  retry   misc | beacon | 22\n"
		" wlan0: 0000   54.  -56.  -256        0      0      0      0      0        0\n";
	size_t len = 8; /* after the selector, aligned */
	int err = 0;

	memset(buf, 0, sizeof(buf));
	len += iface(buf + len, NL80211_IFTYPE_STATION);
	len += station(buf + len);
	/* The selector byte goes just before the messages. */
	err |= Nlg_write_seed(dir, "fuzz_nl80211", 0, buf + 7, len - 7);
	len = 8;
	len += iface(buf + len, NL80211_IFTYPE_AP);
	for (int i = 0; i < 3; i++)
		len += station(buf + len);
	err |= Nlg_write_seed(dir, "fuzz_nl80211", 1, buf + 7, len - 7);
	len = 8;
	struct nlmsghdr *nlh = msg(buf + len, GENL_ID_CTRL, CTRL_CMD_NEWFAMILY);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, "nl80211");
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, FAMILY);
	len += nlh->nlmsg_len;
	err |= Nlg_write_seed(dir, "fuzz_nl80211", 2, buf + 7, len - 7);
	err |= Nlg_write_seed(dir, "fuzz_nl80211", 3, proc, sizeof(proc) - 1);
	return err ? -1 : 0;
}
