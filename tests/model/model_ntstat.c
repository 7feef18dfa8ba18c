/* SPDX-License-Identifier: MIT */
/*
 * model_ntstat.c - the network-statistics control of the xnu model, as
 * bsd/net/ntstat.c (xnu-8792 to xnu-11417) answers a client that is not
 * privileged: nstat_client_send, handle_add_all, handle_get_update with
 * begin_query/end_query, accumulate/flush, send_goodbye, pcb_detach.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "decode/ntstat_layout.h"
#include "model_xnu.h"

#define MAX_MSG 4096              /* NSTAT_MAX_MSG_SIZE */
#define QUERY_CONTINUATION_SRC_COUNT 100 /* macOS */
#define PROVIDER_UDP_SUBFLOW 10
#define PROVIDER_CONN_USERLAND 9
#define FILTER_SUPPRESS_SRC_ADDED 0x100000ull
#define TCP_DESC 344              /* nstat_tcp_descriptor, macOS 14 */
#define UDP_DESC 280
#define EPERM_PRIV 1              /* priv_check_cred() fails with EPERM */

static void put16(uint8_t *b, size_t off, uint16_t v) { memcpy(b + off, &v, 2); }
static void put32(uint8_t *b, size_t off, uint32_t v) { memcpy(b + off, &v, 4); }
static void put64(uint8_t *b, size_t off, uint64_t v) { memcpy(b + off, &v, 8); }

static void put_hdr(uint8_t *b, uint64_t ctx, uint32_t type, size_t len, uint16_t flags)
{
	put64(b, NLG_NSTAT_HDR_CONTEXT_OFF, ctx);
	put32(b, NLG_NSTAT_HDR_TYPE_OFF, type);
	put16(b, NLG_NSTAT_HDR_LENGTH_OFF, (uint16_t)len);
	put16(b, NLG_NSTAT_HDR_FLAGS_OFF, flags);
}

static bool is_tcp(uint32_t provider)
{
	return provider == NLG_NSTAT_PROVIDER_TCP_KERNEL ||
	       provider == NLG_NSTAT_PROVIDER_TCP_USERLAND ||
	       provider == NLG_NSTAT_PROVIDER_QUIC_USERLAND;
}

static size_t desc_len(uint32_t provider)
{
	return is_tcp(provider) ? TCP_DESC : UDP_DESC;
}

/* nstat_inp_to_sockaddr: INP_IPV6 tested first, as ntstat.c does. */
static void put_sa(const struct mx_sock *s, bool local, uint8_t *b)
{
	const uint8_t *a = local ? s->laddr : s->faddr;
	uint16_t port = local ? s->lport : s->fport;
	memset(b, 0, NLG_NSTAT_SA_SIZE);
	b[2] = (uint8_t)(port >> 8);
	b[3] = (uint8_t)port;
	if (s->vflag & 2) {
		b[0] = 28;
		b[1] = NLG_NSTAT_AF_INET6;
		memcpy(b + 8, a, 16);
	} else if (s->vflag & 1) {
		b[0] = 16;
		b[1] = NLG_NSTAT_AF_INET;
		memcpy(b + 4, a + 12, 4);
	}
}

static void put_desc(const struct mx_sock *s, uint8_t *d)
{
	memset(d, 0, desc_len(s->provider));
	put64(d, 0, (uint64_t)s->pid + 100000);
	put64(d, 8, (uint64_t)s->pid + 100000);
	if (is_tcp(s->provider)) {
		put32(d, 72, 4);
		put32(d, 76, (uint32_t)s->tcp_state);
		put32(d, 116, (uint32_t)s->pid);
		put32(d, 120, (uint32_t)s->pid);
		put_sa(s, true, d + 124);
		put_sa(s, false, d + 152);
		memcpy(d + 196, "model", 5);
		put32(d, 328, s->uid);
		return;
	}
	put_sa(s, true, d + 56);
	put_sa(s, false, d + 84);
	put32(d, 112, 4);
	put32(d, 128, (uint32_t)s->pid);
	memcpy(d + 132, "model", 5);
	put32(d, 196, (uint32_t)s->pid);
	put32(d, 268, s->uid);
}

