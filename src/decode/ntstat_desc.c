/* SPDX-License-Identifier: MIT */
/*
 * ntstat_desc.c - TCP and UDP source descriptors, told apart by length.
 *
 * Offsets computed from xnu's nstat_tcp_descriptor / nstat_udp_descriptor
 * (LP64 and arm64 alike). upid and eupid open every layout at 0 and 8.
 */
#include "decode/buf.h"
#include "netledger.h"
#include "decode/ntstat.h"

#define NONE 0xffff

struct desc_layout {
	enum Nlg_ntstat_proto proto;
	uint16_t size;
	uint16_t ifindex, state, pid, epid, local, remote, pname, uuid, euuid, uid;
};

static const struct desc_layout layouts[] = {
	/* xnu-4570..6153 (macOS 10.13-10.15) */
	{ NLG_NTSTAT_TCP, 304, 56, 60, 100, 104, 108, 136, 180, 244, 260, NONE },
	/* xnu-7195..8792 (macOS 11-13): rx/tx transfer sizes inserted */
	{ NLG_NTSTAT_TCP, 336, 72, 76, 116, 120, 124, 152, 196, 260, 276, NONE },
	/* xnu-10002 and later (macOS 14-): persona and uid appended */
	{ NLG_NTSTAT_TCP, 344, 72, 76, 116, 120, 124, 152, 196, 260, 276, 328 },
	/* UDP: fields only ever appended */
	{ NLG_NTSTAT_UDP, 256, 112, NONE, 128, 196, 56, 84, 132, 200, 216, NONE },
	{ NLG_NTSTAT_UDP, 272, 112, NONE, 128, 196, 56, 84, 132, 200, 216, NONE },
	{ NLG_NTSTAT_UDP, 280, 112, NONE, 128, 196, 56, 84, 132, 200, 216, 268 },
};

static enum Nlg_ntstat_proto provider_proto(uint32_t provider)
{
	switch (provider) {
	case NLG_NSTAT_PROVIDER_TCP_KERNEL:
	case NLG_NSTAT_PROVIDER_TCP_USERLAND:
	case NLG_NSTAT_PROVIDER_QUIC_USERLAND: /* the TCP descriptor's layout */
		return NLG_NTSTAT_TCP;
	case NLG_NSTAT_PROVIDER_UDP_KERNEL:
	case NLG_NSTAT_PROVIDER_UDP_USERLAND:
		return NLG_NTSTAT_UDP;
	default:
		return NLG_NTSTAT_OTHER;
	}
}

/* Return: 0 with *ep set from a sockaddr_in/in6 union, or -EPROTO. */
static int take_endpoint(const struct Nlg_span *d, size_t off, struct Nlg_ntstat_endpoint *ep)
{
	struct Nlg_span sa = { 0 };
	uint8_t family = 0;
	uint16_t port_be = 0;

	if (Nlg_span_sub(d, off, NLG_NSTAT_SA_SIZE, &sa) < 0)
		return -EPROTO;
	Nlg_get_u8(&sa, 1, &family);
	Nlg_get_bytes(&sa, 2, &port_be, sizeof(port_be));
	const uint8_t *pb = (const uint8_t *)&port_be;
	memset(ep, 0, sizeof(*ep));
	if (family == 0)
		return 0; /* not bound yet */
	ep->port = (uint16_t)(pb[0] << 8 | pb[1]);
	if (family == NLG_NSTAT_AF_INET) {
		ep->ipver = 4;
		return Nlg_get_bytes(&sa, 4, ep->addr, 4);
	}
	if (family == NLG_NSTAT_AF_INET6) {
		ep->ipver = 6;
		return Nlg_get_bytes(&sa, 8, ep->addr, 16);
	}
	return -EPROTO;
}

/* The process name may fill all 64 bytes without a NUL. */
static void take_pname(const struct Nlg_span *d, size_t off, char *dst, size_t size)
{
	const uint8_t *src = d->p + off;
	size_t n = 0;
	while (n < 64 && n + 1 < size && src[n])
		n++;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static int take_layout(const struct desc_layout *lo, const struct Nlg_span *d,
		       struct Nlg_ntstat_desc *out)
{
	memset(out, 0, sizeof(*out));
	if (!Nlg_span_has(d, lo->pname, 64))
		return -EPROTO;
	out->proto = lo->proto;
	Nlg_get_u64(d, 0, &out->upid);
	Nlg_get_u64(d, 8, &out->eupid);
	Nlg_get_u32(d, lo->ifindex, &out->ifindex);
	if (lo->state != NONE)
		Nlg_get_u32(d, lo->state, &out->tcp_state);
	Nlg_get_u32(d, lo->pid, &out->pid);
	Nlg_get_u32(d, lo->epid, &out->epid);
	Nlg_get_bytes(d, lo->uuid, out->uuid, 16);
	Nlg_get_bytes(d, lo->euuid, out->euuid, 16);
	if (lo->uid != NONE) {
		Nlg_get_u32(d, lo->uid, &out->uid);
		out->have_uid = true;
	}
	take_pname(d, lo->pname, out->pname, sizeof(out->pname));
	if (take_endpoint(d, lo->local, &out->local) < 0 ||
	    take_endpoint(d, lo->remote, &out->remote) < 0)
		return -EPROTO;
	return 0;
}

int Nlg_ntstat_decode_desc(uint32_t provider, const uint8_t *d, size_t len,
			   struct Nlg_ntstat_desc *out)
{
	enum Nlg_ntstat_proto proto = provider_proto(provider);
	struct Nlg_span s = Nlg_span_make(d, len);

	if (proto == NLG_NTSTAT_OTHER)
		return -ENOENT;
	for (size_t i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++) {
		/* Every offset + field of a layout lies inside its size, so a
		 * buffer of exactly that size holds every field read. */
		if (layouts[i].proto != proto || layouts[i].size != s.len)
			continue;
		int err = take_layout(&layouts[i], &s, out);
		if (!err && provider == NLG_NSTAT_PROVIDER_QUIC_USERLAND) {
			out->proto = NLG_NTSTAT_UDP; /* QUIC travels in UDP */
			out->tcp_state = 0;
		}
		return err;
	}
	return -EPROTONOSUPPORT;
}

bool Nlg_ntstat_desc_len_known(uint32_t provider, size_t len)
{
	enum Nlg_ntstat_proto proto = provider_proto(provider);
	for (size_t i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++)
		if (layouts[i].proto == proto && layouts[i].size == len)
			return true;
	return false;
}

uint8_t Nlg_ntstat_tcp_state(uint32_t tcps)
{
	static const uint8_t map[] = {
		NLG_CONN_CLOSE, NLG_CONN_LISTEN, NLG_CONN_SYN_SENT, NLG_CONN_SYN_RECV,
		NLG_CONN_ESTABLISHED, NLG_CONN_CLOSE_WAIT, NLG_CONN_FIN_WAIT1, NLG_CONN_CLOSING,
		NLG_CONN_LAST_ACK, NLG_CONN_FIN_WAIT2, NLG_CONN_TIME_WAIT,
	};
	return tcps < sizeof(map) ? map[tcps] : NLG_CONN_UNKNOWN;
}
