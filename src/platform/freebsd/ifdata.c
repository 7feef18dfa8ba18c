/* SPDX-License-Identifier: MIT */
/*
 * ifdata.c - FreeBSD interfaces from getifaddrs(): the AF_LINK entry of
 * each interface carries its struct if_data (64-bit counters since
 * FreeBSD 11) and its sockaddr_dl (name, MAC); the AF_INET and AF_INET6
 * entries carry its addresses.
 */
#include <errno.h>
#include <ifaddrs.h>
#include <string.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <net/if.h>
#include <net/if_dl.h>
#include <net/if_types.h>
#include <netinet/in.h>

#include "decode/bsd_if.h"
#include "decode/darwin_layout.h"
#include "platform/bsd/ifaddr.h"
#include "platform/freebsd/ifdata.h"

_Static_assert(sizeof(((struct if_data *)0)->ifi_ibytes) == 8, "64-bit if_data counters");
/* The FreeBSD interface types of Nlg_bsd_iftypes_freebsd */
_Static_assert(IFT_GIF == NLG_FB_IFT_GIF && IFT_STF == NLG_FB_IFT_STF &&
	       IFT_IEEE8023ADLAG == NLG_FB_IFT_IEEE8023ADLAG && IFT_TUNNEL == NLG_FB_IFT_TUNNEL &&
	       IFT_INFINIBAND == NLG_FB_IFT_INFINIBAND && IFT_ENC == NLG_FB_IFT_ENC &&
	       IFT_PFLOG == NLG_FB_IFT_PFLOG && IFT_PFSYNC == NLG_FB_IFT_PFSYNC,
	       "FreeBSD's if_types.h");
_Static_assert(IFT_ETHER == NLG_DW_IFT_ETHER && IFT_LOOP == NLG_DW_IFT_LOOP &&
	       IFT_IEEE80211 == NLG_DW_IFT_IEEE80211 && IFT_PPP == NLG_DW_IFT_PPP &&
	       IFT_PROPVIRTUAL == NLG_DW_IFT_PROPVIRTUAL && IFT_L2VLAN == NLG_DW_IFT_L2VLAN &&
	       IFT_BRIDGE == NLG_DW_IFT_BRIDGE, "IANA's interface types");

static void take_counters(const struct if_data *d, struct Nlg_raw_link *l)
{
	static const struct { enum nlg_counter c; size_t off; } map[] = {
		{ NLG_RX_PACKETS, offsetof(struct if_data, ifi_ipackets) },
		{ NLG_RX_ERRORS, offsetof(struct if_data, ifi_ierrors) },
		{ NLG_TX_PACKETS, offsetof(struct if_data, ifi_opackets) },
		{ NLG_TX_ERRORS, offsetof(struct if_data, ifi_oerrors) },
		{ NLG_COLLISIONS, offsetof(struct if_data, ifi_collisions) },
		{ NLG_RX_BYTES, offsetof(struct if_data, ifi_ibytes) },
		{ NLG_TX_BYTES, offsetof(struct if_data, ifi_obytes) },
		{ NLG_MULTICAST, offsetof(struct if_data, ifi_imcasts) },
		{ NLG_RX_DROPPED, offsetof(struct if_data, ifi_iqdrops) },
		{ NLG_TX_DROPPED, offsetof(struct if_data, ifi_oqdrops) },
		{ NLG_RX_NOHANDLER, offsetof(struct if_data, ifi_noproto) },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		uint64_t v;
		memcpy(&v, (const char *)d + map[i].off, sizeof(v));
		l->counters[map[i].c] = v;
		l->counter_mask |= 1u << map[i].c;
	}
	l->counter_width = 64;
}

/* Return: 0 with one reading from an AF_LINK entry, or -EPROTO. */
static int take_link(const struct ifaddrs *ifa, struct Nlg_raw_link *l)
{
	const struct sockaddr_dl *sdl = (const void *)ifa->ifa_addr;
	const struct if_data *d = ifa->ifa_data;
	size_t nlen = strnlen(ifa->ifa_name, NLG_NAME_MAX);

	if (!d || nlen >= NLG_NAME_MAX || sdl->sdl_alen > NLG_MAC_MAX)
		return -EPROTO;
	memcpy(l->name, ifa->ifa_name, nlen + 1);
	l->ifindex = sdl->sdl_index;
	l->flags = Nlg_bsd_map_flags(ifa->ifa_flags);
	l->oper = Nlg_bsd_oper(ifa->ifa_flags);
	l->type = Nlg_bsd_classify(&Nlg_bsd_iftypes_freebsd, d->ifi_type);
	strlcpy(l->kind, Nlg_bsd_kind(&Nlg_bsd_iftypes_freebsd, d->ifi_type), sizeof(l->kind));
	l->mtu = d->ifi_mtu;
	l->speed_mbps = d->ifi_baudrate / 1000000u;
	memcpy(l->mac, LLADDR(sdl), sdl->sdl_alen);
	l->mac_len = sdl->sdl_alen;
	take_counters(d, l);
	return 0;
}

static int take_entry(const struct ifaddrs *ifa, struct Nlg_raw_links *out)
{
	int family = ifa->ifa_addr ? ifa->ifa_addr->sa_family : AF_UNSPEC;
	if (family == AF_LINK) {
		struct Nlg_raw_link *l = Nlg_raw_links_push(out);
		if (!l)
			return -ENOMEM;
		if (take_link(ifa, l) < 0)
			out->nlinks--; /* an entry without statistics: skip it */
	} else if (family == AF_INET || family == AF_INET6) {
		struct Nlg_raw_addr *ra = Nlg_raw_addrs_push(out);
		if (!ra)
			return -ENOMEM;
		Nlg_bsd_take_addr(ifa, ra);
	}
	return 0;
}

int Nlg_fbsd_read_ifdata(struct Nlg_raw_links *out, struct Nlg_errbuf *eb)
{
	struct ifaddrs *list;

	if (getifaddrs(&list) < 0)
		return Nlg_fail(eb, -errno, "getifaddrs: %s", strerror(errno));
	for (const struct ifaddrs *ifa = list; ifa; ifa = ifa->ifa_next) {
		if (take_entry(ifa, out) < 0) {
			freeifaddrs(list);
			return Nlg_fail(eb, -ENOMEM, "out of memory");
		}
	}
	freeifaddrs(list);
	out->have_addrs = true;
	return 0;
}
