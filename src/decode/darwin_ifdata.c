/* SPDX-License-Identifier: MIT */
/* darwin_ifdata.c - struct if_data64 and struct ifmibdata. */
#include <stdio.h>

#include "decode/bsd_if.h"
#include "decode/darwin_if.h"
#include "decode/darwin_layout.h"

/* Where each counter sits in if_data64; all are u64. The send-queue drops
 * are left out: they are a 32-bit int beside 64-bit counters. */
static const struct {
	enum nlg_counter c;
	uint8_t off;
} ifd64_counters[] = {
	{ NLG_RX_PACKETS, NLG_DW_IFD64_IPACKETS_OFF },
	{ NLG_RX_ERRORS, NLG_DW_IFD64_IERRORS_OFF },
	{ NLG_TX_PACKETS, NLG_DW_IFD64_OPACKETS_OFF },
	{ NLG_TX_ERRORS, NLG_DW_IFD64_OERRORS_OFF },
	{ NLG_COLLISIONS, NLG_DW_IFD64_COLLISIONS_OFF },
	{ NLG_RX_BYTES, NLG_DW_IFD64_IBYTES_OFF },
	{ NLG_TX_BYTES, NLG_DW_IFD64_OBYTES_OFF },
	{ NLG_MULTICAST, NLG_DW_IFD64_IMCASTS_OFF },
	{ NLG_RX_DROPPED, NLG_DW_IFD64_IQDROPS_OFF },
	{ NLG_RX_NOHANDLER, NLG_DW_IFD64_NOPROTO_OFF },
};

int Nlg_dw_take_ifdata64(const struct Nlg_span *d, struct Nlg_raw_link *out)
{
	uint8_t type = 0;
	uint64_t baud = 0;

	if (!Nlg_span_has(d, 0, NLG_DW_IFD64_SIZE))
		return -EPROTO;
	Nlg_get_u8(d, NLG_DW_IFD64_TYPE_OFF, &type);
	Nlg_get_u32(d, NLG_DW_IFD64_MTU_OFF, &out->mtu);
	Nlg_get_u64(d, NLG_DW_IFD64_BAUDRATE_OFF, &baud);
	out->type = Nlg_bsd_classify(&Nlg_bsd_iftypes_xnu, type);
	snprintf(out->kind, sizeof(out->kind), "%s", Nlg_bsd_kind(&Nlg_bsd_iftypes_xnu, type));
	out->speed_mbps = baud / 1000000u;
	out->counter_width = 64;
	out->counter_mask = 0;
	for (size_t i = 0; i < sizeof(ifd64_counters) / sizeof(ifd64_counters[0]); i++) {
		Nlg_get_u64(d, ifd64_counters[i].off, &out->counters[ifd64_counters[i].c]);
		out->counter_mask |= 1u << ifd64_counters[i].c;
	}
	return 0;
}

int Nlg_dw_decode_ifmibdata(const uint8_t *buf, size_t len, struct Nlg_raw_link *out)
{
	struct Nlg_span s = Nlg_span_make(buf, len), data = { 0 };
	uint32_t flags = 0;

	memset(out, 0, sizeof(*out));
	if (!Nlg_span_has(&s, 0, NLG_DW_IFMD_SIZE))
		return -EPROTO;
	if (Nlg_get_cstr(&s, NLG_DW_IFMD_NAME_OFF, NLG_NAME_MAX, out->name, sizeof(out->name)) < 0 ||
	    out->name[0] == '\0')
		return -EPROTO;
	Nlg_get_u32(&s, NLG_DW_IFMD_FLAGS_OFF, &flags);
	out->flags = Nlg_bsd_map_flags(flags);
	out->oper = Nlg_bsd_oper(flags);
	Nlg_span_sub(&s, NLG_DW_IFMD_DATA_OFF, NLG_DW_IFD64_SIZE, &data);
	return Nlg_dw_take_ifdata64(&data, out);
}
