/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>

#include "platform/linux/sockdiag.h"
#include "platform/linux/sockets.h"

/* Every TCP state but TIME_WAIT and NEW_SYN_RECV: those are the kernel's
 * bookkeeping after a close and before an accept, with no counters and no
 * process (the destroy event already gave a closing socket's final counts). */
#define TCP_STATES (((1u << 12) - 1) & ~(1u << 6) & ~1u)
#define UDP_STATES (~0u)

int Nlg_socksrc_open(struct Nlg_socksrc *s, struct Nlg_errbuf *eb)
{
	memset(s, 0, sizeof(*s));
	int err = Nlg_nl_open(&s->diag, NETLINK_SOCK_DIAG, 0, eb);
	if (err < 0)
		return err;
	/* The destroy groups: joined without privilege on the kernels tested
	 * (sock_diag lets any user listen); where a join fails, a socket that
	 * closes between samples keeps its last sampled counts. */
	if (Nlg_nl_open(&s->destroy, NETLINK_SOCK_DIAG, SKNLGRP_INET_TCP_DESTROY, NULL) == 0) {
		static const unsigned more[] = { SKNLGRP_INET_UDP_DESTROY, SKNLGRP_INET6_TCP_DESTROY,
						 SKNLGRP_INET6_UDP_DESTROY };
		for (size_t i = 0; i < sizeof(more) / sizeof(more[0]); i++) {
			if (Nlg_nl_join(&s->destroy, more[i]) < 0) {
				Nlg_nl_close(&s->destroy);
				break;
			}
		}
	}
	/* A burst of closures (a hundred connections at once) overflows the
	 * default buffer between two samples; room for tens of thousands.
	 * Only root may go past rmem_max: without it the default stays. */
	int room = 8 << 20;
	if (s->destroy.sock)
		setsockopt(mnl_socket_get_fd(s->destroy.sock), SOL_SOCKET, SO_RCVBUFFORCE, &room,
			   sizeof(room));
	s->open = true;
	return 0;
}

void Nlg_socksrc_close(struct Nlg_socksrc *s)
{
	if (s->diag.sock)
		Nlg_nl_close(&s->diag);
	if (s->destroy.sock)
		Nlg_nl_close(&s->destroy);
	s->open = false;
}

struct read_ctx {
	struct Nlg_raw_socks *out;
	uint8_t proto;
	bool closed;
	int err;
};

static int cb_sock(const struct nlmsghdr *nlh, void *data)
{
	struct read_ctx *rc = data;
	if (nlh->nlmsg_type != SOCK_DIAG_BY_FAMILY)
		return MNL_CB_OK;
	struct Nlg_raw_sock *s = Nlg_raw_socks_push(rc->out);
	if (!s) {
		rc->err = -ENOMEM;
		return MNL_CB_ERROR;
	}
	int err = Nlg_sockdiag_parse(nlh, rc->proto, s);
	if (err < 0) {
		rc->out->n--;
		if (err == -EAFNOSUPPORT || rc->closed)
			return MNL_CB_OK; /* a bad event is dropped, the dump stays */
		rc->err = err;
		return MNL_CB_ERROR;
	}
	s->closed = rc->closed;
	return MNL_CB_OK;
}

static int dump(struct Nlg_socksrc *s, uint8_t family, uint8_t proto, struct read_ctx *rc,
		struct Nlg_errbuf *eb)
{
	struct nlmsghdr *req = Nlg_nl_dump_request(&s->diag, SOCK_DIAG_BY_FAMILY);
	struct inet_diag_req_v2 *r = mnl_nlmsg_put_extra_header(req, sizeof(*r));
	r->sdiag_family = family;
	r->sdiag_protocol = proto;
	r->idiag_states = proto == IPPROTO_TCP ? TCP_STATES : UDP_STATES;
	if (proto == IPPROTO_TCP)
		r->idiag_ext = 1 << (INET_DIAG_INFO - 1);
	rc->proto = proto;
	rc->err = 0;
	int err = Nlg_nl_dump(&s->diag, req, cb_sock, rc, eb);
	if (err < 0 && rc->err)
		err = rc->err;
	if (err == -EPROTO)
		return Nlg_fail(eb, err, "malformed sock_diag message");
	/* A kernel without IPv6 answers the IPv6 dumps with ENOENT. */
	if (err == -ENOENT && family == AF_INET6)
		return 0;
	return err;
}

static void set_netns(struct Nlg_raw_socks *out, size_t from, uint64_t netns)
{
	for (size_t i = from; i < out->n; i++)
		out->v[i].netns = netns;
}

