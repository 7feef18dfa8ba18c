/* SPDX-License-Identifier: MIT */
/* iface.c - the public accessors of an interface. */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "netledger.h"
#include "core/iface.h"

static bool valid_counter(enum nlg_counter c)
{
	return (unsigned)c < NLG_COUNTER_COUNT;
}

const char *nlg_iface_name(const struct nlg_iface *it) { return it->last.name; }
int nlg_iface_index(const struct nlg_iface *it) { return it->last.ifindex; }
enum nlg_iface_type nlg_iface_type(const struct nlg_iface *it) { return it->last.type; }
const char *nlg_iface_kind(const struct nlg_iface *it) { return it->last.kind; }
unsigned nlg_iface_flags(const struct nlg_iface *it) { return it->last.flags; }
enum nlg_oper_state nlg_iface_oper_state(const struct nlg_iface *it) { return it->last.oper; }
unsigned nlg_iface_mtu(const struct nlg_iface *it) { return it->last.mtu; }
uint64_t nlg_iface_speed_mbps(const struct nlg_iface *it) { return it->last.speed_mbps; }
bool nlg_iface_gone(const struct nlg_iface *it) { return it->gone; }
uint64_t nlg_iface_first_seen_ns(const struct nlg_iface *it) { return it->first_seen_ns; }
uint64_t nlg_iface_last_seen_ns(const struct nlg_iface *it) { return it->last_seen_ns; }
uint64_t nlg_iface_wraps(const struct nlg_iface *it) { return it->wraps; }
uint64_t nlg_iface_resets(const struct nlg_iface *it) { return it->resets; }
size_t nlg_iface_addr_count(const struct nlg_iface *it) { return it->naddrs; }

size_t nlg_iface_mac(const struct nlg_iface *it, const uint8_t **mac)
{
	if (mac)
		*mac = it->last.mac;
	return it->last.mac_len;
}

const struct nlg_addr *nlg_iface_addr_at(const struct nlg_iface *it, size_t i)
{
	return i < it->naddrs ? &it->addrs[i] : NULL;
}

bool nlg_iface_has_counter(const struct nlg_iface *it, enum nlg_counter c)
{
	return valid_counter(c) && (it->last.counter_mask & (1u << c));
}

uint64_t nlg_iface_total(const struct nlg_iface *it, enum nlg_counter c)
{
	return nlg_iface_has_counter(it, c) ? it->acc[c].total : 0;
}

uint64_t nlg_iface_since_start(const struct nlg_iface *it, enum nlg_counter c)
{
	return nlg_iface_has_counter(it, c) ? it->acc[c].since_start : 0;
}

double nlg_iface_rate(const struct nlg_iface *it, enum nlg_counter c)
{
	return nlg_iface_has_counter(it, c) ? Nlg_acc_rate(&it->acc[c], it->dt_ns) : 0.0;
}

int nlg_iface_wifi(const struct nlg_iface *it, struct nlg_wifi *out)
{
	const struct Nlg_raw_wifi *w = &it->last.wifi;
	memset(out, 0, sizeof(*out));
	out->source = "";
	out->why = "";
	if (it->gone || it->last.type != NLG_IFACE_WIFI)
		return -ENODEV;
	out->has = w->has;
	out->mode = w->mode;
	out->ssid_len = w->ssid_len <= sizeof(out->ssid) ? w->ssid_len : sizeof(out->ssid);
	memcpy(out->ssid, w->ssid, out->ssid_len);
	memcpy(out->bssid, w->bssid, sizeof(out->bssid));
	out->freq_mhz = w->freq_mhz;
	out->channel = w->channel;
	out->signal_dbm = w->signal_dbm;
	out->signal_avg_dbm = w->signal_avg_dbm;
	out->rx_bitrate = w->rx_bitrate;
	out->tx_bitrate = w->tx_bitrate;
	out->stations = w->stations;
	out->source = w->source ? w->source : "";
	out->why = w->why ? w->why : (w->has ? "" : "not read by this platform");
	return 0;
}

uint64_t nlg_iface_netns(const struct nlg_iface *iface)
{
	return iface->last.netns;
}

const char *nlg_iface_netns_name(const struct nlg_iface *iface)
{
	return iface->last.netns_name;
}
