/* SPDX-License-Identifier: MIT */
/* darwin_proc.c - libproc's process, file and socket records. */
#include <errno.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "decode/buf.h"
#include "decode/darwin_layout.h"
#include "decode/darwin_proc.h"
#include "decode/ntstat.h"

int Nlg_dw_decode_fdinfo(const uint8_t *buf, size_t len, size_t i, int *fd)
{
	struct Nlg_span s = Nlg_span_make(buf, len), e = { 0 };
	uint32_t type = 0, v = 0;

	if (i > len / NLG_DW_FDI_SIZE || Nlg_span_sub(&s, i * NLG_DW_FDI_SIZE, NLG_DW_FDI_SIZE, &e) < 0)
		return -EPROTO;
	Nlg_get_u32(&e, NLG_DW_FDI_FD_OFF, &v);
	Nlg_get_u32(&e, NLG_DW_FDI_TYPE_OFF, &type);
	*fd = (int)v;
	return type == NLG_DW_PROX_FDTYPE_SOCKET;
}

int Nlg_dw_decode_bsdinfo(const uint8_t *buf, size_t len, struct Nlg_proc_desc *d)
{
	struct Nlg_span s = Nlg_span_make(buf, len);
	uint32_t pid = 0, ppid = 0;
	uint64_t sec = 0, usec = 0;
	char name[33], comm[17];

	if (!Nlg_span_has(&s, 0, NLG_DW_PBI_SIZE))
		return -EPROTO;
	memset(d, 0, sizeof(*d));
	Nlg_get_u32(&s, NLG_DW_PBI_PID_OFF, &pid);
	Nlg_get_u32(&s, NLG_DW_PBI_PPID_OFF, &ppid);
	Nlg_get_u32(&s, NLG_DW_PBI_UID_OFF, &d->uid);
	Nlg_get_u64(&s, NLG_DW_PBI_START_SEC_OFF, &sec);
	Nlg_get_u64(&s, NLG_DW_PBI_START_USEC_OFF, &usec);
	d->pid = (int)pid;
	d->ppid = (int)ppid;
	/* identity with the pid: the start time, in microseconds */
	d->start_ticks = sec * 1000000u + usec;
	/* either name may fill its array without a NUL */
	memcpy(name, buf + NLG_DW_PBI_NAME_OFF, 32);
	name[32] = '\0';
	memcpy(comm, buf + NLG_DW_PBI_COMM_OFF, 16);
	comm[16] = '\0';
	const char *src = name[0] ? name : comm;
	size_t n = strnlen(src, sizeof(d->comm) - 1);
	memcpy(d->comm, src, n);
	d->comm[n] = '\0';
	return 0;
}

/* The kernel embeds the scope in link-local addresses. */
static void unscope(uint8_t *a)
{
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)
		a[2] = a[3] = 0;
}

static void take_addrs(const struct Nlg_span *in, bool v6, struct Nlg_raw_sock *s)
{
	if (!v6) {
		Nlg_get_bytes(in, NLG_DW_INSI_LADDR_OFF + NLG_DW_IN46_ADDR4_OFF, s->local, 4);
		Nlg_get_bytes(in, NLG_DW_INSI_FADDR_OFF + NLG_DW_IN46_ADDR4_OFF, s->remote, 4);
		return;
	}
	Nlg_get_bytes(in, NLG_DW_INSI_LADDR_OFF, s->local, 16);
	Nlg_get_bytes(in, NLG_DW_INSI_FADDR_OFF, s->remote, 16);
	unscope(s->local);
	unscope(s->remote);
}

/* Ports are ints holding a network-order u16 in their first two bytes
 * (little-endian hosts: the low half). */
static uint16_t port_at(const struct Nlg_span *in, size_t off)
{
	uint8_t b[2] = { 0, 0 };
	Nlg_get_bytes(in, off, b, 2);
	return (uint16_t)(b[0] << 8 | b[1]);
}

int Nlg_dw_decode_socket_fdinfo(const uint8_t *buf, size_t len, struct Nlg_raw_sock *s)
{
	struct Nlg_span all = Nlg_span_make(buf, len), si = { 0 }, in = { 0 };
	uint32_t family = 0, kind = 0, protocol = 0, tcps = 0;
	uint8_t vflag = 0;

	if (Nlg_span_sub(&all, NLG_DW_SFI_PSI_OFF, NLG_DW_SFI_SIZE - NLG_DW_SFI_PSI_OFF, &si) < 0 ||
	    Nlg_span_sub(&si, NLG_DW_SOI_PROTO_OFF, NLG_DW_TCPSI_STATE_OFF + 4, &in) < 0)
		return -EPROTO;
	Nlg_get_u32(&si, NLG_DW_SOI_FAMILY_OFF, &family);
	Nlg_get_u32(&si, NLG_DW_SOI_KIND_OFF, &kind);
	Nlg_get_u32(&si, NLG_DW_SOI_PROTOCOL_OFF, &protocol);
	if (family != NLG_DW_AF_INET && family != NLG_DW_AF_INET6)
		return 0;
	memset(s, 0, sizeof(*s));
	if (kind == NLG_DW_SOCKINFO_TCP) {
		s->proto = IPPROTO_TCP;
		Nlg_get_u32(&in, NLG_DW_TCPSI_STATE_OFF, &tcps);
		s->state = Nlg_ntstat_tcp_state(tcps);
	} else if (kind == NLG_DW_SOCKINFO_IN && protocol == IPPROTO_UDP) {
		s->proto = IPPROTO_UDP;
	} else {
		return 0;
	}
	Nlg_get_u8(&in, NLG_DW_INSI_VFLAG_OFF, &vflag);
	bool v6 = (vflag & NLG_DW_INI_IPV6) ||
		  (!(vflag & NLG_DW_INI_IPV4) && family == NLG_DW_AF_INET6);
	s->family = v6 ? AF_INET6 : AF_INET;
	take_addrs(&in, v6, s);
	s->lport = port_at(&in, NLG_DW_INSI_LPORT_OFF);
	s->rport = port_at(&in, NLG_DW_INSI_FPORT_OFF);
	if (s->proto == IPPROTO_UDP)
		s->state = s->rport ? NLG_CONN_ESTABLISHED : NLG_CONN_CLOSE;
	Nlg_get_u64(&si, NLG_DW_SOI_SO_OFF, &s->cookie);
	s->inode = s->cookie;
	Nlg_get_u32(&si, NLG_DW_SOI_UID_OFF, &s->uid);
	return 1;
}
