/* SPDX-License-Identifier: MIT */
/* nl80211_parse.c - decodes nl80211 and genl controller replies. */
#include <errno.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/nl80211.h>

#include "platform/linux/nl80211.h"
#include "platform/linux/nlmsg.h"

/* The highest attribute type kept in a table; higher types are skipped. */
#define TB_MAX 64

struct table {
	const struct nlattr *a[TB_MAX + 1];
};

/* libmnl stops silently at an attribute that overruns its container, so
 * the walk itself checks that the attributes fill the space exactly.
 * Return: 0, or -EPROTO. */
static int attrs_whole(const void *p, size_t len)
{
	size_t off = 0;
	while (off < len) {
		struct nlattr a;
		if (len - off < sizeof(a))
			return -EPROTO;
		memcpy(&a, (const char *)p + off, sizeof(a));
		if (a.nla_len < sizeof(a) || a.nla_len > len - off)
			return -EPROTO;
		size_t step = MNL_ALIGN((size_t)a.nla_len);
		off = step < len - off ? off + step : len;
	}
	return 0;
}

static int collect(const struct nlattr *attr, void *data)
{
	struct table *tb = data;
	uint16_t type = mnl_attr_get_type(attr);
	if (type <= TB_MAX)
		tb->a[type] = attr;
	return MNL_CB_OK;
}

/* Fills tb from the attributes after the genl header. Return: 0 or -EPROTO. */
static int parse_genl(const struct nlmsghdr *nlh, struct table *tb)
{
	size_t off = MNL_ALIGN(sizeof(struct genlmsghdr));
	memset(tb, 0, sizeof(*tb));
	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + off)
		return -EPROTO;
	if (attrs_whole((const char *)nlh + MNL_NLMSG_HDRLEN + off,
			nlh->nlmsg_len - MNL_NLMSG_HDRLEN - off) < 0)
		return -EPROTO;
	return mnl_attr_parse(nlh, (unsigned)off, collect, tb) == MNL_CB_ERROR ? -EPROTO : 0;
}

static int parse_nested(const struct nlattr *nest, struct table *tb)
{
	memset(tb, 0, sizeof(*tb));
	if (attrs_whole(mnl_attr_get_payload(nest), mnl_attr_get_payload_len(nest)) < 0)
		return -EPROTO;
	return mnl_attr_parse_nested(nest, collect, tb) == MNL_CB_ERROR ? -EPROTO : 0;
}

/* Return: true when the attribute is absent or holds at least size bytes. */
static bool fits(const struct nlattr *a, size_t size)
{
	return !a || mnl_attr_get_payload_len(a) >= size;
}

static uint8_t cmd_of(const struct nlmsghdr *nlh)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	return g->cmd;
}

int Nlg_nl80211_parse_family(const struct nlmsghdr *nlh, uint16_t *id)
{
	struct table tb;
	if (parse_genl(nlh, &tb) < 0 || cmd_of(nlh) != CTRL_CMD_NEWFAMILY)
		return -EPROTO;
	const struct nlattr *name = tb.a[CTRL_ATTR_FAMILY_NAME];
	const struct nlattr *fid = tb.a[CTRL_ATTR_FAMILY_ID];
	if (!name || !fid || mnl_attr_validate(name, MNL_TYPE_NUL_STRING) < 0 ||
	    mnl_attr_validate(fid, MNL_TYPE_U16) < 0)
		return -EPROTO;
	if (strcmp(mnl_attr_get_str(name), NL80211_GENL_NAME) != 0)
		return -ENOENT;
	*id = mnl_attr_get_u16(fid);
	return 0;
}

static enum nlg_wifi_mode map_mode(uint32_t t)
{
	switch (t) {
	case NL80211_IFTYPE_STATION:
	case NL80211_IFTYPE_P2P_CLIENT:
		return NLG_WIFI_MODE_STATION;
	case NL80211_IFTYPE_AP:
	case NL80211_IFTYPE_P2P_GO:
		return NLG_WIFI_MODE_AP;
	case NL80211_IFTYPE_MESH_POINT:
		return NLG_WIFI_MODE_MESH;
	case NL80211_IFTYPE_ADHOC:
		return NLG_WIFI_MODE_ADHOC;
	case NL80211_IFTYPE_MONITOR:
		return NLG_WIFI_MODE_MONITOR;
	default:
		return NLG_WIFI_MODE_OTHER;
	}
}

