/* SPDX-License-Identifier: MIT */
/*
 * nl80211.h - decoders of the generic netlink replies that wireless link
 * quality comes from: the controller's family reply (nl80211's id), an
 * interface (mode, SSID, frequency) and a station (signal, bitrates).
 * Pure functions over bytes: they trust no length and never read past it,
 * so the unit tests and the fuzzer run them on any machine.
 */
#ifndef NLG_LINUX_NL80211_H
#define NLG_LINUX_NL80211_H

#include <stddef.h>
#include <stdint.h>
#include <linux/netlink.h>

#include "platform/platform.h"

/* Return: 0 with *id set from a CTRL_CMD_NEWFAMILY reply naming nl80211,
 * -ENOENT for another family, or -EPROTO for a malformed message. */
int Nlg_nl80211_parse_family(const struct nlmsghdr *nlh, uint16_t *id);

/*
 * Adds an NL80211_CMD_NEW_INTERFACE reply (mode, SSID, frequency) to w;
 * *ifindex (may be NULL) gets the interface it describes.
 * Return: 0, or -EPROTO for a malformed message (w unchanged).
 */
int Nlg_nl80211_parse_iface(const struct nlmsghdr *nlh, struct Nlg_raw_wifi *w, int *ifindex);

/*
 * Adds one NL80211_CMD_NEW_STATION reply to w: it counts the station, and
 * the first one a station interface reports (its access point) gives the
 * BSSID, signal, average signal and bitrates.
 * Return: 0, or -EPROTO for a malformed message (w unchanged).
 */
int Nlg_nl80211_parse_station(const struct nlmsghdr *nlh, struct Nlg_raw_wifi *w);

/*
 * Decodes every message of a received buffer of nl80211 replies (family
 * is nl80211's id) into w, skipping control messages, then settles what
 * the replies mean together (Nlg_nl80211_finish).
 * Return: 0, or -EPROTO when a message or an attribute is malformed.
 */
int Nlg_nl80211_parse_buf(const void *buf, size_t len, uint16_t family, struct Nlg_raw_wifi *w);

/* Settles the fields that depend on both replies: a station interface
 * with no access point is "not associated"; stations are counted only on
 * access points and mesh points. */
void Nlg_nl80211_finish(struct Nlg_raw_wifi *w);

#endif
