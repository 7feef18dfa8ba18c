/* SPDX-License-Identifier: MIT */
/* nstat.c - the network-statistics kernel control: requests and replies.
 * Every byte that comes back is decoded in src/decode/. */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "platform/darwin/nstat.h"

#define CONTROL_NAME "com.apple.network.statistics"
#define REPLY_TIMEOUT_MS 1000
#define MAX_FRAGMENTS 65536       /* of 100 sources each */
#define MAX_RESTARTS 3
#define RCVBUF_BYTES (4 << 20)
/* A fragment of 100 TCP updates is about 50 KB, and xnu refuses
 * non-critical records once less than a quarter of the buffer is free. */
#define RCVBUF_NEED (128 << 10)

void Nlg_dw_nstat_init(struct Nlg_dw_nstat *ns, const struct Nlg_dw_kops *ops)
{
	memset(ns, 0, offsetof(struct Nlg_dw_nstat, buf));
	ns->ops = ops;
	ns->h = -1;
}

static void close_session(struct Nlg_dw_nstat *ns)
{
	if (ns->h >= 0)
		ns->ops->ctl_close(ns->ops->ctx, ns->h);
	ns->h = -1;
}

void Nlg_dw_nstat_done(struct Nlg_dw_nstat *ns)
{
	close_session(ns);
	Nlg_ntstat_flows_done(&ns->flows);
}

/* Return: 0 with the message applied (a reply to our request in *reply),
 * or a negative errno. */
static int take_read(struct Nlg_dw_nstat *ns, size_t len, struct Nlg_ntstat_msg *reply,
		     bool *replied)
{
	struct Nlg_ntstat_msg m;
	size_t off = 0;
	int r;
	while ((r = Nlg_ntstat_next(ns->buf, len, &off, &m)) == 1) {
		if (Nlg_ntstat_flows_apply(&ns->flows, &m) < 0)
			return -ENOMEM;
		if (m.context == ns->context &&
		    (m.type == NLG_NSTAT_SUCCESS || m.type == NLG_NSTAT_ERROR)) {
			*reply = m;
			*replied = true;
		}
	}
	return r;
}

/* Reads until the reply to the last request (or, with wait_ms 0, until
 * nothing is queued). Return: 0, or a negative errno (-ETIMEDOUT). */
static int read_until_reply(struct Nlg_dw_nstat *ns, int wait_ms, struct Nlg_ntstat_msg *reply)
{
	bool replied = false;
	while (!replied) {
		int n = ns->ops->ctl_recv(ns->ops->ctx, ns->h, ns->buf, sizeof(ns->buf), wait_ms);
		if (n < 0)
			return n;
		if (n == 0)
			return wait_ms ? -ETIMEDOUT : 0;
		int err = take_read(ns, (size_t)n, reply, &replied);
		if (err < 0)
			return err;
	}
	return 0;
}

/* Sends a request and waits for its reply.
 * Return: 0 on SUCCESS (*partial when the kernel cut it short), the
 * negated errno of an ERROR reply, or another negative errno. */
static int request(struct Nlg_dw_nstat *ns, const uint8_t *req, size_t len, bool *partial)
{
	struct Nlg_ntstat_msg reply;
	int err = ns->ops->ctl_send(ns->ops->ctx, ns->h, req, len);
	if (err < 0)
		return err;
	err = read_until_reply(ns, REPLY_TIMEOUT_MS, &reply);
	if (err < 0)
		return err;
	if (reply.type == NLG_NSTAT_ERROR)
		return reply.error > 0 ? -reply.error : -EPROTO;
	if (partial)
		*partial = (reply.flags & NLG_NSTAT_F_CONTINUATION) != 0;
	return 0;
}

/* Subscribes to a provider's sources, without SRC_ADDED messages: an
 * add-all of every existing flow inside send() could overflow the
 * receive buffer (and then fail), and the updates carry everything a
 * SRC_ADDED says. Return: 0 or a negative errno. */
static int add_all(struct Nlg_dw_nstat *ns, uint32_t provider)
{
	uint8_t req[NLG_NSTAT_ADD_ALL_SIZE];
	int len = Nlg_ntstat_encode_add_all(req, sizeof(req), ++ns->context, provider,
					    NLG_NSTAT_FILTER_SUPPRESS_SRC_ADDED, 0);
	return len < 0 ? len : request(ns, req, (size_t)len, NULL);
}

