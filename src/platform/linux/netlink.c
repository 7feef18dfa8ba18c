/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>

#include "platform/linux/netlink.h"
#include "platform/linux/nlmsg.h"

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif

/* Multicast sockets get a deep buffer so that bursts of events (many links
 * or sockets removed at once) are not dropped. */
#define NLG_NL_EVENT_RCVBUF (4 * 1024 * 1024)

int Nlg_nl_open(struct Nlg_nl *nl, int bus, unsigned int group, struct Nlg_errbuf *eb)
{
	int one = 1;

	memset(nl, 0, sizeof(*nl));
	nl->buf = malloc(NLG_NL_BUFSIZE);
	if (!nl->buf)
		return Nlg_fail(eb, -ENOMEM, "out of memory for a netlink buffer");
	nl->sock = mnl_socket_open2(bus, SOCK_CLOEXEC | (group ? SOCK_NONBLOCK : 0));
	if (!nl->sock) {
		int err = -errno;
		Nlg_nl_close(nl);
		return Nlg_fail(eb, err, "cannot open netlink socket: %s", strerror(-err));
	}
	/* Best effort: older kernels lack extended acks. */
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	if (group) {
		int size = NLG_NL_EVENT_RCVBUF, fd = mnl_socket_get_fd(nl->sock);
		/* FORCE passes rmem_max when privileged; otherwise take what
		 * the plain option grants. */
		if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0)
			setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	}
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		int err = -errno;
		Nlg_nl_close(nl);
		return Nlg_fail(eb, err, "cannot bind netlink socket: %s", strerror(-err));
	}
	if (group && mnl_socket_setsockopt(nl->sock, NETLINK_ADD_MEMBERSHIP, &group,
					   sizeof(group)) < 0) {
		int err = -errno;
		Nlg_nl_close(nl);
		return Nlg_fail(eb, err, "cannot join netlink group %u: %s", group,
				strerror(-err));
	}
	nl->portid = mnl_socket_get_portid(nl->sock);
	return 0;
}

int Nlg_nl_join(struct Nlg_nl *nl, unsigned int group)
{
	if (mnl_socket_setsockopt(nl->sock, NETLINK_ADD_MEMBERSHIP, &group, sizeof(group)) < 0)
		return -errno;
	return 0;
}

void Nlg_nl_close(struct Nlg_nl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	free(nl->buf);
	memset(nl, 0, sizeof(*nl));
}

struct nlmsghdr *Nlg_nl_dump_request(struct Nlg_nl *nl, uint16_t type)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(nl->buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = ++nl->seq;
	return nlh;
}

/* Copies the kernel's extended-ack text, if any, from an error message. */
static void ext_ack_text(const struct nlmsghdr *nlh, struct Nlg_errbuf *eb)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	size_t off = sizeof(*e);
	const struct nlattr *attr;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (e->msg.nlmsg_len < sizeof(struct nlmsghdr))
			return;
		off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
	}
	if (off > mnl_nlmsg_get_payload_len(nlh))
		return;
	mnl_attr_for_each(attr, nlh, off) {
		if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
		    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0) {
			Nlg_fail(eb, 0, "%s", mnl_attr_get_str(attr));
			return;
		}
	}
}

struct dump_ctx {
	mnl_cb_t cb;
	void *data;
	struct Nlg_errbuf *eb;
	int err;
};

static int cb_data(const struct nlmsghdr *nlh, void *data)
{
	struct dump_ctx *dc = data;
	return dc->cb(nlh, dc->data);
}

static int cb_error(const struct nlmsghdr *nlh, void *data)
{
	struct dump_ctx *dc = data;
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e))) {
		dc->err = -EPROTO;
		return MNL_CB_ERROR;
	}
	if (e->error == 0)
		return MNL_CB_STOP;
	dc->err = e->error < 0 ? e->error : -e->error;
	ext_ack_text(nlh, dc->eb);
	return MNL_CB_ERROR;
}

static int cb_done(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_STOP;
}

static int cb_noop(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_OK;
}