int Nlg_nl80211_parse_iface(const struct nlmsghdr *nlh, struct Nlg_raw_wifi *w, int *ifindex)
{
	struct table tb;
	if (parse_genl(nlh, &tb) < 0 || cmd_of(nlh) != NL80211_CMD_NEW_INTERFACE)
		return -EPROTO;
	const struct nlattr *type = tb.a[NL80211_ATTR_IFTYPE], *ssid = tb.a[NL80211_ATTR_SSID];
	const struct nlattr *freq = tb.a[NL80211_ATTR_WIPHY_FREQ], *idx = tb.a[NL80211_ATTR_IFINDEX];
	if (!fits(type, 4) || !fits(freq, 4) || !fits(idx, 4) ||
	    (ssid && mnl_attr_get_payload_len(ssid) > sizeof(w->ssid)))
		return -EPROTO;
	if (ifindex)
		*ifindex = idx ? (int)mnl_attr_get_u32(idx) : 0;
	if (type) {
		w->mode = map_mode(mnl_attr_get_u32(type));
		w->has |= NLG_WIFI_HAS_MODE;
	}
	if (ssid) {
		w->ssid_len = (uint8_t)mnl_attr_get_payload_len(ssid);
		memcpy(w->ssid, mnl_attr_get_payload(ssid), w->ssid_len);
		w->has |= NLG_WIFI_HAS_SSID;
	}
	if (freq && mnl_attr_get_u32(freq)) {
		w->freq_mhz = mnl_attr_get_u32(freq);
		w->has |= NLG_WIFI_HAS_FREQ;
	}
	return 0;
}

/* Return: a rate_info nest's bitrate in bits per second, 0 when it has
 * none, or -EPROTO (as UINT64_MAX) when it is malformed. */
static uint64_t bitrate(const struct nlattr *nest)
{
	struct table tb;
	if (parse_nested(nest, &tb) < 0)
		return UINT64_MAX;
	const struct nlattr *r32 = tb.a[NL80211_RATE_INFO_BITRATE32];
	const struct nlattr *r16 = tb.a[NL80211_RATE_INFO_BITRATE];
	if (!fits(r32, 4) || !fits(r16, 2))
		return UINT64_MAX;
	/* Both count units of 100 kbit/s; the 32-bit one exists because
	 * the 16-bit one overflows above 6.5 Gbit/s. */
	if (r32)
		return (uint64_t)mnl_attr_get_u32(r32) * 100000;
	if (r16)
		return (uint64_t)mnl_attr_get_u16(r16) * 100000;
	return 0;
}

struct sta {
	bool has_signal, has_avg;
	int8_t signal, avg;
	uint64_t rx, tx;
};

static int parse_sta_info(const struct nlattr *nest, struct sta *s)
{
	struct table tb;
	if (parse_nested(nest, &tb) < 0)
		return -EPROTO;
	const struct nlattr *sig = tb.a[NL80211_STA_INFO_SIGNAL];
	const struct nlattr *avg = tb.a[NL80211_STA_INFO_SIGNAL_AVG];
	const struct nlattr *rx = tb.a[NL80211_STA_INFO_RX_BITRATE];
	const struct nlattr *tx = tb.a[NL80211_STA_INFO_TX_BITRATE];
	if (!fits(sig, 1) || !fits(avg, 1))
		return -EPROTO;
	/* dBm as a signed byte. */
	if (sig) {
		s->has_signal = true;
		s->signal = (int8_t)mnl_attr_get_u8(sig);
	}
	if (avg) {
		s->has_avg = true;
		s->avg = (int8_t)mnl_attr_get_u8(avg);
	}
	if ((rx && (s->rx = bitrate(rx)) == UINT64_MAX) ||
	    (tx && (s->tx = bitrate(tx)) == UINT64_MAX))
		return -EPROTO;
	return 0;
}

