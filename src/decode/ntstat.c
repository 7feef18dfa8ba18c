/* SPDX-License-Identifier: MIT */
/* ntstat.c - one message of the network-statistics control at a time. */
#include "decode/buf.h"
#include "decode/ntstat.h"

static void take_counts(const struct Nlg_span *c, struct Nlg_ntstat_counts *out)
{
	Nlg_get_u64(c, NLG_NSTAT_CNT_RXPACKETS_OFF, &out->rx_packets);
	Nlg_get_u64(c, NLG_NSTAT_CNT_RXBYTES_OFF, &out->rx_bytes);
	Nlg_get_u64(c, NLG_NSTAT_CNT_TXPACKETS_OFF, &out->tx_packets);
	Nlg_get_u64(c, NLG_NSTAT_CNT_TXBYTES_OFF, &out->tx_bytes);
	Nlg_get_u64(c, NLG_NSTAT_CNT_CELL_RX_OFF, &out->cell_rx_bytes);
	Nlg_get_u64(c, NLG_NSTAT_CNT_CELL_TX_OFF, &out->cell_tx_bytes);
	Nlg_get_u64(c, NLG_NSTAT_CNT_WIFI_RX_OFF, &out->wifi_rx_bytes);
	Nlg_get_u64(c, NLG_NSTAT_CNT_WIFI_TX_OFF, &out->wifi_tx_bytes);
	Nlg_get_u64(c, NLG_NSTAT_CNT_WIRED_RX_OFF, &out->wired_rx_bytes);
	Nlg_get_u64(c, NLG_NSTAT_CNT_WIRED_TX_OFF, &out->wired_tx_bytes);
}

/* Return: 0 with counts taken from the message, or -EPROTO if short. */
static int take_msg_counts(const struct Nlg_span *m, struct Nlg_ntstat_msg *out)
{
	struct Nlg_span c = { 0 };
	if (Nlg_span_sub(m, NLG_NSTAT_COUNTS_OFF, NLG_NSTAT_COUNTS_SIZE, &c) < 0)
		return -EPROTO;
	Nlg_get_u64(m, NLG_NSTAT_SRCREF_OFF, &out->srcref);
	Nlg_get_u64(m, NLG_NSTAT_EVENTS_OFF, &out->event_flags);
	take_counts(&c, &out->counts);
	out->have_counts = true;
	return 0;
}

/* A descriptor of an unknown length is left undecoded; a known length
 * whose contents are impossible makes the message malformed.
 * Return: 0 or -EPROTO. */
static int take_desc(const struct Nlg_span *m, size_t off, size_t len,
		     struct Nlg_ntstat_msg *out)
{
	struct Nlg_span d = { 0 };
	if (Nlg_span_sub(m, off, len, &d) < 0)
		return -EPROTO;
	out->desc_len = len;
	int err = Nlg_ntstat_decode_desc(out->provider, d.p, d.len, &out->desc);
	if (err == -EPROTO)
		return err;
	out->have_desc = err == 0;
	return 0;
}

/* Return: true when [off, end of m) is a chain of extension items, each
 * a {u32 type; u32 length} header then length bytes padded to 8. */
static bool ext_chain_fits(const struct Nlg_span *m, size_t off)
{
	while (off < m->len) {
		uint32_t elen = 0;
		if (Nlg_get_u32(m, off + 4, &elen) < 0)
			return false;
		size_t padded = ((size_t)elen + 7u) & ~(size_t)7u;
		if (!Nlg_span_has(m, off + NLG_NSTAT_EXT_HDR_SIZE, padded))
			return false;
		off += NLG_NSTAT_EXT_HDR_SIZE + padded;
	}
	return off == m->len;
}

/* The descriptor of an extended update is followed by extension items,
 * so its length is the known one after which the items fit exactly.
 * Return: 0 or -EPROTO. */
static int take_ext_desc(const struct Nlg_span *m, struct Nlg_ntstat_msg *out)
{
	size_t room = m->len - NLG_NSTAT_UPDATE_DATA_OFF;
	for (size_t dlen = room; dlen > 0; dlen -= 8) {
		if (Nlg_ntstat_desc_len_known(out->provider, dlen) &&
		    ext_chain_fits(m, NLG_NSTAT_UPDATE_DATA_OFF + dlen))
			return take_desc(m, NLG_NSTAT_UPDATE_DATA_OFF, dlen, out);
		if (dlen < 8)
			break;
	}
	return 0; /* counts only */
}

static int take_update(const struct Nlg_span *m, struct Nlg_ntstat_msg *out, bool extended)
{
	if (!Nlg_span_has(m, 0, NLG_NSTAT_UPDATE_DATA_OFF) || take_msg_counts(m, out) < 0)
		return -EPROTO;
	Nlg_get_u32(m, NLG_NSTAT_UPDATE_PROVIDER_OFF, &out->provider);
	if (extended)
		return take_ext_desc(m, out);
	size_t dlen = m->len - NLG_NSTAT_UPDATE_DATA_OFF;
	return dlen ? take_desc(m, NLG_NSTAT_UPDATE_DATA_OFF, dlen, out) : 0;
}