static void put_counts(const struct mx_sock *s, uint8_t *c)
{
	memset(c, 0, NLG_NSTAT_COUNTS_SIZE);
	put64(c, NLG_NSTAT_CNT_RXPACKETS_OFF, s->rxpackets);
	put64(c, NLG_NSTAT_CNT_RXBYTES_OFF, s->rxbytes);
	put64(c, NLG_NSTAT_CNT_TXPACKETS_OFF, s->txpackets);
	put64(c, NLG_NSTAT_CNT_TXBYTES_OFF, s->txbytes);
}

/* nstat_msg_src_update: header, srcref, event flags, counts, provider,
 * then the descriptor. Return: its length. */
static size_t build_update(const struct mx_xnu *x, const struct mx_src *src, uint64_t ctx,
			   uint16_t flags, uint8_t *b)
{
	const struct mx_sock *s = &x->socks[src->sock];
	size_t len = NLG_NSTAT_UPDATE_DATA_OFF + desc_len(src->provider);
	memset(b, 0, NLG_NSTAT_UPDATE_DATA_OFF);
	put_hdr(b, ctx, NLG_NSTAT_SRC_UPDATE, len, flags);
	put64(b, NLG_NSTAT_SRCREF_OFF, src->srcref);
	put_counts(s, b + NLG_NSTAT_COUNTS_OFF);
	put32(b, NLG_NSTAT_UPDATE_PROVIDER_OFF, src->provider);
	put_desc(s, b + NLG_NSTAT_UPDATE_DATA_OFF);
	return len;
}

static bool send_small(struct mx_xnu *x, uint64_t ctx, uint32_t type, uint16_t flags,
		       uint64_t srcref, uint32_t provider, size_t len)
{
	uint8_t b[NLG_NSTAT_ADDED_SIZE] = { 0 };
	put_hdr(b, ctx, type, len, flags);
	if (len > NLG_NSTAT_HDR_SIZE)
		put64(b, NLG_NSTAT_SRCREF_OFF, srcref);
	if (len >= NLG_NSTAT_ADDED_SIZE)
		put32(b, NLG_NSTAT_ADDED_PROVIDER_OFF, provider);
	/* SUCCESS, ERROR and REMOVED go CTL_DATA_CRIT; SRC_ADDED does not */
	return mx_enqueue(x, b, len, type != NLG_NSTAT_SRC_ADDED);
}

static void send_error(struct mx_xnu *x, uint64_t ctx, uint32_t err, const void *req, size_t rlen)
{
	uint8_t b[NLG_NSTAT_ERROR_SIZE + 128] = { 0 };
	if (rlen > 128)
		rlen = 0; /* the prepend failed: the error alone */
	put_hdr(b, ctx, NLG_NSTAT_ERROR, NLG_NSTAT_ERROR_SIZE + rlen, 0);
	put32(b, NLG_NSTAT_ERROR_CODE_OFF, err);
	memcpy(b + NLG_NSTAT_ERROR_SIZE, req, rlen);
	mx_enqueue(x, b, NLG_NSTAT_ERROR_SIZE + rlen, true);
}

/* ---- sources -------------------------------------------------------- */

/* nstat_client_source_add. Return: 0 or ENOBUFS (the source not added). */
static int source_add(struct mx_xnu *x, size_t sock)
{
	uint32_t provider = x->socks[sock].provider;
	if (!x->suppress_added[provider] &&
	    !send_small(x, 0, NLG_NSTAT_SRC_ADDED, 0, x->next_srcref, provider,
			NLG_NSTAT_ADDED_SIZE))
		return ENOBUFS;
	if (x->nsrcs == x->srcs_cap) {
		x->srcs_cap = x->srcs_cap ? x->srcs_cap * 2 : 64;
		x->srcs = realloc(x->srcs, x->srcs_cap * sizeof(*x->srcs));
		if (!x->srcs)
			abort();
	}
	x->srcs[x->nsrcs++] = (struct mx_src){
		.sock = sock, .srcref = x->next_srcref++, .provider = provider, .live = true,
	};
	return 0;
}

void mx_ntstat_sock_added(struct mx_xnu *x, size_t sock)
{
	if (x->open && x->subscribed[x->socks[sock].provider])
		source_add(x, sock);
}

/* nstat_client_send_goodbye: a final update flagged CLOSING (not
 * critical), then SRC_REMOVED, flagged CLOSED_AFTER_DROP when the
 * update could not be queued. */
