/* SPDX-License-Identifier: MIT */
/* names.c - stable names of the public enums, as used in JSON and metrics. */
#include "netledger.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const char *const type_names[] = {
	[NLG_IFACE_OTHER] = "other",       [NLG_IFACE_ETHERNET] = "ethernet",
	[NLG_IFACE_WIFI] = "wifi",         [NLG_IFACE_CELLULAR] = "cellular",
	[NLG_IFACE_LOOPBACK] = "loopback", [NLG_IFACE_VIRTUAL] = "virtual",
};

static const char *const oper_names[] = {
	[NLG_OPER_UNKNOWN] = "unknown", [NLG_OPER_NOTPRESENT] = "notpresent",
	[NLG_OPER_DOWN] = "down",       [NLG_OPER_LOWERLAYERDOWN] = "lowerlayerdown",
	[NLG_OPER_TESTING] = "testing", [NLG_OPER_DORMANT] = "dormant",
	[NLG_OPER_UP] = "up",
};

static const char *const counter_names[] = {
	[NLG_RX_BYTES] = "rx_bytes",
	[NLG_TX_BYTES] = "tx_bytes",
	[NLG_RX_PACKETS] = "rx_packets",
	[NLG_TX_PACKETS] = "tx_packets",
	[NLG_RX_ERRORS] = "rx_errors",
	[NLG_TX_ERRORS] = "tx_errors",
	[NLG_RX_DROPPED] = "rx_dropped",
	[NLG_TX_DROPPED] = "tx_dropped",
	[NLG_MULTICAST] = "multicast",
	[NLG_COLLISIONS] = "collisions",
	[NLG_RX_LENGTH_ERRORS] = "rx_length_errors",
	[NLG_RX_OVER_ERRORS] = "rx_over_errors",
	[NLG_RX_CRC_ERRORS] = "rx_crc_errors",
	[NLG_RX_FRAME_ERRORS] = "rx_frame_errors",
	[NLG_RX_FIFO_ERRORS] = "rx_fifo_errors",
	[NLG_RX_MISSED_ERRORS] = "rx_missed_errors",
	[NLG_TX_ABORTED_ERRORS] = "tx_aborted_errors",
	[NLG_TX_CARRIER_ERRORS] = "tx_carrier_errors",
	[NLG_TX_FIFO_ERRORS] = "tx_fifo_errors",
	[NLG_TX_HEARTBEAT_ERRORS] = "tx_heartbeat_errors",
	[NLG_TX_WINDOW_ERRORS] = "tx_window_errors",
	[NLG_RX_COMPRESSED] = "rx_compressed",
	[NLG_TX_COMPRESSED] = "tx_compressed",
	[NLG_RX_NOHANDLER] = "rx_nohandler",
};

_Static_assert(ARRAY_SIZE(counter_names) == NLG_COUNTER_COUNT, "a counter has no name");

const char *nlg_iface_type_name(enum nlg_iface_type t)
{
	return (unsigned)t < ARRAY_SIZE(type_names) ? type_names[t] : "other";
}

const char *nlg_wifi_mode_name(enum nlg_wifi_mode m)
{
	static const char *const names[] = { "unknown", "station", "ap", "mesh", "adhoc",
					     "monitor", "other" };
	return (unsigned)m < ARRAY_SIZE(names) ? names[m] : "unknown";
}

const char *nlg_oper_state_name(enum nlg_oper_state s)
{
	return (unsigned)s < ARRAY_SIZE(oper_names) ? oper_names[s] : "unknown";
}

const char *nlg_counter_name(enum nlg_counter c)
{
	return (unsigned)c < NLG_COUNTER_COUNT ? counter_names[c] : NULL;
}
