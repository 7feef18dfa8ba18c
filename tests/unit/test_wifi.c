/* SPDX-License-Identifier: MIT */
/*
 * test_wifi.c - nl80211 replies built with libmnl as the kernel lays them
 * out, decoded into link quality: a connected station, a disconnected one,
 * an access point with three stations, and truncated or malformed
 * attributes; the controller's family reply; /proc/net/wireless text.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/nl80211.h>

#include "platform/linux/nl80211.h"
#include "platform/linux/procwireless.h"

#define FAMILY 28 /* whatever id the controller hands out */

static char buf[8192];
static size_t used;

static void reset(void)
{
	memset(buf, 0, sizeof(buf));
	used = 0;
}

static struct nlmsghdr *msg(uint16_t type, uint8_t cmd)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf + used);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_MULTI;
	nlh->nlmsg_seq = 7;
	struct genlmsghdr *g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = 1;
	return nlh;
}

static void end(struct nlmsghdr *nlh)
{
	used += MNL_ALIGN(nlh->nlmsg_len);
}

static void done(void)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf + used);
	nlh->nlmsg_type = NLMSG_DONE;
	mnl_nlmsg_put_extra_header(nlh, sizeof(int));
	used += nlh->nlmsg_len;
}

static void put_iface(uint32_t iftype, const char *ssid, uint32_t freq)
{
	struct nlmsghdr *nlh = msg(FAMILY, NL80211_CMD_NEW_INTERFACE);
	mnl_attr_put_u32(nlh, NL80211_ATTR_IFINDEX, 3);
	mnl_attr_put_strz(nlh, NL80211_ATTR_IFNAME, "wlan0");
	mnl_attr_put_u32(nlh, NL80211_ATTR_IFTYPE, iftype);
	if (ssid)
		mnl_attr_put(nlh, NL80211_ATTR_SSID, strlen(ssid), ssid);
	if (freq)
		mnl_attr_put_u32(nlh, NL80211_ATTR_WIPHY_FREQ, freq);
	end(nlh);
}

static void put_rate(struct nlmsghdr *nlh, uint16_t type, uint32_t r32, uint16_t r16)
{
	struct nlattr *n = mnl_attr_nest_start(nlh, type);
	if (r16)
		mnl_attr_put_u16(nlh, NL80211_RATE_INFO_BITRATE, r16);
	if (r32)
		mnl_attr_put_u32(nlh, NL80211_RATE_INFO_BITRATE32, r32);
	mnl_attr_put_u8(nlh, NL80211_RATE_INFO_MCS, 9);
	mnl_attr_nest_end(nlh, n);
}

static void put_station(uint8_t last, int8_t signal, int8_t avg, uint32_t rx32, uint16_t tx16)
{
	static uint8_t mac[6] = { 0x6c, 0x5a, 0xb0, 0x01, 0x02, 0 };
	struct nlmsghdr *nlh = msg(FAMILY, NL80211_CMD_NEW_STATION);
	mac[5] = last;
	mnl_attr_put_u32(nlh, NL80211_ATTR_IFINDEX, 3);
	mnl_attr_put(nlh, NL80211_ATTR_MAC, sizeof(mac), mac);
	struct nlattr *info = mnl_attr_nest_start(nlh, NL80211_ATTR_STA_INFO);
	mnl_attr_put_u32(nlh, NL80211_STA_INFO_INACTIVE_TIME, 40);
	mnl_attr_put_u8(nlh, NL80211_STA_INFO_SIGNAL, (uint8_t)signal);
	mnl_attr_put_u8(nlh, NL80211_STA_INFO_SIGNAL_AVG, (uint8_t)avg);
	put_rate(nlh, NL80211_STA_INFO_RX_BITRATE, rx32, rx32 > 65535 ? 0 : (uint16_t)rx32);
	put_rate(nlh, NL80211_STA_INFO_TX_BITRATE, 0, tx16);
	mnl_attr_nest_end(nlh, info);
	end(nlh);
}

static int parse(struct Nlg_raw_wifi *w)
{
	memset(w, 0, sizeof(*w));
	return Nlg_nl80211_parse_buf(buf, used, FAMILY, w);
}