static void goodbye(struct mx_xnu *x, struct mx_src *src)
{
	uint8_t b[MAX_MSG];
	uint16_t flags = 0;
	if (x->supports_updates) {
		size_t len = build_update(x, src, 0, NLG_NSTAT_F_CLOSING, b);
		if (!mx_enqueue(x, b, len, false))
			flags = NLG_NSTAT_F_CLOSED_AFTER_DROP;
	} else {
		/* counts, then a description, each flagged CLOSING */
		size_t len = build_update(x, src, 0, NLG_NSTAT_F_CLOSING, b);
		put32(b, NLG_NSTAT_HDR_TYPE_OFF, NLG_NSTAT_SRC_COUNTS);
		put16(b, NLG_NSTAT_HDR_LENGTH_OFF, NLG_NSTAT_COUNTS_MSG_SIZE);
		if (!mx_enqueue(x, b, NLG_NSTAT_COUNTS_MSG_SIZE, false))
			flags = NLG_NSTAT_F_CLOSED_AFTER_DROP;
		len = NLG_NSTAT_DESC_DATA_OFF + desc_len(src->provider);
		memset(b, 0, NLG_NSTAT_DESC_DATA_OFF);
		put_hdr(b, 0, NLG_NSTAT_SRC_DESC, len, NLG_NSTAT_F_CLOSING);
		put64(b, NLG_NSTAT_SRCREF_OFF, src->srcref);
		put32(b, NLG_NSTAT_DESC_PROVIDER_OFF, src->provider);
		put_desc(&x->socks[src->sock], b + NLG_NSTAT_DESC_DATA_OFF);
		if (!mx_enqueue(x, b, len, false))
			flags = NLG_NSTAT_F_CLOSED_AFTER_DROP;
	}
	send_small(x, 0, NLG_NSTAT_SRC_REMOVED, flags, src->srcref, 0, NLG_NSTAT_REMOVED_SIZE);
	src->live = false;
}

void mx_ntstat_sock_detached(struct mx_xnu *x, size_t sock)
{
	for (size_t i = 0; x->open && i < x->nsrcs; i++)
		if (x->srcs[i].live && x->srcs[i].sock == sock)
			goodbye(x, &x->srcs[i]);
}

/* ---- requests ------------------------------------------------------- */

static int add_all(struct mx_xnu *x, const uint8_t *req, size_t len, uint64_t ctx)
{
	uint32_t provider;
	uint64_t filter;
	if (len < NLG_NSTAT_ADD_ALL_SIZE)
		return EINVAL;
	memcpy(&provider, req + NLG_NSTAT_ADD_ALL_PROVIDER_OFF, 4);
	memcpy(&filter, req + NLG_NSTAT_ADD_ALL_FILTER_OFF, 8);
	if (provider > (uint32_t)x->last_provider || provider == 0 || provider == 7)
		return ENOENT;
	if (provider == NLG_NSTAT_PROVIDER_IFNET)
		return ENOTSUP;            /* no watcher_add */
	if (provider == PROVIDER_UDP_SUBFLOW || provider == PROVIDER_CONN_USERLAND)
		return EPERM_PRIV;         /* privileged since xnu-10002 */
	if (filter & FILTER_SUPPRESS_SRC_ADDED)
		x->supports_updates = true;
	x->suppress_added[provider] = (filter & FILTER_SUPPRESS_SRC_ADDED) != 0;
	x->subscribed[provider] = true;
	for (size_t i = 0; i < x->nsocks; i++) {
		const struct mx_sock *s = &x->socks[i];
		if (s->used && !s->detached && s->provider == provider && source_add(x, i))
			return ENOBUFS;
	}
	send_small(x, ctx, NLG_NSTAT_SUCCESS, 0, 0, 0, NLG_NSTAT_HDR_SIZE);
	return 0;
}

/* nstat_flush_accumulated_msgs: a full buffer drops the batch silently. */
static void flush(struct mx_xnu *x)
{
	if (x->acc_len)
		mx_enqueue(x, x->acc, x->acc_len, false);
	x->acc_len = 0;
}

static void accumulate(struct mx_xnu *x, const uint8_t *m, size_t len)
{
	if (x->acc_len + len > sizeof(x->acc))
		flush(x);
	memcpy(x->acc + x->acc_len, m, len);
	x->acc_len += len;
}

