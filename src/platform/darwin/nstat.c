/* SPDX-License-Identifier: MIT */
/* nstat.c - the network-statistics kernel control: requests and replies.
 * Every byte that comes back is decoded in src/decode/. */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "platform/darwin/nstat.h"

#define CONTROL_NAME "com.apple.network.statistics"
#define REPLY_TIMEOUT_MS 1000
#define MAX_CONTINUATIONS 256
#define RCVBUF_BYTES (4 << 20)

void nlg_dw_nstat_init(struct nlg_dw_nstat *ns, const struct nlg_dw_kops *ops)
{
	memset(ns, 0, offsetof(struct nlg_dw_nstat, buf));
	ns->ops = ops;
	ns->h = -1;
}

static void close_session(struct nlg_dw_nstat *ns)
{
	if (ns->h >= 0)
		ns->ops->ctl_close(ns->ops->ctx, ns->h);
	ns->h = -1;
}

void nlg_dw_nstat_done(struct nlg_dw_nstat *ns)
{
	close_session(ns);
	nlg_ntstat_flows_done(&ns->flows);
}

/* Return: 0 with the message applied (a reply to our request in *reply),
 * or a negative errno. */
static int take_read(struct nlg_dw_nstat *ns, size_t len, struct nlg_ntstat_msg *reply,
		     bool *replied)
{
	struct nlg_ntstat_msg m;
	size_t off = 0;
	int r;
	while ((r = nlg_ntstat_next(ns->buf, len, &off, &m)) == 1) {
		if (nlg_ntstat_flows_apply(&ns->flows, &m) < 0)
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
static int read_until_reply(struct nlg_dw_nstat *ns, int wait_ms, struct nlg_ntstat_msg *reply)
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
static int request(struct nlg_dw_nstat *ns, const uint8_t *req, size_t len, bool *partial)
{
	struct nlg_ntstat_msg reply;
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

static int add_all(struct nlg_dw_nstat *ns, uint32_t provider)
{
	uint8_t req[NLG_NSTAT_ADD_ALL_SIZE];
	int len = nlg_ntstat_encode_add_all(req, sizeof(req), ++ns->context, provider, 0, 0);
	return len < 0 ? len : request(ns, req, (size_t)len, NULL);
}

/* A request about every source, repeated while the kernel says there
 * is more. Return: 0 or a negative errno. */
static int ask_all(struct nlg_dw_nstat *ns, uint32_t type)
{
	uint8_t req[NLG_NSTAT_SRCREF_REQ_SIZE];
	bool partial = true;
	int err = 0;
	for (int i = 0; i < MAX_CONTINUATIONS && partial && !err; i++) {
		int len = nlg_ntstat_encode_srcref_req(req, sizeof(req), ++ns->context, type,
						       NLG_NSTAT_SRC_REF_ALL);
		if (len < 0)
			return len;
		if (i > 0)
			nlg_ntstat_set_req_flags(req, NLG_NSTAT_F_CONTINUATION);
		partial = false;
		err = request(ns, req, (size_t)len, &partial);
	}
	return err;
}

int nlg_dw_nstat_open(struct nlg_dw_nstat *ns)
{
	static const uint32_t providers[] = { NLG_NSTAT_PROVIDER_TCP_KERNEL,
					      NLG_NSTAT_PROVIDER_UDP_KERNEL };
	if (ns->h >= 0)
		return 0;
	if (ns->open_err)
		return -ns->open_err;
	ns->rcvbuf = RCVBUF_BYTES;
	int err = ns->ops->ctl_open(ns->ops->ctx, CONTROL_NAME, &ns->rcvbuf);
	if (err >= 0) {
		ns->h = err;
		err = 0;
	}
	for (size_t i = 0; !err && i < sizeof(providers) / sizeof(providers[0]); i++)
		err = add_all(ns, providers[i]);
	if (err < 0) {
		close_session(ns);
		ns->open_err = -err;
	}
	return err;
}

int nlg_dw_nstat_update(struct nlg_dw_nstat *ns)
{
	struct nlg_ntstat_msg none;
	nlg_ntstat_flows_prune(&ns->flows);
	int err = read_until_reply(ns, 0, &none); /* what was queued meanwhile */
	if (!err)
		err = ask_all(ns, NLG_NSTAT_GET_UPDATE);
	if (err < 0) {
		close_session(ns);
		ns->open_err = -err;
	}
	return err;
}
