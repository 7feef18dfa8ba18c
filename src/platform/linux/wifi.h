/* SPDX-License-Identifier: MIT */
/*
 * wifi.h - link quality of wireless interfaces: nl80211 over generic
 * netlink, opened only once a wireless interface exists, and the signal
 * level from /proc/net/wireless where nl80211 has nothing to say.
 */
#ifndef NLG_LINUX_WIFI_H
#define NLG_LINUX_WIFI_H

#include <stdint.h>

#include "platform/linux/netlink.h"
#include "platform/platform.h"

struct nlg_wifisrc {
	struct nlg_nl genl;      /* sock unset until a wireless interface exists */
	uint16_t family;         /* nl80211's id; 0 until resolved */
	int err;                 /* why nl80211 cannot be asked; 0 when it can */
	unsigned retry;          /* reads left before a refused nl80211 is tried again */
};

/* Fills the wifi field of every present wireless link in out. Costs
 * nothing when there is none. Failures become each link's "why"; none is
 * fatal to the sample. */
void nlg_wifi_read(struct nlg_wifisrc *ws, const char *procfs_root, struct nlg_raw_links *out);

void nlg_wifi_done(struct nlg_wifisrc *ws);

#endif