/* nstat_client_begin_query. Return: whether the query is paged. */
static bool begin_query(struct mx_xnu *x, uint64_t ctx, uint16_t flags)
{
	if (!(flags & NLG_NSTAT_F_CONTINUATION))
		return false;
	if (x->ntc_context != ctx) {
		if (x->ntc_context != 0) {
			send_error(x, x->ntc_context, EAGAIN, NULL, 0);
			x->eagain_sent++;
		}
		x->ntc_context = ctx;
		x->ntc_seq++;
		x->fragments = 0;
	}
	return true;
}

static int get_update(struct mx_xnu *x, const uint8_t *req, size_t len, uint64_t ctx,
		      uint16_t hflags)
{
	uint8_t m[MAX_MSG];
	uint64_t srcref, count = 0;
	if (len < NLG_NSTAT_SRCREF_REQ_SIZE)
		return EINVAL;
	memcpy(&srcref, req + NLG_NSTAT_SRCREF_OFF, 8);
	if (srcref != NLG_NSTAT_SRC_REF_ALL)
		return EINVAL; /* the backend never asks for one source */
	x->supports_updates = true;
	x->queries++;
	bool partial = begin_query(x, ctx, hflags);
	if (partial && x->restart_at_fragment && ++x->fragments == x->restart_at_fragment) {
		/* as if another request had taken the query over */
		x->restart_at_fragment = 0;
		send_error(x, ctx, EAGAIN, NULL, 0);
		x->eagain_sent++;
		x->ntc_context = 0;
		return 0;
	}
	size_t ndead = 0, *dead = malloc((x->nsrcs + 1) * sizeof(*dead));
	bool broke = false; /* end_query: a loop cut short asks for more */
	if (!dead)
		abort();
	for (size_t i = 0; i < x->nsrcs && !broke; i++) {
		struct mx_src *src = &x->srcs[i];
		if (!src->live || (partial && src->seq == x->ntc_seq))
			continue;
		accumulate(x, m, build_update(x, src, 0, 0, m));
		if (x->socks[src->sock].dead)
			dead[ndead++] = i;
		if (partial) {
			src->seq = x->ntc_seq;
			broke = ++count >= QUERY_CONTINUATION_SRC_COUNT;
		}
	}
	flush(x);
	bool more = partial && broke;
	if (!more)
		x->ntc_context = 0;
	else
		x->paged_fragments++;
	send_small(x, ctx, NLG_NSTAT_SUCCESS, more ? NLG_NSTAT_F_CONTINUATION : 0, 0, 0,
		   NLG_NSTAT_HDR_SIZE);
	/* nstat_client_cleanup_source: SRC_REMOVED alone; the final counts
	 * were in the update of this query */
	for (size_t j = 0; j < ndead; j++) {
		x->srcs[dead[j]].live = false;
		x->socks[x->srcs[dead[j]].sock].detached = true;
		send_small(x, 0, NLG_NSTAT_SRC_REMOVED, 0, x->srcs[dead[j]].srcref, 0,
			   NLG_NSTAT_REMOVED_SIZE);
	}
	free(dead);
	return 0;
}

int mx_ctl_send(void *ctx, int h, const void *buf, size_t len)
{
	struct mx_xnu *x = ctx;
	const uint8_t *req = buf;
	uint64_t context;
	uint32_t type;
	uint16_t hlen, flags;

	if (!x->open || h < 0)
		return -EBADF;
	if (len < NLG_NSTAT_HDR_SIZE)
		return -EINVAL;
	memcpy(&context, req + NLG_NSTAT_HDR_CONTEXT_OFF, 8);
	memcpy(&type, req + NLG_NSTAT_HDR_TYPE_OFF, 4);
	memcpy(&hlen, req + NLG_NSTAT_HDR_LENGTH_OFF, 2);
	memcpy(&flags, req + NLG_NSTAT_HDR_FLAGS_OFF, 2);
	if (hlen != len)
		flags = 0; /* a legacy client: its flags are not trusted */
	int err;
	switch (type) {
	case NLG_NSTAT_ADD_ALL_SRCS:
		err = add_all(x, req, len, context);
		break;
	case NLG_NSTAT_GET_UPDATE:
		err = get_update(x, req, len, context, flags);
		break;
	default:
		err = EINVAL;
		break;
	}
	if (err)
		send_error(x, context, (uint32_t)err, req, len);
	return 0;
}
