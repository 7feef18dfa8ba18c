/* SPDX-License-Identifier: MIT */
/*
 * wifi.c - asks nl80211 about each wireless interface: its configuration
 * (NL80211_CMD_GET_INTERFACE: mode, SSID, frequency) and its stations
 * (NL80211_CMD_GET_STATION dump: the access point of a station interface
 * with signal and bitrates, or the clients of an access point). The
 * decoding is in nl80211_parse.c; this file only talks to the socket.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/nl80211.h>

#include "platform/linux/nl80211.h"
#include "platform/linux/procwireless.h"
#include "platform/linux/readfile.h"
#include "platform/linux/wifi.h"

/* A kernel without nl80211 (or a refusal) is asked again after this many
 * reads: cfg80211 may be loaded later. */
#define RETRY_READS 64
#define PROCWIRELESS_MAX (1u << 20)

struct ask {
	struct Nlg_raw_wifi *w;
	uint16_t family;
	int err;
};

static int genl_open(struct Nlg_wifisrc *ws)
{
	return Nlg_nl_open(&ws->genl, NETLINK_GENERIC, 0, NULL);
}

static int genl_exchange(struct Nlg_wifisrc *ws, struct nlmsghdr *req, mnl_cb_t cb, void *data)
{
	return Nlg_nl_dump(&ws->genl, req, cb, data, NULL);
}

static void genl_close(struct Nlg_wifisrc *ws)
{
	Nlg_nl_close(&ws->genl);
}

static const struct Nlg_wifi_ops genl_ops = { genl_open, genl_exchange, genl_close };

static const struct Nlg_wifi_ops *ops(const struct Nlg_wifisrc *ws)
{
	return ws->ops ? ws->ops : &genl_ops;
}

static void close_src(struct Nlg_wifisrc *ws)
{
	if (ws->open)
		ops(ws)->close(ws);
	ws->open = false;
}

static struct nlmsghdr *request(struct Nlg_wifisrc *ws, uint16_t type, uint16_t flags, uint8_t cmd)
{
	memset(ws->req, 0, sizeof(ws->req));
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(ws->req);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++ws->seq;
	struct genlmsghdr *g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = 1;
	return nlh;
}