/* One pass of a paged GET_UPDATE: every fragment asked with the same
 * context and the CONTINUATION flag, until the kernel's SUCCESS has no
 * CONTINUATION. xnu pages only a request so flagged (100 sources a
 * fragment on macOS), and answers a new context with EAGAIN.
 * Return: 0, -EAGAIN when the kernel restarted the query, or another
 * negative errno. */
static int page_through(struct Nlg_dw_nstat *ns)
{
	uint8_t req[NLG_NSTAT_SRCREF_REQ_SIZE];
	int len = Nlg_ntstat_encode_srcref_req(req, sizeof(req), ++ns->context,
					       NLG_NSTAT_GET_UPDATE, NLG_NSTAT_SRC_REF_ALL);
	if (len < 0)
		return len;
	Nlg_ntstat_set_req_flags(req, NLG_NSTAT_F_CONTINUATION);
	bool more = true;
	for (int i = 0; more; i++) {
		if (i == MAX_FRAGMENTS)
			return -E2BIG;
		more = false;
		int err = request(ns, req, (size_t)len, &more);
		if (err < 0)
			return err;
	}
	return 0;
}

/* Brings every source up to date; a query the kernel restarted is asked
 * again with a new context. Return: 0 or a negative errno. */
static int poll_all(struct Nlg_dw_nstat *ns)
{
	int err = -EAGAIN;
	for (int i = 0; i <= MAX_RESTARTS && err == -EAGAIN; i++) {
		err = page_through(ns);
		ns->restarts += err == -EAGAIN;
	}
	return err;
}

/* The kernel's own TCP and UDP first (required), then the userland
 * stacks' flows (Network.framework, QUIC), which a kernel may not have
 * (ENOENT before macOS 10.15 for QUIC) or may refuse. The providers of
 * connections and UDP subflows (9, 10) need a private entitlement since
 * macOS 14 and are not asked for. */
static const struct {
	uint32_t provider;
	bool required;
} providers[] = {
	{ NLG_NSTAT_PROVIDER_TCP_KERNEL, true },
	{ NLG_NSTAT_PROVIDER_UDP_KERNEL, true },
	{ NLG_NSTAT_PROVIDER_TCP_USERLAND, false },
	{ NLG_NSTAT_PROVIDER_UDP_USERLAND, false },
	{ NLG_NSTAT_PROVIDER_QUIC_USERLAND, false },
};

/* Return: 0 or a negative errno. */
static int subscribe(struct Nlg_dw_nstat *ns)
{
	for (size_t i = 0; i < sizeof(providers) / sizeof(providers[0]); i++) {
		int err = add_all(ns, providers[i].provider);
		if (err == 0)
			ns->providers |= 1u << providers[i].provider;
		else if (providers[i].required || (err != -ENOENT && err != -ENOTSUP &&
						    err != -EPERM && err != -EACCES))
			return err;
	}
	return 0;
}

int Nlg_dw_nstat_open(struct Nlg_dw_nstat *ns)
{
	if (ns->h >= 0)
		return 0;
	if (ns->open_err)
		return -ns->open_err;
	ns->rcvbuf = RCVBUF_BYTES;
	int err = ns->ops->ctl_open(ns->ops->ctx, CONTROL_NAME, &ns->rcvbuf);
	if (err >= 0) {
		ns->h = err;
		/* room for a fragment of updates besides the 25% xnu keeps for
		 * critical messages */
		err = ns->rcvbuf >= RCVBUF_NEED ? subscribe(ns) : -ENOBUFS;
	}
	if (err < 0) {
		close_session(ns);
		ns->open_err = -err;
	}
	return err;
}

int Nlg_dw_nstat_update(struct Nlg_dw_nstat *ns)
{
	struct Nlg_ntstat_msg none;
	Nlg_ntstat_flows_prune(&ns->flows);
	int err = read_until_reply(ns, 0, &none); /* what was queued meanwhile */
	if (!err)
		err = poll_all(ns);
	if (err < 0) {
		close_session(ns);
		ns->open_err = -err;
	}
	return err;
}
