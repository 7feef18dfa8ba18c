/* SPDX-License-Identifier: MIT */
/* nstat.c - the network-statistics kernel control: socket, requests and
 * replies. Every byte that comes back is decoded in src/decode/. */
#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/kern_control.h>

#include "platform/darwin/nstat.h"

/* From sys/sys_domain.h, which the SDK used here lacks; unchanged since
 * kernel controls appeared (Mac OS X 10.2). */
#define NLG_DW_SYSPROTO_CONTROL 2
#define NLG_DW_AF_SYS_CONTROL 2

#define CONTROL_NAME "com.apple.network.statistics"
#define REPLY_TIMEOUT_MS 1000
#define MAX_CONTINUATIONS 256
#define RCVBUF_BYTES (4 << 20)

void nlg_dw_nstat_init(struct nlg_dw_nstat *ns)
{
	memset(ns, 0, offsetof(struct nlg_dw_nstat, buf));
	ns->fd = -1;
}

static void close_session(struct nlg_dw_nstat *ns)
{
	if (ns->fd >= 0)
		close(ns->fd);
	ns->fd = -1;
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
		struct pollfd p = { .fd = ns->fd, .events = POLLIN };
		int r = poll(&p, 1, wait_ms);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (r == 0)
			return wait_ms ? -ETIMEDOUT : 0;
		ssize_t n = recv(ns->fd, ns->buf, sizeof(ns->buf), 0);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -ECONNRESET;
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
	if (send(ns->fd, req, len, 0) < 0)
		return -errno;
	int err = read_until_reply(ns, REPLY_TIMEOUT_MS, &reply);
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

static int connect_control(struct nlg_dw_nstat *ns)
{
	struct ctl_info info;
	struct sockaddr_ctl sc;
	int rcvbuf = RCVBUF_BYTES;

	ns->fd = socket(PF_SYSTEM, SOCK_DGRAM, NLG_DW_SYSPROTO_CONTROL);
	if (ns->fd < 0)
		return -errno;
	memset(&info, 0, sizeof(info));
	strlcpy(info.ctl_name, CONTROL_NAME, sizeof(info.ctl_name));
	if (ioctl(ns->fd, CTLIOCGINFO, &info) < 0)
		return -errno;
	memset(&sc, 0, sizeof(sc));
	sc.sc_len = sizeof(sc);
	sc.sc_family = AF_SYSTEM;
	sc.ss_sysaddr = NLG_DW_AF_SYS_CONTROL;
	sc.sc_id = info.ctl_id;
	if (connect(ns->fd, (struct sockaddr *)&sc, sizeof(sc)) < 0)
		return -errno;
	/* A big buffer: the kernel drops what does not fit. */
	setsockopt(ns->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	return 0;
}

int nlg_dw_nstat_open(struct nlg_dw_nstat *ns)
{
	static const uint32_t providers[] = { NLG_NSTAT_PROVIDER_TCP_KERNEL,
					      NLG_NSTAT_PROVIDER_UDP_KERNEL };
	if (ns->fd >= 0)
		return 0;
	if (ns->open_err)
		return -ns->open_err;
	int err = connect_control(ns);
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
	if (!err && !ns->no_get_update) {
		err = ask_all(ns, NLG_NSTAT_GET_UPDATE);
		if (err == -EINVAL || err == -ENOTSUP) {
			ns->no_get_update = true; /* before macOS 10.12 */
			err = 0;
		}
	}
	if (!err && ns->no_get_update) {
		err = ask_all(ns, NLG_NSTAT_QUERY_SRC);
		if (!err)
			err = ask_all(ns, NLG_NSTAT_GET_SRC_DESC);
	}
	if (err < 0) {
		close_session(ns);
		ns->open_err = -err;
	}
	return err;
}