static int cb_family(const struct nlmsghdr *nlh, void *data)
{
	struct ask *a = data;
	if (nlh->nlmsg_type != GENL_ID_CTRL)
		return MNL_CB_OK;
	a->err = Nlg_nl80211_parse_family(nlh, &a->family);
	return a->err < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

/* Return: 0 once nl80211's family id is known, or a negative code. */
static int resolve(struct Nlg_wifisrc *ws)
{
	struct ask a = { 0 };
	int err = ops(ws)->open(ws);
	if (err < 0)
		return err;
	ws->open = true;
	struct nlmsghdr *req = request(ws, GENL_ID_CTRL, NLM_F_ACK, CTRL_CMD_GETFAMILY);
	mnl_attr_put_strz(req, CTRL_ATTR_FAMILY_NAME, NL80211_GENL_NAME);
	err = ops(ws)->exchange(ws, req, cb_family, &a);
	if (a.err < 0)
		err = a.err;
	if (err == 0 && !a.family)
		err = -ENOENT;
	if (err < 0) {
		close_src(ws);
		return err;
	}
	ws->family = a.family;
	return 0;
}

static int cb_reply(const struct nlmsghdr *nlh, void *data)
{
	struct ask *a = data;
	if (nlh->nlmsg_type != a->family || mnl_nlmsg_get_payload_len(nlh) < sizeof(struct genlmsghdr))
		return MNL_CB_OK;
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	if (g->cmd == NL80211_CMD_NEW_INTERFACE)
		a->err = Nlg_nl80211_parse_iface(nlh, a->w, NULL);
	else if (g->cmd == NL80211_CMD_NEW_STATION)
		a->err = Nlg_nl80211_parse_station(nlh, a->w);
	return a->err < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

/* One request about one interface. Return: 0 or a negative code. */
static int ask(struct Nlg_wifisrc *ws, uint8_t cmd, uint16_t flags, int ifindex,
	       struct Nlg_raw_wifi *w)
{
	struct ask a = { .w = w, .family = ws->family };
	struct nlmsghdr *req = request(ws, ws->family, flags, cmd);
	mnl_attr_put_u32(req, NL80211_ATTR_IFINDEX, (uint32_t)ifindex);
	int err = ops(ws)->exchange(ws, req, cb_reply, &a);
	return a.err < 0 ? a.err : err;
}

static const char *why_of(int err)
{
	switch (err) {
	case -EPERM:
	case -EACCES:
		return "permission denied";
	case -ENOENT:
		return "no nl80211 in this kernel";
	case -ENODEV:
	case -EOPNOTSUPP:
		return "the driver does not answer nl80211";
	case -EPROTO:
		return "malformed nl80211 reply";
	default:
		return "nl80211 failed";
	}
}

/* Return: 0 when nl80211 described the interface, else a negative code. */
static int from_nl80211(struct Nlg_wifisrc *ws, int ifindex, struct Nlg_raw_wifi *w)
{
	int err = -EINTR;
	/* A station dump the kernel flags as interrupted (stations came or
	 * went) is taken again, from nothing, once. */
	for (int tries = 0; tries < 2 && err == -EINTR; tries++) {
		memset(w, 0, sizeof(*w));
		err = ask(ws, NL80211_CMD_GET_INTERFACE, NLM_F_ACK, ifindex, w);
		if (err == 0)
			err = ask(ws, NL80211_CMD_GET_STATION, NLM_F_DUMP, ifindex, w);
	}
	if (err < 0)
		return err;
	w->source = "nl80211";
	Nlg_nl80211_finish(w);
	return 0;
}

/* The signal level alone, from the wireless extensions' file. */
static void from_proc(const char *text, size_t len, const char *name, struct Nlg_raw_wifi *w)
{
	int dbm;
	if (!text || Nlg_procwireless_level(text, len, name, &dbm) < 0)
		return;
	w->signal_dbm = dbm;
	w->has |= NLG_WIFI_HAS_SIGNAL;
	w->source = "/proc/net/wireless";
}

/* Return: true when the kernel refused with an error reply, which ends
 * the exchange and leaves the socket clean. */
static bool clean_refusal(int err)
{
	return err == -ENODEV || err == -EOPNOTSUPP || err == -EPERM || err == -EACCES;
}

static bool any_wifi(const struct Nlg_raw_links *out)
{
	for (size_t i = 0; i < out->nlinks; i++)
		if (out->links[i].type == NLG_IFACE_WIFI && !out->links[i].removed)
			return true;
	return false;
}

static void ensure_nl80211(struct Nlg_wifisrc *ws)
{
	if (ws->open || (ws->err && ws->retry && --ws->retry))
		return;
	ws->err = resolve(ws);
	ws->retry = ws->err ? RETRY_READS : 0;
}

void Nlg_wifi_read(struct Nlg_wifisrc *ws, const char *procfs_root, struct Nlg_raw_links *out)
{
	char path[PATH_MAX], *proc = NULL;
	size_t plen = 0;
	int perr;
	bool proc_read = false;

	if (!any_wifi(out))
		return;
	ensure_nl80211(ws);
	for (size_t i = 0; i < out->nlinks; i++) {
		struct Nlg_raw_link *l = &out->links[i];
		if (l->type != NLG_IFACE_WIFI || l->removed)
			continue;
		struct Nlg_raw_wifi *w = &l->wifi;
		memset(w, 0, sizeof(*w));
		int err = ws->err ? ws->err : from_nl80211(ws, l->ifindex, w);
		if (err == 0)
			continue;
		if (!ws->err && !clean_refusal(err)) {
			/* Replies may be left on the socket: the other links of
			 * this read go without, the next read starts afresh. */
			close_src(ws);
			ws->err = err;
			ws->retry = 1;
		}
		memset(w, 0, sizeof(*w));
		w->why = why_of(err);
		if (!proc_read) {
			snprintf(path, sizeof(path), "%s/net/wireless", procfs_root);
			proc = Nlg_read_alloc_at(AT_FDCWD, path, PROCWIRELESS_MAX, &plen, &perr);
			proc_read = true;
		}
		from_proc(proc, plen, l->name, w);
	}
	free(proc);
}

void Nlg_wifi_done(struct Nlg_wifisrc *ws)
{
	close_src(ws);
	ws->err = 0;
	ws->retry = 0;
}
