/* SPDX-License-Identifier: MIT */
#include <linux/if_arp.h>

#include "platform/linux/classify.h"

#ifndef ARPHRD_RAWIP
#define ARPHRD_RAWIP 519
#endif

enum nlg_iface_type Nlg_linux_classify(uint16_t hwtype, const char *kind, unsigned hints)
{
	if (hwtype == ARPHRD_LOOPBACK)
		return NLG_IFACE_LOOPBACK;
	/* Only software devices register an rtnetlink kind: veth, bridge,
	 * bond, vlan, macvlan, vxlan, wireguard, tun, dummy, ifb, gre, ... */
	if (kind && kind[0])
		return NLG_IFACE_VIRTUAL;
	if (hints & NLG_HINT_WIRELESS)
		return NLG_IFACE_WIFI;
	if ((hints & NLG_HINT_WWAN) || hwtype == ARPHRD_RAWIP)
		return NLG_IFACE_CELLULAR;
	if (hwtype == ARPHRD_IEEE80211 || hwtype == ARPHRD_IEEE80211_RADIOTAP ||
	    hwtype == ARPHRD_IEEE80211_PRISM)
		return NLG_IFACE_WIFI;
	if (hints & NLG_HINT_VIRTUAL)
		return NLG_IFACE_VIRTUAL;
	if (hwtype == ARPHRD_NONE || hwtype == ARPHRD_VOID)
		return NLG_IFACE_VIRTUAL;
	if (hwtype == ARPHRD_ETHER)
		return NLG_IFACE_ETHERNET;
	return NLG_IFACE_OTHER;
}
