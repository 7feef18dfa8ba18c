/* SPDX-License-Identifier: MIT */
/*
 * ntstat.h - decoder of the macOS network-statistics kernel control's
 * messages, and encoder of the few requests netledger sends.
 *
 * Replies may be aggregated: one read can hold several messages, each
 * sized by its header. Descriptors are recognised by their length, one
 * layout per length that xnu has used since macOS 10.13 (see
 * ntstat_desc.c); an unknown length leaves the descriptor undecoded but
 * the rest of the message usable.
 */
#ifndef NLG_DECODE_NTSTAT_H
#define NLG_DECODE_NTSTAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode/ntstat_layout.h"

struct Nlg_ntstat_counts {
	uint64_t rx_packets, rx_bytes, tx_packets, tx_bytes;
	uint64_t cell_rx_bytes, cell_tx_bytes;
	uint64_t wifi_rx_bytes, wifi_tx_bytes;
	uint64_t wired_rx_bytes, wired_tx_bytes;
};

struct Nlg_ntstat_endpoint {
	uint8_t ipver;        /* 4 or 6; 0 when the socket has no address */
	uint16_t port;        /* host order */
	uint8_t addr[16];     /* network order; 4 bytes used for IPv4 */
};

enum Nlg_ntstat_proto {
	NLG_NTSTAT_OTHER = 0,
	NLG_NTSTAT_TCP,
	NLG_NTSTAT_UDP,
};

struct Nlg_ntstat_desc {
	enum Nlg_ntstat_proto proto;
	uint32_t pid, epid;           /* epid: on whose behalf pid works */
	uint64_t upid, eupid;         /* unique pids: never reused */
	uint32_t ifindex;
	uint32_t tcp_state;           /* TCPS_*, TCP only */
	bool have_uid;
	uint32_t uid;
	struct Nlg_ntstat_endpoint local, remote;
	char pname[65];
	uint8_t uuid[16], euuid[16];
};

struct Nlg_ntstat_msg {
	uint64_t context;
	uint32_t type;
	uint16_t length;              /* of the whole message */
	uint16_t flags;               /* NLG_NSTAT_F_* */
	uint64_t srcref;
	uint64_t event_flags;
	uint32_t provider;            /* 0 when the message has none */
	int32_t error;                /* errno of an ERROR reply */
	bool have_counts;
	struct Nlg_ntstat_counts counts;
	bool have_desc;               /* false also for an unknown length */
	struct Nlg_ntstat_desc desc;
	size_t desc_len;              /* the descriptor's length as sent */
};

/* Decodes the message at buf[*off] and advances *off past it.
 * Return: 1 with m filled, 0 at the end of the buffer, or a negative error
 * code: -EPROTO on a truncated or inconsistent message (the rest of the
 * buffer cannot be trusted then), -EPROTONOSUPPORT for the header of
 * kernels before macOS 10.11, which gives no length. */
int Nlg_ntstat_next(const uint8_t *buf, size_t len, size_t *off, struct Nlg_ntstat_msg *m);

/* Decodes a descriptor of the given provider by its length.
 * Return: 0 on success, -ENOENT when the provider has no descriptor this
 * decoder knows, -EPROTONOSUPPORT for an unknown length. */
int Nlg_ntstat_decode_desc(uint32_t provider, const uint8_t *d, size_t len,
			   struct Nlg_ntstat_desc *out);

/* Return: true when len is the length of a descriptor of the provider
 * that Nlg_ntstat_decode_desc() knows. */
bool Nlg_ntstat_desc_len_known(uint32_t provider, size_t len);

/* Encoders of requests into buf (cap bytes). context is echoed in replies.
 * Return: the request's length, or -EMSGSIZE when cap is too small. */
int Nlg_ntstat_encode_add_all(uint8_t *buf, size_t cap, uint64_t context,
			      uint32_t provider, uint64_t filter, uint64_t events);
int Nlg_ntstat_encode_srcref_req(uint8_t *buf, size_t cap, uint64_t context,
				 uint32_t type, uint64_t srcref);
/* Sets the header flags of an encoded request (NLG_NSTAT_F_CONTINUATION
 * to ask for the rest of a reply the kernel cut short). */
void Nlg_ntstat_set_req_flags(uint8_t *req, uint16_t flags);

/* Return: the enum nlg_conn_state of a BSD TCP state (TCPS_*, which
 * libproc's TSI_S_* repeat), NLG_CONN_UNKNOWN for others. */
uint8_t Nlg_ntstat_tcp_state(uint32_t tcps);

#endif
