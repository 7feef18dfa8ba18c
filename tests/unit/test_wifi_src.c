/* SPDX-License-Identifier: MIT */
/*
 * test_wifi_src.c - the exchange with nl80211 (wifi.c) against a stand-in
 * for the kernel that answers with replies built by libmnl: nothing is
 * opened without a wireless link, a station and an access point are read,
 * a driver that does not answer falls back to /proc/net/wireless, a
 * refusal and a malformed reply say why, and a kernel without nl80211 is
 * asked again only after a while.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/nl80211.h>

#include "platform/linux/wifi.h"
#include "fakeroot.h"

#define FAMILY 30

static struct {
	int opens, exchanges, closes;
	int family_err;        /* the controller's answer: 0, or an error */
	unsigned last_seq;
} fk;

static int f_open(struct Nlg_wifisrc *ws)
{
	(void)ws;
	fk.opens++;
	return 0;
}

static void f_close(struct Nlg_wifisrc *ws)
{
	(void)ws;
	fk.closes++;
}

static char rbuf[8192] __attribute__((aligned(8)));
static size_t rused;

static struct nlmsghdr *reply(uint16_t type, uint8_t cmd)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(rbuf + rused);
	nlh->nlmsg_type = type;
	struct genlmsghdr *g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	return nlh;
}

static void done_msg(struct nlmsghdr *nlh)
{
	rused += MNL_ALIGN(nlh->nlmsg_len);
}

static void iface_reply(uint32_t iftype, const char *ssid)
{
	struct nlmsghdr *nlh = reply(FAMILY, NL80211_CMD_NEW_INTERFACE);
	mnl_attr_put_u32(nlh, NL80211_ATTR_IFTYPE, iftype);
	mnl_attr_put(nlh, NL80211_ATTR_SSID, strlen(ssid), ssid);
	mnl_attr_put_u32(nlh, NL80211_ATTR_WIPHY_FREQ, 5240);
	done_msg(nlh);
}

static void station_reply(uint8_t last, int mac_len)
{
	uint8_t mac[6] = { 2, 0, 0, 0, 0, last };
	struct nlmsghdr *nlh = reply(FAMILY, NL80211_CMD_NEW_STATION);
	mnl_attr_put(nlh, NL80211_ATTR_MAC, (size_t)mac_len, mac);
	struct nlattr *info = mnl_attr_nest_start(nlh, NL80211_ATTR_STA_INFO);
	mnl_attr_put_u8(nlh, NL80211_STA_INFO_SIGNAL, (uint8_t)-48);
	struct nlattr *r = mnl_attr_nest_start(nlh, NL80211_STA_INFO_TX_BITRATE);
	mnl_attr_put_u32(nlh, NL80211_RATE_INFO_BITRATE32, 12010);
	mnl_attr_nest_end(nlh, r);
	mnl_attr_nest_end(nlh, info);
	done_msg(nlh);
}

/* Builds the answer to a request about ifindex, or returns an error. */
static int answer(uint8_t cmd, uint32_t ifindex)
{
	bool iface = cmd == NL80211_CMD_GET_INTERFACE;
	switch (ifindex) {
	case 3: /* a station, associated */
		if (iface)
			iface_reply(NL80211_IFTYPE_STATION, "office");
		else
			station_reply(9, 6);
		return 0;
	case 4: /* an access point with three clients */
		if (iface)
			iface_reply(NL80211_IFTYPE_AP, "guest");
		else
			for (uint8_t i = 1; i <= 3; i++)
				station_reply(i, 6);
		return 0;
	case 5:
		return -ENODEV; /* a driver without nl80211 (wireless extensions only) */
	case 6:
		return -EPERM;
	case 7: /* a malformed station */
		if (iface)
			iface_reply(NL80211_IFTYPE_STATION, "x");
		else
			station_reply(1, 5);
		return 0;
	default:
		fail_msg("asked about ifindex %u", ifindex);
		return -EINVAL;
	}
}

