/* SPDX-License-Identifier: MIT */
/*
 * ntstat_layout.h - the byte layout of the macOS network-statistics
 * kernel control (com.apple.network.statistics), __NSTAT_REVISION__ 9
 * (xnu-4570, macOS 10.13, and later).
 *
 * ntstat.h is private: it is not in the SDK, so these offsets were
 * computed from xnu's bsd/net/ntstat.h of each release listed below and
 * are checked against fixtures only, not against a compiler.
 */
#ifndef NLG_DECODE_NTSTAT_LAYOUT_H
#define NLG_DECODE_NTSTAT_LAYOUT_H

/* Message types */
#define NLG_NSTAT_SUCCESS             0
#define NLG_NSTAT_ERROR               1
#define NLG_NSTAT_ADD_ALL_SRCS        1002
#define NLG_NSTAT_QUERY_SRC           1004
#define NLG_NSTAT_GET_SRC_DESC        1005
#define NLG_NSTAT_GET_UPDATE          1007
#define NLG_NSTAT_SRC_ADDED           10001
#define NLG_NSTAT_SRC_REMOVED         10002
#define NLG_NSTAT_SRC_DESC            10003
#define NLG_NSTAT_SRC_COUNTS          10004
#define NLG_NSTAT_SYSINFO_COUNTS      10005
#define NLG_NSTAT_SRC_UPDATE          10006
#define NLG_NSTAT_SRC_EXTENDED_UPDATE 10007

/* Header flags */
#define NLG_NSTAT_F_SUPPORTS_AGGREGATE   0x01
#define NLG_NSTAT_F_CONTINUATION         0x02
#define NLG_NSTAT_F_CLOSING              0x04
#define NLG_NSTAT_F_CLOSED_AFTER_DROP    0x08
#define NLG_NSTAT_F_CLOSED_AFTER_FILTER  0x10

/* Providers */
#define NLG_NSTAT_PROVIDER_ROUTE         1
#define NLG_NSTAT_PROVIDER_TCP_KERNEL    2
#define NLG_NSTAT_PROVIDER_TCP_USERLAND  3
#define NLG_NSTAT_PROVIDER_UDP_KERNEL    4
#define NLG_NSTAT_PROVIDER_UDP_USERLAND  5
#define NLG_NSTAT_PROVIDER_IFNET         6
#define NLG_NSTAT_PROVIDER_QUIC_USERLAND 8
#define NLG_NSTAT_PROVIDER_CONN_USERLAND 9
#define NLG_NSTAT_PROVIDER_UDP_SUBFLOW   10

#define NLG_NSTAT_SRC_REF_ALL  0xffffffffffffffffull

/* add_all filter: no SRC_ADDED messages (updates say the same), xnu-4570+ */
#define NLG_NSTAT_FILTER_SUPPRESS_SRC_ADDED 0x100000ull

/* nstat_msg_hdr: u64 context; u32 type; u16 length; u16 flags. Before
 * xnu-3247 the last four bytes were a zero pad word. */
#define NLG_NSTAT_HDR_CONTEXT_OFF 0
#define NLG_NSTAT_HDR_TYPE_OFF    8
#define NLG_NSTAT_HDR_LENGTH_OFF  12
#define NLG_NSTAT_HDR_FLAGS_OFF   14
#define NLG_NSTAT_HDR_SIZE        16

/* Bodies, after the header. srcref and event flags are u64. */
#define NLG_NSTAT_SRCREF_OFF          16
#define NLG_NSTAT_ERROR_CODE_OFF      16   /* u32 errno */
#define NLG_NSTAT_ERROR_SIZE          24
#define NLG_NSTAT_ADDED_PROVIDER_OFF  24
#define NLG_NSTAT_ADDED_SIZE          32
#define NLG_NSTAT_REMOVED_SIZE        24
#define NLG_NSTAT_EVENTS_OFF          24   /* desc, counts, update */
#define NLG_NSTAT_DESC_PROVIDER_OFF   32
#define NLG_NSTAT_DESC_DATA_OFF       40
#define NLG_NSTAT_COUNTS_OFF          32   /* counts and update */
#define NLG_NSTAT_COUNTS_MSG_SIZE     144
#define NLG_NSTAT_UPDATE_PROVIDER_OFF 144
#define NLG_NSTAT_UPDATE_DATA_OFF     152

/* nstat_counts: the four u64 totals first (stable since 10.7), then
 * per-medium u64 bytes, then eight u32. */
#define NLG_NSTAT_CNT_RXPACKETS_OFF   0
#define NLG_NSTAT_CNT_RXBYTES_OFF     8
#define NLG_NSTAT_CNT_TXPACKETS_OFF   16
#define NLG_NSTAT_CNT_TXBYTES_OFF     24
#define NLG_NSTAT_CNT_CELL_RX_OFF     32
#define NLG_NSTAT_CNT_CELL_TX_OFF     40
#define NLG_NSTAT_CNT_WIFI_RX_OFF     48
#define NLG_NSTAT_CNT_WIFI_TX_OFF     56
#define NLG_NSTAT_CNT_WIRED_RX_OFF    64
#define NLG_NSTAT_CNT_WIRED_TX_OFF    72
#define NLG_NSTAT_COUNTS_SIZE         112

/* nstat_msg_src_extended_item_hdr: u32 type; u32 length (of the data,
 * which is padded to 8 bytes). */
#define NLG_NSTAT_EXT_HDR_SIZE        8

/* nstat_msg_add_all_srcs: filter u64 at 16, events u64 at 24, provider
 * u32 at 32, target pid at 36, target uuid at 40. */
#define NLG_NSTAT_ADD_ALL_FILTER_OFF   16
#define NLG_NSTAT_ADD_ALL_EVENTS_OFF   24
#define NLG_NSTAT_ADD_ALL_PROVIDER_OFF 32
#define NLG_NSTAT_ADD_ALL_PID_OFF      36
#define NLG_NSTAT_ADD_ALL_SIZE         56
#define NLG_NSTAT_SRCREF_REQ_SIZE      24  /* query, get_update, get_desc */

/* sockaddr_in / sockaddr_in6 in a descriptor's 28-byte union. */
#define NLG_NSTAT_SA_SIZE       28
#define NLG_NSTAT_AF_INET       2
#define NLG_NSTAT_AF_INET6      30

#endif
