/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <linux/tcp.h>

#include "platform/linux/sockdiag.h"

#define END_OF(type, field) (offsetof(type, field) + sizeof(((type *)0)->field))

/* bytes_acked counts sequence space: the SYN and the FIN each take one.
 * The payload is what is left, and never more than the distinct data sent
 * (bytes_sent less retransmitted bytes, Linux 4.19+), which is exact once
 * the FIN is acknowledged, since all data precedes it. */
static uint64_t acked_payload(const struct tcp_info *ti, size_t len)
{
	uint64_t acked = ti->tcpi_bytes_acked ? ti->tcpi_bytes_acked - 1 : 0;
	if (len >= END_OF(struct tcp_info, tcpi_bytes_retrans) &&
	    ti->tcpi_bytes_sent >= ti->tcpi_bytes_retrans) {
		uint64_t unique = ti->tcpi_bytes_sent - ti->tcpi_bytes_retrans;
		if (acked > unique)
			acked = unique;
	}
	return acked;
}

/* bytes_received counts the peer's FIN as one byte once it arrived. The
 * states after a received FIN say so; a socket destroyed in CLOSE state is
 * taken to have closed gracefully (a reset peer sends no FIN: one byte too
 * few then). */
static uint64_t received_payload(const struct tcp_info *ti, uint8_t state)
{
	bool fin = state == NLG_CONN_CLOSE_WAIT || state == NLG_CONN_LAST_ACK ||
		   state == NLG_CONN_CLOSING || state == NLG_CONN_TIME_WAIT ||
		   state == NLG_CONN_CLOSE;
	return fin && ti->tcpi_bytes_received ? ti->tcpi_bytes_received - 1 : ti->tcpi_bytes_received;
}

/* tcp_info grew over the years: take the fields the attribute holds. The
 * byte counters need Linux 4.2 (acked, received) and 4.19 (sent). */
static void take_tcp_info(struct Nlg_raw_sock *out, const struct nlattr *attr)
{
	struct tcp_info ti;
	size_t len = mnl_attr_get_payload_len(attr);

	memset(&ti, 0, sizeof(ti));
	memcpy(&ti, mnl_attr_get_payload(attr), len < sizeof(ti) ? len : sizeof(ti));
	if (len < END_OF(struct tcp_info, tcpi_bytes_received))
		return;
	out->has_tcp_info = true;
	out->bytes_acked = acked_payload(&ti, len);
	out->bytes_received = received_payload(&ti, out->state);
	out->retrans = ti.tcpi_total_retrans;
	out->rtt_us = ti.tcpi_rtt;
}

struct diag_attrs {
	const struct nlattr *info, *cgroup, *protocol;
};

static int collect(const struct nlattr *attr, void *data)
{
	struct diag_attrs *da = data;
	switch (mnl_attr_get_type(attr)) {
	case INET_DIAG_INFO: da->info = attr; break;
	case INET_DIAG_CGROUP_ID: da->cgroup = attr; break;
	case INET_DIAG_PROTOCOL: da->protocol = attr; break;
	}
	return MNL_CB_OK;
}

static void take_endpoints(struct Nlg_raw_sock *out, const struct inet_diag_msg *m)
{
	size_t alen = m->idiag_family == AF_INET ? 4 : 16;
	memcpy(out->local, m->id.idiag_src, alen);
	memcpy(out->remote, m->id.idiag_dst, alen);
	out->lport = ntohs(m->id.idiag_sport);
	out->rport = ntohs(m->id.idiag_dport);
	out->ifindex = m->id.idiag_if;
}

int Nlg_sockdiag_parse(const struct nlmsghdr *nlh, uint8_t proto, struct Nlg_raw_sock *out)
{
	struct diag_attrs da = { 0 };
	const struct inet_diag_msg *m;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*m)))
		return -EPROTO;
	m = mnl_nlmsg_get_payload(nlh);
	if (m->idiag_family != AF_INET && m->idiag_family != AF_INET6)
		return -EAFNOSUPPORT;
	if (mnl_attr_parse(nlh, sizeof(*m), collect, &da) != MNL_CB_OK)
		return -EPROTO;
	memset(out, 0, sizeof(*out));
	out->family = m->idiag_family;
	out->proto = proto;
	out->state = m->idiag_state;
	out->uid = m->idiag_uid;
	out->inode = m->idiag_inode;
	/* The cookie is two host-order halves, low word first. */
	out->cookie = (uint64_t)m->id.idiag_cookie[0] | (uint64_t)m->id.idiag_cookie[1] << 32;
	take_endpoints(out, m);
	if (da.protocol) {
		if (mnl_attr_validate(da.protocol, MNL_TYPE_U8) < 0)
			return -EPROTO;
		out->proto = mnl_attr_get_u8(da.protocol);
	}
	if (da.cgroup) {
		if (mnl_attr_validate(da.cgroup, MNL_TYPE_U64) < 0)
			return -EPROTO;
		out->cgroup_id = mnl_attr_get_u64(da.cgroup);
	}
	if (da.info && out->proto == IPPROTO_TCP)
		take_tcp_info(out, da.info);
	return 0;
}