static int f_exchange(struct Nlg_wifisrc *ws, struct nlmsghdr *req, mnl_cb_t cb, void *data)
{
	(void)ws;
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(req);
	int err = 0;
	fk.exchanges++;
	assert_true(req->nlmsg_seq > fk.last_seq);
	fk.last_seq = req->nlmsg_seq;
	rused = 0;
	if (req->nlmsg_type == GENL_ID_CTRL) {
		assert_int_equal(g->cmd, CTRL_CMD_GETFAMILY);
		if (fk.family_err)
			return fk.family_err;
		struct nlmsghdr *nlh = reply(GENL_ID_CTRL, CTRL_CMD_NEWFAMILY);
		mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, "nl80211");
		mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, FAMILY);
		done_msg(nlh);
	} else {
		assert_int_equal(req->nlmsg_type, FAMILY);
		/* A do for the interface, a dump for its stations. */
		assert_int_equal(req->nlmsg_flags & NLM_F_DUMP,
				 g->cmd == NL80211_CMD_GET_STATION ? NLM_F_DUMP : 0);
		struct nlattr *a = mnl_nlmsg_get_payload_offset(req, sizeof(*g));
		assert_int_equal(mnl_attr_get_type(a), NL80211_ATTR_IFINDEX);
		err = answer(g->cmd, mnl_attr_get_u32(a));
	}
	if (err)
		return err;
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)rbuf;
	int left = (int)rused;
	for (; mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left))
		if (cb(nlh, data) == MNL_CB_ERROR)
			return -EPROTO;
	return 0;
}

static const struct Nlg_wifi_ops fake_ops = { f_open, f_exchange, f_close };

static struct Nlg_raw_links links;
static char root[] = "/tmp/nlg-wifisrc-XXXXXX";
static char proc[600];

static void add_link(const char *name, int ifindex, enum nlg_iface_type type)
{
	struct Nlg_raw_link *l = Nlg_raw_links_push(&links);
	assert_non_null(l);
	snprintf(l->name, sizeof(l->name), "%s", name);
	l->ifindex = ifindex;
	l->type = type;
}

static const struct Nlg_raw_wifi *wifi_of(const char *name)
{
	for (size_t i = 0; i < links.nlinks; i++)
		if (!strcmp(links.links[i].name, name))
			return &links.links[i].wifi;
	fail_msg("no link %s", name);
	return NULL;
}

static int setup(void **state)
{
	(void)state;
	memset(&fk, 0, sizeof(fk));
	Nlg_raw_links_clear(&links);
	return 0;
}

static void no_wifi_no_exchange(void **state)
{
	(void)state;
	struct Nlg_wifisrc ws = { .ops = &fake_ops };
	add_link("lo", 1, NLG_IFACE_LOOPBACK);
	add_link("eth0", 2, NLG_IFACE_ETHERNET);
	add_link("veth0", 8, NLG_IFACE_VIRTUAL);
	for (int i = 0; i < 3; i++)
		Nlg_wifi_read(&ws, proc, &links);
	assert_int_equal(fk.opens + fk.exchanges, 0);
	Nlg_wifi_done(&ws);
}

static void station_and_access_point(void **state)
{
	(void)state;
	struct Nlg_wifisrc ws = { .ops = &fake_ops };
	add_link("eth0", 2, NLG_IFACE_ETHERNET);
	add_link("wlan0", 3, NLG_IFACE_WIFI);
	add_link("ap0", 4, NLG_IFACE_WIFI);
	Nlg_wifi_read(&ws, proc, &links);
	const struct Nlg_raw_wifi *w = wifi_of("wlan0");
	assert_string_equal(w->source, "nl80211");
	assert_int_equal(w->mode, NLG_WIFI_MODE_STATION);
	assert_memory_equal(w->ssid, "office", 6);
	assert_int_equal(w->channel, 48);
	assert_int_equal(w->signal_dbm, -48);
	assert_int_equal(w->tx_bitrate, 1201000000ull);
	assert_false(w->has & NLG_WIFI_HAS_RX_BITRATE);
	assert_null(w->why);
	w = wifi_of("ap0");
	assert_int_equal(w->mode, NLG_WIFI_MODE_AP);
	assert_int_equal(w->stations, 3);
	assert_int_equal(fk.opens, 1);
	assert_int_equal(fk.exchanges, 5); /* family, then a do and a dump each */
	/* The socket stays open: the next read asks only about the links. */
	Nlg_wifi_read(&ws, proc, &links);
	assert_int_equal(fk.opens, 1);
	assert_int_equal(fk.exchanges, 9);
	assert_int_equal(wifi_of("ap0")->stations, 3); /* not 6: each read from nothing */
	Nlg_wifi_done(&ws);
	assert_int_equal(fk.closes, 1);
}