int Nlg_nl80211_parse_station(const struct nlmsghdr *nlh, struct Nlg_raw_wifi *w)
{
	struct table tb;
	struct sta s = { 0 };
	if (parse_genl(nlh, &tb) < 0 || cmd_of(nlh) != NL80211_CMD_NEW_STATION)
		return -EPROTO;
	const struct nlattr *mac = tb.a[NL80211_ATTR_MAC], *info = tb.a[NL80211_ATTR_STA_INFO];
	if (mac && mnl_attr_get_payload_len(mac) != sizeof(w->bssid))
		return -EPROTO;
	if (info && parse_sta_info(info, &s) < 0)
		return -EPROTO;
	bool first = w->stations == 0;
	w->stations++;
	w->has |= NLG_WIFI_HAS_STATIONS;
	if (!first)
		return 0;
	/* On a station interface the one station is its access point. */
	if (mac) {
		memcpy(w->bssid, mnl_attr_get_payload(mac), sizeof(w->bssid));
		w->has |= NLG_WIFI_HAS_BSSID;
	}
	w->signal_dbm = s.signal;
	w->signal_avg_dbm = s.avg;
	w->rx_bitrate = s.rx;
	w->tx_bitrate = s.tx;
	w->has |= (s.has_signal ? NLG_WIFI_HAS_SIGNAL : 0) | (s.has_avg ? NLG_WIFI_HAS_SIGNAL_AVG : 0) |
		  (s.rx ? NLG_WIFI_HAS_RX_BITRATE : 0) | (s.tx ? NLG_WIFI_HAS_TX_BITRATE : 0);
	return 0;
}

void Nlg_nl80211_finish(struct Nlg_raw_wifi *w)
{
	static const unsigned per_link = NLG_WIFI_HAS_BSSID | NLG_WIFI_HAS_SIGNAL |
					 NLG_WIFI_HAS_SIGNAL_AVG | NLG_WIFI_HAS_RX_BITRATE |
					 NLG_WIFI_HAS_TX_BITRATE;
	bool counts = w->mode == NLG_WIFI_MODE_AP || w->mode == NLG_WIFI_MODE_MESH;

	if (counts)
		w->has |= NLG_WIFI_HAS_STATIONS;
	else
		w->has &= ~NLG_WIFI_HAS_STATIONS;
	/* An access point's first station says nothing of the AP's link. */
	if (w->mode != NLG_WIFI_MODE_STATION && w->mode != NLG_WIFI_MODE_ADHOC)
		w->has &= ~per_link;
	if (w->has & NLG_WIFI_HAS_FREQ)
		w->channel = Nlg_wifi_channel(w->freq_mhz);
	if (w->mode == NLG_WIFI_MODE_STATION && !(w->has & NLG_WIFI_HAS_BSSID)) {
		w->has &= ~(NLG_WIFI_HAS_SSID | NLG_WIFI_HAS_FREQ);
		w->why = "not associated";
	}
}

int Nlg_nl80211_parse_buf(const void *buf, size_t len, uint16_t family, struct Nlg_raw_wifi *w)
{
	const struct nlmsghdr *nlh = buf;
	int left = (int)len;

	if (len > INT32_MAX || Nlg_nlmsg_check(buf, len) < 0)
		return -EPROTO;
	for (; mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left)) {
		if (nlh->nlmsg_type < NLMSG_MIN_TYPE)
			continue;
		if (nlh->nlmsg_type != family ||
		    mnl_nlmsg_get_payload_len(nlh) < sizeof(struct genlmsghdr))
			return -EPROTO;
		int err;
		if (cmd_of(nlh) == NL80211_CMD_NEW_INTERFACE)
			err = Nlg_nl80211_parse_iface(nlh, w, NULL);
		else if (cmd_of(nlh) == NL80211_CMD_NEW_STATION)
			err = Nlg_nl80211_parse_station(nlh, w);
		else
			err = -EPROTO;
		if (err < 0)
			return err;
	}
	Nlg_nl80211_finish(w);
	return 0;
}