int Nlg_socksrc_dump(struct Nlg_socksrc *s, struct Nlg_raw_socks *out, uint64_t netns,
		     struct Nlg_errbuf *eb)
{
	static const struct { uint8_t family, proto; } dumps[] = {
		{ AF_INET, IPPROTO_TCP }, { AF_INET6, IPPROTO_TCP },
		{ AF_INET, IPPROTO_UDP }, { AF_INET6, IPPROTO_UDP },
	};
	struct read_ctx rc = { .out = out };
	size_t start = out->n;
	int err = -EINTR;

	for (int tries = 0; tries < 5 && err == -EINTR; tries++) {
		out->n = start;
		err = 0;
		for (size_t i = 0; i < sizeof(dumps) / sizeof(dumps[0]) && !err; i++)
			err = dump(s, dumps[i].family, dumps[i].proto, &rc, eb);
	}
	if (err < 0) {
		out->n = start;
		return err == -EINTR ? Nlg_fail(eb, -EAGAIN, "sockets kept changing during dumps") : err;
	}
	set_netns(out, start, netns);
	return 0;
}

/* Destroy events after the dumps: a socket closed since the last sample,
 * or just after its dump, ends with the kernel's final counts. */
int Nlg_socksrc_drain(struct Nlg_socksrc *s, struct Nlg_raw_socks *out, uint64_t netns,
		      struct Nlg_errbuf *eb)
{
	struct read_ctx rc = { .out = out, .closed = true, .proto = IPPROTO_TCP };
	size_t start = out->n;
	if (!s->destroy.sock)
		return 0;
	int lost = Nlg_nl_drain(&s->destroy, cb_sock, &rc, NULL);
	if (lost > 0)
		s->lost += (uint64_t)lost;
	if (rc.err == -ENOMEM)
		return Nlg_fail(eb, -ENOMEM, "out of memory");
	set_netns(out, start, netns);
	return 0;
}

/* UDP's lookup of one socket takes the remote end as its source (a
 * kernel quirk kept for compatibility): asked both ways. */
static void swap_ends(struct inet_diag_sockid *id)
{
	struct inet_diag_sockid t = *id;
	memcpy(id->idiag_src, t.idiag_dst, sizeof(id->idiag_src));
	memcpy(id->idiag_dst, t.idiag_src, sizeof(id->idiag_dst));
	id->idiag_sport = t.idiag_dport;
	id->idiag_dport = t.idiag_sport;
}

static int get_one(struct Nlg_socksrc *s, const struct Nlg_raw_sock *key, bool swapped,
		   struct read_ctx *rc)
{
	struct nlmsghdr *req = Nlg_nl_dump_request(&s->diag, SOCK_DIAG_BY_FAMILY);
	req->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	struct inet_diag_req_v2 *r = mnl_nlmsg_put_extra_header(req, sizeof(*r));
	r->sdiag_family = key->family;
	r->sdiag_protocol = key->proto;
	r->idiag_states = ~0u;
	if (key->proto == IPPROTO_TCP)
		r->idiag_ext = 1 << (INET_DIAG_INFO - 1);
	memcpy(r->id.idiag_src, key->local, sizeof(r->id.idiag_src));
	memcpy(r->id.idiag_dst, key->remote, sizeof(r->id.idiag_dst));
	r->id.idiag_sport = htons(key->lport);
	r->id.idiag_dport = htons(key->rport);
	r->id.idiag_if = key->ifindex;
	memcpy(r->id.idiag_cookie, &key->cookie, sizeof(r->id.idiag_cookie));
	if (swapped)
		swap_ends(&r->id);
	rc->proto = key->proto;
	rc->err = 0;
	int err = Nlg_nl_dump(&s->diag, req, cb_sock, rc, NULL);
	return err < 0 && rc->err ? rc->err : err;
}

int Nlg_socksrc_get(struct Nlg_socksrc *s, const struct Nlg_raw_sock *key,
		    struct Nlg_raw_socks *out)
{
	struct read_ctx rc = { .out = out };
	size_t n0 = out->n;
	int err = get_one(s, key, false, &rc);
	/* Asked the wrong way round, the lookup finds nothing, or another
	 * socket (the peer, when both ends are local: -ESTALE, its cookie). */
	if ((err == -ENOENT || err == -ESTALE) && key->proto == IPPROTO_UDP)
		err = get_one(s, key, true, &rc);
	if (err == 0 && out->n == n0)
		err = -ENOENT;
	return err;
}
