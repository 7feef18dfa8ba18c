/* SPDX-License-Identifier: MIT */
/* darwin_rtmsg.c - the routing messages of a NET_RT_IFLIST2 buffer. */
#include "decode/bsd_if.h"
#include "decode/darwin_if.h"
#include "decode/darwin_layout.h"

/* Each sockaddr after a header takes its length rounded up to 4 bytes;
 * an empty one still takes 4 (xnu's ROUNDUP32). */
static size_t sa_step(uint8_t sa_len)
{
	return sa_len ? ((size_t)sa_len + 3u) & ~(size_t)3u : 4u;
}

/* Return: 0 with name and MAC taken from a sockaddr_dl, or -EPROTO. */
static int take_sdl(const struct Nlg_span *sa, uint16_t ifindex, struct Nlg_raw_link *out)
{
	uint8_t family = 0, nlen = 0, alen = 0;
	uint16_t index = 0;

	if (!Nlg_span_has(sa, 0, NLG_DW_SDL_DATA_OFF))
		return -EPROTO;
	Nlg_get_u8(sa, NLG_DW_SDL_FAMILY_OFF, &family);
	Nlg_get_u16(sa, NLG_DW_SDL_INDEX_OFF, &index);
	Nlg_get_u8(sa, NLG_DW_SDL_NLEN_OFF, &nlen);
	Nlg_get_u8(sa, NLG_DW_SDL_ALEN_OFF, &alen);
	if (family != NLG_DW_AF_LINK || (index != 0 && index != ifindex))
		return -EPROTO;
	if (nlen == 0 || nlen >= NLG_NAME_MAX || alen > NLG_MAC_MAX)
		return -EPROTO;
	if (!Nlg_span_has(sa, NLG_DW_SDL_DATA_OFF, (size_t)nlen + alen))
		return -EPROTO;
	const uint8_t *name = sa->p + NLG_DW_SDL_DATA_OFF;
	if (memchr(name, '\0', nlen))
		return -EPROTO;
	memcpy(out->name, name, nlen);
	out->name[nlen] = '\0';
	memcpy(out->mac, name + nlen, alen);
	out->mac_len = alen;
	return 0;
}

/* Walks the sockaddrs present in addrs, from off, in RTAX order.
 * Return: 0 once the RTAX_IFP one was taken, or -EPROTO. */
static int take_addrs(const struct Nlg_span *m, size_t off, uint32_t addrs,
		      uint16_t ifindex, struct Nlg_raw_link *out)
{
	for (unsigned i = 0; i < NLG_DW_RTAX_MAX; i++) {
		if (!(addrs & (1u << i)))
			continue;
		uint8_t sa_len = 0;
		struct Nlg_span sa = { 0 };
		if (Nlg_get_u8(m, off, &sa_len) < 0 || !Nlg_span_has(m, off, sa_step(sa_len)))
			return -EPROTO;
		if (i == NLG_DW_RTAX_IFP) {
			Nlg_span_sub(m, off, sa_len, &sa);
			return take_sdl(&sa, ifindex, out);
		}
		off += sa_step(sa_len);
	}
	return -EPROTO; /* every interface has a link-level address */
}

int Nlg_dw_decode_ifmsg2(const uint8_t *msg, size_t len, struct Nlg_raw_link *out)
{
	struct Nlg_span m = Nlg_span_make(msg, len), data = { 0 };
	uint16_t msglen = 0, index = 0;
	uint8_t version = 0, type = 0;
	uint32_t addrs = 0, flags = 0;

	memset(out, 0, sizeof(*out));
	if (!Nlg_span_has(&m, 0, NLG_DW_IFM2_SIZE))
		return -EPROTO;
	Nlg_get_u16(&m, NLG_DW_MSG_LEN_OFF, &msglen);
	Nlg_get_u8(&m, NLG_DW_MSG_VERSION_OFF, &version);
	Nlg_get_u8(&m, NLG_DW_MSG_TYPE_OFF, &type);
	if (msglen < NLG_DW_IFM2_SIZE || msglen > len || version != NLG_DW_RTM_VERSION ||
	    type != NLG_DW_RTM_IFINFO2)
		return -EPROTO;
	m.len = msglen;
	Nlg_get_u32(&m, NLG_DW_IFM2_ADDRS_OFF, &addrs);
	Nlg_get_u32(&m, NLG_DW_IFM2_FLAGS_OFF, &flags);
	Nlg_get_u16(&m, NLG_DW_IFM2_INDEX_OFF, &index);
	if (index == 0)
		return -EPROTO;
	out->ifindex = index;
	out->flags = Nlg_bsd_map_flags(flags);
	out->oper = Nlg_bsd_oper(flags);
	Nlg_span_sub(&m, NLG_DW_IFM2_DATA_OFF, NLG_DW_IFD64_SIZE, &data);
	Nlg_dw_take_ifdata64(&data, out);
	return take_addrs(&m, NLG_DW_IFM2_SIZE, addrs, index, out);
}

int Nlg_dw_decode_iflist2(const uint8_t *buf, size_t len, struct Nlg_raw_links *out)
{
	struct Nlg_span s = Nlg_span_make(buf, len);
	size_t off = 0, before = out->nlinks;
	int n = 0;

	while (off < s.len) {
		uint16_t msglen = 0;
		uint8_t type = 0;
		if (Nlg_get_u16(&s, off + NLG_DW_MSG_LEN_OFF, &msglen) < 0 ||
		    Nlg_get_u8(&s, off + NLG_DW_MSG_TYPE_OFF, &type) < 0 ||
		    msglen < NLG_DW_MSG_MIN || !Nlg_span_has(&s, off, msglen))
			goto malformed;
		if (type == NLG_DW_RTM_IFINFO2) {
			struct Nlg_raw_link *l = Nlg_raw_links_push(out);
			if (!l) {
				out->nlinks = before;
				return -ENOMEM;
			}
			if (Nlg_dw_decode_ifmsg2(s.p + off, msglen, l) < 0)
				goto malformed;
			n++;
		}
		off += msglen;
	}
	return n;
malformed:
	out->nlinks = before;
	return -EPROTO;
}