static void connected_station(void **state)
{
	(void)state;
	struct Nlg_raw_wifi w;
	reset();
	put_iface(NL80211_IFTYPE_STATION, "home \xe2\x98\x83", 5180);
	put_station(0x42, -56, -58, 8667, 7800);
	done();
	assert_int_equal(parse(&w), 0);
	assert_int_equal(w.mode, NLG_WIFI_MODE_STATION);
	assert_int_equal(w.ssid_len, 8);
	assert_memory_equal(w.ssid, "home \xe2\x98\x83", 8);
	assert_int_equal(w.freq_mhz, 5180);
	assert_int_equal(w.channel, 36);
	static const uint8_t bssid[6] = { 0x6c, 0x5a, 0xb0, 0x01, 0x02, 0x42 };
	assert_memory_equal(w.bssid, bssid, 6);
	assert_int_equal(w.signal_dbm, -56);
	assert_int_equal(w.signal_avg_dbm, -58);
	assert_int_equal(w.rx_bitrate, 866700000ull);
	assert_int_equal(w.tx_bitrate, 780000000ull);
	unsigned want = NLG_WIFI_HAS_MODE | NLG_WIFI_HAS_SSID | NLG_WIFI_HAS_BSSID |
			NLG_WIFI_HAS_FREQ | NLG_WIFI_HAS_SIGNAL | NLG_WIFI_HAS_SIGNAL_AVG |
			NLG_WIFI_HAS_RX_BITRATE | NLG_WIFI_HAS_TX_BITRATE;
	assert_int_equal(w.has, want);
	assert_null(w.why);
}

/* A rate above 6.5 Gbit/s fits only the 32-bit attribute. */
static void fast_rate(void **state)
{
	(void)state;
	struct Nlg_raw_wifi w;
	reset();
	put_iface(NL80211_IFTYPE_STATION, "x", 5955);
	put_station(1, -40, -41, 288200, 60);
	done();
	assert_int_equal(parse(&w), 0);
	assert_int_equal(w.rx_bitrate, 28820000000ull);
	assert_int_equal(w.tx_bitrate, 6000000ull);
	assert_int_equal(w.channel, 1);
}

static void disconnected(void **state)
{
	(void)state;
	struct Nlg_raw_wifi w;
	reset();
	put_iface(NL80211_IFTYPE_STATION, NULL, 0);
	done();
	assert_int_equal(parse(&w), 0);
	assert_int_equal(w.mode, NLG_WIFI_MODE_STATION);
	assert_int_equal(w.has, NLG_WIFI_HAS_MODE);
	assert_string_equal(w.why, "not associated");
}

static void access_point(void **state)
{
	(void)state;
	struct Nlg_raw_wifi w;
	reset();
	put_iface(NL80211_IFTYPE_AP, "guest", 2437);
	put_station(1, -70, -71, 540, 540);
	put_station(2, -50, -52, 1200, 1200);
	put_station(3, -65, -60, 60, 60);
	done();
	assert_int_equal(parse(&w), 0);
	assert_int_equal(w.mode, NLG_WIFI_MODE_AP);
	assert_int_equal(w.stations, 3);
	assert_int_equal(w.channel, 6);
	/* A client's signal is not the access point's. */
	assert_int_equal(w.has, NLG_WIFI_HAS_MODE | NLG_WIFI_HAS_SSID | NLG_WIFI_HAS_FREQ |
					NLG_WIFI_HAS_STATIONS);
	assert_null(w.why);

	/* An access point nobody joined still counts: zero stations. */
	reset();
	put_iface(NL80211_IFTYPE_MESH_POINT, NULL, 2412);
	done();
	assert_int_equal(parse(&w), 0);
	assert_int_equal(w.mode, NLG_WIFI_MODE_MESH);
	assert_true(w.has & NLG_WIFI_HAS_STATIONS);
	assert_int_equal(w.stations, 0);
}

/* Offsets into the connected-station buffer, for corrupting it. */
static struct nlattr *find_attr(struct nlmsghdr *nlh, uint16_t type)
{
	struct nlattr *a;
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(a) == type)
			return a;
	return NULL;
}

