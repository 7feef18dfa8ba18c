/* SPDX-License-Identifier: MIT */
#include "decode/bsd_if.h"
#include "decode/darwin_layout.h"

unsigned Nlg_bsd_map_flags(uint32_t kflags)
{
	static const struct { uint32_t k; unsigned n; } map[] = {
		{ NLG_BSD_IFF_UP, NLG_IFF_UP },
		{ NLG_BSD_IFF_RUNNING, NLG_IFF_RUNNING },
		{ NLG_BSD_IFF_LOOPBACK, NLG_IFF_LOOPBACK },
		{ NLG_BSD_IFF_BROADCAST, NLG_IFF_BROADCAST },
		{ NLG_BSD_IFF_MULTICAST, NLG_IFF_MULTICAST },
		{ NLG_BSD_IFF_POINTOPOINT, NLG_IFF_POINTOPOINT },
		{ NLG_BSD_IFF_PROMISC, NLG_IFF_PROMISC },
		{ NLG_BSD_IFF_NOARP, NLG_IFF_NOARP },
	};
	unsigned f = 0;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (kflags & map[i].k)
			f |= map[i].n;
	return f;
}

enum nlg_oper_state Nlg_bsd_oper(uint32_t kflags)
{
	uint32_t both = NLG_BSD_IFF_UP | NLG_BSD_IFF_RUNNING;
	return (kflags & both) == both ? NLG_OPER_UP : NLG_OPER_DOWN;
}

/* The types both systems number alike (IANA's, and enc). */
static const struct Nlg_bsd_iftype common_types[] = {
	{ NLG_DW_IFT_ETHER, NLG_IFACE_ETHERNET, "" },
	{ NLG_DW_IFT_LOOP, NLG_IFACE_LOOPBACK, "" },
	{ NLG_DW_IFT_IEEE80211, NLG_IFACE_WIFI, "" },
	{ NLG_DW_IFT_PPP, NLG_IFACE_VIRTUAL, "ppp" },
	{ NLG_DW_IFT_PROPVIRTUAL, NLG_IFACE_VIRTUAL, "virtual" },
	{ NLG_DW_IFT_L2VLAN, NLG_IFACE_VIRTUAL, "vlan" },
	{ NLG_DW_IFT_BRIDGE, NLG_IFACE_VIRTUAL, "bridge" },
	{ NLG_DW_IFT_ENC, NLG_IFACE_VIRTUAL, "enc" },
};

static const struct Nlg_bsd_iftype xnu_types[] = {
	{ NLG_DW_IFT_CELLULAR, NLG_IFACE_CELLULAR, "" },
	{ NLG_DW_IFT_GIF, NLG_IFACE_VIRTUAL, "gif" },
	{ NLG_DW_IFT_STF, NLG_IFACE_VIRTUAL, "stf" },
	{ NLG_DW_IFT_IEEE8023ADLAG, NLG_IFACE_VIRTUAL, "lagg" },
	{ NLG_DW_IFT_PFLOG, NLG_IFACE_VIRTUAL, "pflog" },
	{ NLG_DW_IFT_PFSYNC, NLG_IFACE_VIRTUAL, "pfsync" },
};

static const struct Nlg_bsd_iftype freebsd_types[] = {
	{ NLG_FB_IFT_GIF, NLG_IFACE_VIRTUAL, "gif" },
	{ NLG_FB_IFT_STF, NLG_IFACE_VIRTUAL, "stf" },
	{ NLG_FB_IFT_IEEE8023ADLAG, NLG_IFACE_VIRTUAL, "lagg" },
	{ NLG_FB_IFT_TUNNEL, NLG_IFACE_VIRTUAL, "tunnel" },
	{ NLG_FB_IFT_INFINIBAND, NLG_IFACE_OTHER, "infiniband" },
	{ NLG_FB_IFT_PFLOG, NLG_IFACE_VIRTUAL, "pflog" },
	{ NLG_FB_IFT_PFSYNC, NLG_IFACE_VIRTUAL, "pfsync" },
};

#define TABLE(t) { t, sizeof(t) / sizeof(t[0]) }
const struct Nlg_bsd_iftypes Nlg_bsd_iftypes_xnu = TABLE(xnu_types);
const struct Nlg_bsd_iftypes Nlg_bsd_iftypes_freebsd = TABLE(freebsd_types);
static const struct Nlg_bsd_iftypes common = TABLE(common_types);

static const struct Nlg_bsd_iftype *find_in(const struct Nlg_bsd_iftypes *t, uint8_t ift)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].ift == ift)
			return &t->v[i];
	return NULL;
}

/* The system's own numbers first, then those it shares. */
static const struct Nlg_bsd_iftype *find(const struct Nlg_bsd_iftypes *t, uint8_t ift)
{
	const struct Nlg_bsd_iftype *e = find_in(t, ift);
	return e ? e : find_in(&common, ift);
}

enum nlg_iface_type Nlg_bsd_classify(const struct Nlg_bsd_iftypes *t, uint8_t ift)
{
	const struct Nlg_bsd_iftype *e = find(t, ift);
	return e ? e->type : NLG_IFACE_OTHER;
}

const char *Nlg_bsd_kind(const struct Nlg_bsd_iftypes *t, uint8_t ift)
{
	const struct Nlg_bsd_iftype *e = find(t, ift);
	return e ? e->kind : "";
}