static void fallback_and_refusal(void **state)
{
	(void)state;
	struct Nlg_wifisrc ws = { .ops = &fake_ops };
	add_link("wext0", 5, NLG_IFACE_WIFI);
	add_link("wlan6", 6, NLG_IFACE_WIFI);
	add_link("wlan0", 3, NLG_IFACE_WIFI);
	Nlg_wifi_read(&ws, proc, &links);
	const struct Nlg_raw_wifi *w = wifi_of("wext0");
	assert_int_equal(w->has, NLG_WIFI_HAS_SIGNAL);
	assert_int_equal(w->signal_dbm, -70);
	assert_string_equal(w->source, "/proc/net/wireless");
	assert_string_equal(w->why, "the driver does not answer nl80211");
	w = wifi_of("wlan6");
	assert_int_equal(w->has, 0);
	assert_string_equal(w->why, "permission denied");
	/* Refusals end cleanly: the socket is kept, the next link is read. */
	assert_int_equal(fk.closes, 0);
	assert_string_equal(wifi_of("wlan0")->source, "nl80211");
	Nlg_wifi_done(&ws);
}

static void malformed_reply(void **state)
{
	(void)state;
	struct Nlg_wifisrc ws = { .ops = &fake_ops };
	add_link("bad0", 7, NLG_IFACE_WIFI);
	add_link("wlan0", 3, NLG_IFACE_WIFI);
	Nlg_wifi_read(&ws, proc, &links);
	assert_string_equal(wifi_of("bad0")->why, "malformed nl80211 reply");
	/* Replies may be left unread: the socket is closed, the other link
	 * of this read goes without, the next read starts afresh. */
	assert_int_equal(fk.closes, 1);
	assert_int_equal(fk.exchanges, 3);
	assert_string_equal(wifi_of("wlan0")->why, "malformed nl80211 reply");
	Nlg_raw_links_clear(&links);
	add_link("wlan0", 3, NLG_IFACE_WIFI);
	Nlg_wifi_read(&ws, proc, &links);
	assert_int_equal(fk.opens, 2);
	assert_string_equal(wifi_of("wlan0")->source, "nl80211");
	Nlg_wifi_done(&ws);
}

static void kernel_without_nl80211(void **state)
{
	(void)state;
	struct Nlg_wifisrc ws = { .ops = &fake_ops };
	fk.family_err = -ENOENT;
	add_link("wext0", 5, NLG_IFACE_WIFI);
	Nlg_wifi_read(&ws, proc, &links);
	assert_string_equal(wifi_of("wext0")->why, "no nl80211 in this kernel");
	assert_int_equal(wifi_of("wext0")->signal_dbm, -70);
	assert_int_equal(fk.opens, 1);
	assert_int_equal(fk.closes, 1);
	/* Asked again only every 64 reads (cfg80211 may be loaded later). */
	for (int i = 0; i < 63; i++)
		Nlg_wifi_read(&ws, proc, &links);
	assert_int_equal(fk.opens, 1);
	assert_string_equal(wifi_of("wext0")->why, "no nl80211 in this kernel");
	fk.family_err = 0;
	Nlg_raw_links_clear(&links);
	add_link("wlan0", 3, NLG_IFACE_WIFI);
	Nlg_wifi_read(&ws, proc, &links);
	assert_int_equal(fk.opens, 2);
	assert_string_equal(wifi_of("wlan0")->source, "nl80211");
	Nlg_wifi_done(&ws);
}

/* A removed link's final reading is not asked about. */
static void removed_link(void **state)
{
	(void)state;
	struct Nlg_wifisrc ws = { .ops = &fake_ops };
	add_link("wlan0", 3, NLG_IFACE_WIFI);
	links.links[0].removed = true;
	Nlg_wifi_read(&ws, proc, &links);
	assert_int_equal(fk.opens, 0);
	Nlg_wifi_done(&ws);
}

static int group_setup(void **state)
{
	(void)state;
	if (!mkdtemp(root))
		return -1;
	Nlg_fake_mkdirs(root, "net");
	Nlg_fake_put(root, "net/wireless",
		     "Inter-| sta-|   Quality        |   Discarded packets               | Missed | WE\n"
		     " face | tus | link level noise |  nwid  crypt   frag  retry   misc | beacon | 22\n"
		     " wext0: 0000   40.  -70.  -256        0      0      0      0      0        0\n");
	snprintf(proc, sizeof(proc), "%s", root);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	char cmd[600];
	Nlg_raw_links_done(&links);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(no_wifi_no_exchange, setup),
		cmocka_unit_test_setup(station_and_access_point, setup),
		cmocka_unit_test_setup(fallback_and_refusal, setup),
		cmocka_unit_test_setup(malformed_reply, setup),
		cmocka_unit_test_setup(kernel_without_nl80211, setup),
		cmocka_unit_test_setup(removed_link, setup),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
