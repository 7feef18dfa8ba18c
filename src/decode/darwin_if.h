/* SPDX-License-Identifier: MIT */
/*
 * darwin_if.h - decoders of macOS interface readings: the NET_RT_IFLIST2
 * routing messages and IFMIB_IFDATA's struct ifmibdata.
 *
 * Pure functions over byte buffers laid out as in darwin_layout.h. They
 * accept any buffer: a short, inconsistent or malformed one is rejected
 * with -EPROTO, and nothing outside [buf, buf + len) is ever read.
 */
#ifndef NLG_DECODE_DARWIN_IF_H
#define NLG_DECODE_DARWIN_IF_H

#include <stddef.h>
#include <stdint.h>

#include "decode/buf.h"
#include "core/raw.h"

/* Fills the type, MTU, speed and the 64-bit counters of out from a struct
 * if_data64 (d must hold NLG_DW_IFD64_SIZE bytes).
 * Return: 0 on success or -EPROTO when d is too short. */
int Nlg_dw_take_ifdata64(const struct Nlg_span *d, struct Nlg_raw_link *out);

/* Decodes one RTM_IFINFO2 message (struct if_msghdr2, then its
 * sockaddrs, of which the RTAX_IFP sockaddr_dl gives name and MAC).
 * Return: 0 on success or -EPROTO on a malformed message. */
int Nlg_dw_decode_ifmsg2(const uint8_t *msg, size_t len, struct Nlg_raw_link *out);

/* Decodes a whole NET_RT_IFLIST2 sysctl buffer, appending one reading per
 * RTM_IFINFO2 message to out and skipping the address messages.
 * Return: the number of interfaces appended, or a negative error code
 * (-EPROTO on a malformed buffer, -ENOMEM). On error, out keeps only the
 * readings it had before the call. */
int Nlg_dw_decode_iflist2(const uint8_t *buf, size_t len, struct Nlg_raw_links *out);

/* Decodes a struct ifmibdata from sysctl IFMIB_IFDATA / IFDATA_GENERAL:
 * name, flags and the untruncated 64-bit counters of its if_data64.
 * Return: 0 on success or -EPROTO on a short or malformed buffer. */
int Nlg_dw_decode_ifmibdata(const uint8_t *buf, size_t len, struct Nlg_raw_link *out);

#endif