static int take_body(const struct Nlg_span *m, struct Nlg_ntstat_msg *out)
{
	uint32_t err = 0;

	switch (out->type) {
	case NLG_NSTAT_ERROR:
		if (Nlg_get_u32(m, NLG_NSTAT_ERROR_CODE_OFF, &err) < 0)
			return -EPROTO;
		out->error = (int32_t)err;
		return 0;
	case NLG_NSTAT_SRC_ADDED:
		if (!Nlg_span_has(m, 0, NLG_NSTAT_ADDED_SIZE))
			return -EPROTO;
		Nlg_get_u64(m, NLG_NSTAT_SRCREF_OFF, &out->srcref);
		Nlg_get_u32(m, NLG_NSTAT_ADDED_PROVIDER_OFF, &out->provider);
		return 0;
	case NLG_NSTAT_SRC_REMOVED:
		return Nlg_get_u64(m, NLG_NSTAT_SRCREF_OFF, &out->srcref);
	case NLG_NSTAT_SRC_DESC:
		if (!Nlg_span_has(m, 0, NLG_NSTAT_DESC_DATA_OFF))
			return -EPROTO;
		Nlg_get_u64(m, NLG_NSTAT_SRCREF_OFF, &out->srcref);
		Nlg_get_u64(m, NLG_NSTAT_EVENTS_OFF, &out->event_flags);
		Nlg_get_u32(m, NLG_NSTAT_DESC_PROVIDER_OFF, &out->provider);
		return take_desc(m, NLG_NSTAT_DESC_DATA_OFF, m->len - NLG_NSTAT_DESC_DATA_OFF, out);
	case NLG_NSTAT_SRC_COUNTS:
		return take_msg_counts(m, out);
	case NLG_NSTAT_SRC_UPDATE:
		return take_update(m, out, false);
	case NLG_NSTAT_SRC_EXTENDED_UPDATE:
		return take_update(m, out, true);
	default:
		return 0; /* SUCCESS, SYSINFO_COUNTS, ...: the header says enough */
	}
}

int Nlg_ntstat_next(const uint8_t *buf, size_t len, size_t *off, struct Nlg_ntstat_msg *m)
{
	struct Nlg_span s = Nlg_span_make(buf, len), msg = { 0 };

	if (*off == s.len)
		return 0;
	memset(m, 0, sizeof(*m));
	if (!Nlg_span_has(&s, *off, NLG_NSTAT_HDR_SIZE))
		return -EPROTO;
	Nlg_get_u64(&s, *off + NLG_NSTAT_HDR_CONTEXT_OFF, &m->context);
	Nlg_get_u32(&s, *off + NLG_NSTAT_HDR_TYPE_OFF, &m->type);
	Nlg_get_u16(&s, *off + NLG_NSTAT_HDR_LENGTH_OFF, &m->length);
	Nlg_get_u16(&s, *off + NLG_NSTAT_HDR_FLAGS_OFF, &m->flags);
	if (m->length == 0 && m->flags == 0)
		return -EPROTONOSUPPORT; /* the old pad word: no length given */
	if (Nlg_span_sub(&s, *off, m->length, &msg) < 0 || m->length < NLG_NSTAT_HDR_SIZE)
		return -EPROTO;
	if (take_body(&msg, m) < 0)
		return -EPROTO;
	*off += m->length;
	return 1;
}

static void put_hdr(uint8_t *buf, uint64_t context, uint32_t type, uint16_t length)
{
	uint16_t flags = 0;
	memcpy(buf + NLG_NSTAT_HDR_CONTEXT_OFF, &context, 8);
	memcpy(buf + NLG_NSTAT_HDR_TYPE_OFF, &type, 4);
	memcpy(buf + NLG_NSTAT_HDR_LENGTH_OFF, &length, 2);
	memcpy(buf + NLG_NSTAT_HDR_FLAGS_OFF, &flags, 2);
}

void Nlg_ntstat_set_req_flags(uint8_t *req, uint16_t flags)
{
	memcpy(req + NLG_NSTAT_HDR_FLAGS_OFF, &flags, 2);
}

int Nlg_ntstat_encode_add_all(uint8_t *buf, size_t cap, uint64_t context,
			      uint32_t provider, uint64_t filter, uint64_t events)
{
	if (cap < NLG_NSTAT_ADD_ALL_SIZE)
		return -EMSGSIZE;
	memset(buf, 0, NLG_NSTAT_ADD_ALL_SIZE);
	put_hdr(buf, context, NLG_NSTAT_ADD_ALL_SRCS, NLG_NSTAT_ADD_ALL_SIZE);
	memcpy(buf + NLG_NSTAT_ADD_ALL_FILTER_OFF, &filter, 8);
	memcpy(buf + NLG_NSTAT_ADD_ALL_EVENTS_OFF, &events, 8);
	memcpy(buf + NLG_NSTAT_ADD_ALL_PROVIDER_OFF, &provider, 4);
	return NLG_NSTAT_ADD_ALL_SIZE;
}

int Nlg_ntstat_encode_srcref_req(uint8_t *buf, size_t cap, uint64_t context,
				 uint32_t type, uint64_t srcref)
{
	if (cap < NLG_NSTAT_SRCREF_REQ_SIZE)
		return -EMSGSIZE;
	put_hdr(buf, context, type, NLG_NSTAT_SRCREF_REQ_SIZE);
	memcpy(buf + NLG_NSTAT_SRCREF_OFF, &srcref, 8);
	return NLG_NSTAT_SRCREF_REQ_SIZE;
}
