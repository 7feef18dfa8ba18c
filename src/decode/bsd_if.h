/* SPDX-License-Identifier: MIT */
/*
 * bsd_if.h - what the BSD family (macOS included) shares in interface
 * readings: the IFF_* flag bits and the IFT_* interface types.
 */
#ifndef NLG_DECODE_BSD_IF_H
#define NLG_DECODE_BSD_IF_H

#include "platform/platform.h"

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
unsigned nlg_bsd_map_flags(uint32_t kflags);

/* Return: UP when the interface is up and running, DOWN otherwise (the
 * BSDs keep no RFC 2863 state in their interface flags). */
enum nlg_oper_state nlg_bsd_oper(uint32_t kflags);

/* Return: the type of an interface from its IFT_* value (xnu numbering,
 * which agrees with FreeBSD's for every value listed). Wi-Fi adapters
 * report IFT_ETHER on macOS and are classified as Ethernet here. */
enum nlg_iface_type nlg_bsd_classify(uint8_t ift);

/* Return: a short kind name for virtual IFT_* values, or "". */
const char *nlg_bsd_kind(uint8_t ift);

#endif