static struct nlmsghdr *second(void)
{
	struct nlmsghdr *first = (struct nlmsghdr *)buf;
	return (struct nlmsghdr *)(buf + MNL_ALIGN(first->nlmsg_len));
}

static void build_connected(void)
{
	reset();
	put_iface(NL80211_IFTYPE_STATION, "home", 2412);
	put_station(1, -60, -61, 1300, 1300);
	done();
}

static void expect_eproto(const char *what)
{
	struct Nlg_raw_wifi w;
	print_message("%s\n", what);
	assert_int_equal(parse(&w), -EPROTO);
}

static void malformed(void **state)
{
	(void)state;
	struct nlattr *a;

	/* The buffer ends inside a message. */
	build_connected();
	used -= 24;
	expect_eproto("buffer cut inside a message");

	/* Every cut point of the whole reply is refused or decoded, never
	 * read past. */
	build_connected();
	size_t full = used;
	for (size_t cut = 1; cut < full; cut++) {
		struct Nlg_raw_wifi w;
		used = cut;
		int err = parse(&w);
		assert_true(err == 0 || err == -EPROTO);
	}

	/* An attribute longer than its message. */
	build_connected();
	a = find_attr(second(), NL80211_ATTR_STA_INFO);
	a->nla_len += 64;
	expect_eproto("attribute overruns its message");

	/* A nested attribute longer than its nest. */
	build_connected();
	a = find_attr(second(), NL80211_ATTR_STA_INFO);
	struct nlattr *inner = mnl_attr_get_payload(a);
	inner->nla_len = (uint16_t)(mnl_attr_get_payload_len(a) + 8);
	expect_eproto("nested attribute overruns its nest");

	/* An attribute shorter than its header. */
	build_connected();
	a = find_attr(second(), NL80211_ATTR_MAC);
	a->nla_len = 2;
	expect_eproto("attribute shorter than a header");

	/* Attributes of the wrong size. */
	reset();
	struct nlmsghdr *nlh = msg(FAMILY, NL80211_CMD_NEW_STATION);
	mnl_attr_put(nlh, NL80211_ATTR_MAC, 5, "\1\2\3\4\5");
	end(nlh);
	expect_eproto("a 5-byte MAC");

	reset();
	nlh = msg(FAMILY, NL80211_CMD_NEW_INTERFACE);
	mnl_attr_put_u16(nlh, NL80211_ATTR_IFTYPE, NL80211_IFTYPE_STATION);
	end(nlh);
	expect_eproto("a 16-bit interface type");

	reset();
	nlh = msg(FAMILY, NL80211_CMD_NEW_INTERFACE);
	mnl_attr_put(nlh, NL80211_ATTR_SSID, 33, "0123456789abcdef0123456789abcdefX");
	end(nlh);
	expect_eproto("a 33-byte SSID");

	reset();
	nlh = msg(FAMILY, NL80211_CMD_NEW_STATION);
	struct nlattr *info = mnl_attr_nest_start(nlh, NL80211_ATTR_STA_INFO);
	mnl_attr_put(nlh, NL80211_STA_INFO_SIGNAL, 0, NULL);
	mnl_attr_nest_end(nlh, info);
	end(nlh);
	expect_eproto("an empty signal");

	reset();
	nlh = msg(FAMILY, NL80211_CMD_NEW_STATION);
	info = mnl_attr_nest_start(nlh, NL80211_ATTR_STA_INFO);
	struct nlattr *rate = mnl_attr_nest_start(nlh, NL80211_STA_INFO_RX_BITRATE);
	mnl_attr_put_u8(nlh, NL80211_RATE_INFO_BITRATE32, 1);
	mnl_attr_nest_end(nlh, rate);
	mnl_attr_nest_end(nlh, info);
	end(nlh);
	expect_eproto("a one-byte 32-bit bitrate");

	/* Messages that are not nl80211's, or not a reply it sends here. */
	reset();
	end(msg(FAMILY + 1, NL80211_CMD_NEW_STATION));
	expect_eproto("another family");
	reset();
	end(msg(FAMILY, NL80211_CMD_TRIGGER_SCAN));
	expect_eproto("another command");
	reset();
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = FAMILY;
	used = nlh->nlmsg_len;
	expect_eproto("no genl header");
}

