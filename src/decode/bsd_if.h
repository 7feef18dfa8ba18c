/* SPDX-License-Identifier: MIT */
/*
 * bsd_if.h - what the BSD family (macOS included) shares in interface
 * readings: the IFF_* flag bits; and each one's IFT_* interface types.
 */
#ifndef NLG_DECODE_BSD_IF_H
#define NLG_DECODE_BSD_IF_H

#include "core/raw.h"

/* The IFF_* bits, identical in xnu, FreeBSD and OpenBSD. */
#define NLG_BSD_IFF_UP          0x1
#define NLG_BSD_IFF_BROADCAST   0x2
#define NLG_BSD_IFF_LOOPBACK    0x8
#define NLG_BSD_IFF_POINTOPOINT 0x10
#define NLG_BSD_IFF_RUNNING     0x40
#define NLG_BSD_IFF_NOARP       0x80
#define NLG_BSD_IFF_PROMISC     0x100
#define NLG_BSD_IFF_MULTICAST   0x8000

/* Return: the NLG_IFF_* flags for BSD IFF_* flags. */
unsigned Nlg_bsd_map_flags(uint32_t kflags);

/* Return: UP when the interface is up and running, DOWN otherwise (the
 * BSDs keep no RFC 2863 state in their interface flags). */
enum nlg_oper_state Nlg_bsd_oper(uint32_t kflags);

/* FreeBSD's net/if_types.h, where it differs from xnu's (darwin_layout.h
 * has xnu's): asserted against the header in src/platform/freebsd/ifdata.c. */
#define NLG_FB_IFT_GIF            0xf0
#define NLG_FB_IFT_STF            0xd7
#define NLG_FB_IFT_IEEE8023ADLAG  0xa1
#define NLG_FB_IFT_TUNNEL         0x83
#define NLG_FB_IFT_INFINIBAND     0xc7
#define NLG_FB_IFT_ENC            0xf4
#define NLG_FB_IFT_PFLOG          0xf6
#define NLG_FB_IFT_PFSYNC         0xf7

/* One system's IFT_* numbering of the types that classify an interface
 * (besides those the systems share, which bsd_if.c keeps once):
 * the values are not IANA's for the BSDs' own pseudo-interfaces, and
 * xnu and FreeBSD chose differently (pflog is 0xf5 on one, 0xf6 on the
 * other, where the other has pfsync). */
struct Nlg_bsd_iftype {
	uint8_t ift;
	enum nlg_iface_type type;
	const char *kind;
};
struct Nlg_bsd_iftypes {
	const struct Nlg_bsd_iftype *v;
	size_t n;
};
extern const struct Nlg_bsd_iftypes Nlg_bsd_iftypes_xnu;
extern const struct Nlg_bsd_iftypes Nlg_bsd_iftypes_freebsd;

/* Return: the type of an interface from its IFT_* value in table t.
 * Wi-Fi adapters report IFT_ETHER on macOS and are classified as
 * Ethernet here. */
enum nlg_iface_type Nlg_bsd_classify(const struct Nlg_bsd_iftypes *t, uint8_t ift);

/* Return: a short kind name for virtual IFT_* values of table t, or "". */
const char *Nlg_bsd_kind(const struct Nlg_bsd_iftypes *t, uint8_t ift);

#endif