/* Return: 0 when done, 1 when more replies follow, or a negative code. */
static int run_replies(struct Nlg_nl *nl, size_t len, unsigned int seq, struct dump_ctx *dc)
{
	/* A control array replaces libmnl's defaults entirely, so it names
	 * every control message. */
	static mnl_cb_t ctl[NLMSG_MIN_TYPE] = {
		[NLMSG_NOOP] = cb_noop,
		[NLMSG_ERROR] = cb_error,
		[NLMSG_DONE] = cb_done,
		[NLMSG_OVERRUN] = cb_noop,
	};
	int ret;

	if (Nlg_nlmsg_check(nl->buf, len) < 0)
		return -EPROTO;
	errno = 0;
	dc->err = 0;
	ret = mnl_cb_run2(nl->buf, len, seq, nl->portid, cb_data, dc, ctl, NLMSG_MIN_TYPE);
	if (ret == MNL_CB_ERROR) {
		if (dc->err)
			return dc->err;
		if (errno == EINTR)
			return -EINTR;
		return errno ? -errno : -EPROTO;
	}
	return ret == MNL_CB_STOP ? 0 : 1;
}

/* After an interrupted dump, reads the rest of it so that the next request
 * starts on a clean socket. */
static void skip_rest(struct Nlg_nl *nl, unsigned int seq, const char *buf, size_t len)
{
	for (int reads = 0; reads < 100000; reads++) {
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
		int left = (int)len;
		if (Nlg_nlmsg_check(buf, len) < 0)
			return; /* the next dump's replies will not match either */
		for (; mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left)) {
			if (nlh->nlmsg_seq == seq &&
			    (nlh->nlmsg_type == NLMSG_DONE || nlh->nlmsg_type == NLMSG_ERROR))
				return;
		}
		ssize_t n = mnl_socket_recvfrom(nl->sock, nl->buf, NLG_NL_BUFSIZE);
		if (n <= 0)
			return;
		buf = nl->buf;
		len = (size_t)n;
	}
}

int Nlg_nl_dump(struct Nlg_nl *nl, struct nlmsghdr *req, mnl_cb_t cb, void *data,
		struct Nlg_errbuf *eb)
{
	unsigned int seq = req->nlmsg_seq;
	struct dump_ctx dc = { .cb = cb, .data = data, .eb = eb };

	if (mnl_socket_sendto(nl->sock, req, req->nlmsg_len) < 0)
		return Nlg_fail(eb, -errno, "netlink send: %s", strerror(errno));
	for (;;) {
		ssize_t len = mnl_socket_recvfrom(nl->sock, nl->buf, NLG_NL_BUFSIZE);
		if (len < 0)
			return Nlg_fail(eb, -errno, "netlink receive: %s", strerror(errno));
		int ret = run_replies(nl, (size_t)len, seq, &dc);
		if (ret == -EINTR) {
			skip_rest(nl, seq, nl->buf, (size_t)len);
			return ret;
		}
		if (ret < 0 && eb && !eb->msg[0])
			Nlg_fail(eb, ret, "netlink dump failed: %s", strerror(-ret));
		if (ret <= 0)
			return ret;
	}
}

int Nlg_nl_drain(struct Nlg_nl *nl, mnl_cb_t cb, void *data, struct Nlg_errbuf *eb)
{
	int overruns = 0;

	for (;;) {
		ssize_t len = mnl_socket_recvfrom(nl->sock, nl->buf, NLG_NL_BUFSIZE);
		if (len < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return overruns;
			if (errno == ENOBUFS) {
				overruns++;
				continue;
			}
			if (errno == EINTR)
				continue;
			return Nlg_fail(eb, -errno, "netlink events: %s", strerror(errno));
		}
		/* Multicast messages carry sequence 0 and port id 0. */
		if (Nlg_nlmsg_check(nl->buf, (size_t)len) < 0 ||
		    mnl_cb_run(nl->buf, (size_t)len, 0, 0, cb, data) == MNL_CB_ERROR)
			return Nlg_fail(eb, -EPROTO, "malformed netlink event");
	}
}