static void family_reply(void **state)
{
	(void)state;
	uint16_t id = 0;
	reset();
	struct nlmsghdr *nlh = msg(GENL_ID_CTRL, CTRL_CMD_NEWFAMILY);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, "nl80211");
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, 33);
	mnl_attr_put_u32(nlh, CTRL_ATTR_VERSION, 1);
	assert_int_equal(Nlg_nl80211_parse_family(nlh, &id), 0);
	assert_int_equal(id, 33);

	reset();
	nlh = msg(GENL_ID_CTRL, CTRL_CMD_NEWFAMILY);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, "devlink");
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, 20);
	assert_int_equal(Nlg_nl80211_parse_family(nlh, &id), -ENOENT);

	reset();
	nlh = msg(GENL_ID_CTRL, CTRL_CMD_NEWFAMILY);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, "nl80211");
	assert_int_equal(Nlg_nl80211_parse_family(nlh, &id), -EPROTO);

	reset();
	nlh = msg(GENL_ID_CTRL, CTRL_CMD_NEWFAMILY);
	mnl_attr_put(nlh, CTRL_ATTR_FAMILY_NAME, 7, "nl80211"); /* no terminator */
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, 20);
	assert_int_equal(Nlg_nl80211_parse_family(nlh, &id), -EPROTO);
}

static void channels(void **state)
{
	(void)state;
	static const uint32_t t[][2] = {
		{ 2412, 1 }, { 2437, 6 }, { 2472, 13 }, { 2484, 14 }, { 5180, 36 },
		{ 5825, 165 }, { 4920, 184 }, { 5935, 2 }, { 5955, 1 }, { 6415, 93 },
		{ 7115, 233 }, { 58320, 1 }, { 64800, 4 }, { 900, 0 }, { 0, 0 },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		assert_int_equal(Nlg_wifi_channel(t[i][0]), t[i][1]);
}

/* The file as cfg80211 writes it (wext-proc.c), one client and one
 * access point whose driver has no level yet. */
static const char proc_wireless[] =
	"Inter-| sta-|   Quality        |   Discarded packets               | Missed | WE\n"
	" face | tus | link level noise |  nwid  crypt   frag  retry   misc | beacon | 22\n"
	"wlp2s0: 0000   54.  -56.  -256        0      0      0      0     12        0\n"
	"  wlan1: 0000    0     0     0        0      0      0      0      0        0\n"
	" wlan2: 0000   70.  200.  -256        0      0      0      0      0        0\n";

static void procwireless(void **state)
{
	(void)state;
	size_t len = strlen(proc_wireless);
	int dbm = 0;
	assert_int_equal(Nlg_procwireless_level(proc_wireless, len, "wlp2s0", &dbm), 0);
	assert_int_equal(dbm, -56);
	assert_int_equal(Nlg_procwireless_level(proc_wireless, len, "wlan1", &dbm), -ERANGE);
	assert_int_equal(Nlg_procwireless_level(proc_wireless, len, "wlan2", &dbm), -ERANGE);
	assert_int_equal(Nlg_procwireless_level(proc_wireless, len, "wlan", &dbm), -ENOENT);
	assert_int_equal(Nlg_procwireless_level(proc_wireless, len, "eth0", &dbm), -ENOENT);
	assert_int_equal(Nlg_procwireless_level(proc_wireless, len, "", &dbm), -ENOENT);
	/* Cut anywhere, the text is never read past its length. */
	for (size_t cut = 0; cut < len; cut++)
		Nlg_procwireless_level(proc_wireless, cut, "wlan2", &dbm);
	static const char bad[] = "a|\nb|\nwlan0: zz 54. -56.\nwlan3: 0000 x\n";
	assert_int_equal(Nlg_procwireless_level(bad, strlen(bad), "wlan0", &dbm), -EPROTO);
	assert_int_equal(Nlg_procwireless_level(bad, strlen(bad), "wlan3", &dbm), -EPROTO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(connected_station),
		cmocka_unit_test(fast_rate),
		cmocka_unit_test(disconnected),
		cmocka_unit_test(access_point),
		cmocka_unit_test(malformed),
		cmocka_unit_test(family_reply),
		cmocka_unit_test(channels),
		cmocka_unit_test(procwireless),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
