/* SPDX-License-Identifier: MIT */
/*
 * platform.c - the Linux backend: links and addresses from rtnetlink,
 * deletions from the link multicast group (so an interface removed between
 * two samples still gives its final counters), /proc/net/dev when netlink
 * is refused.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>

#include "platform/linux/classify.h"
#include "platform/linux/fallback.h"
#include "platform/linux/linux.h"
#include "platform/linux/rtnl.h"
#include "platform/linux/snmp.h"

/* A dump the kernel flags as interrupted (links changed meanwhile) is
 * taken again, this many times at most. */
#define DUMP_TRIES 5


struct read_ctx {
	struct Nlg_platform *p;
	struct Nlg_raw_links *out;
	uint64_t netns;             /* 0: ours (or the one namespace asked for) */
	const char *netns_name;
	int err;
};

static int open_route(void *arg)
{
	struct Nlg_platform *p = arg;
	int err = Nlg_nl_open(&p->route, NETLINK_ROUTE, 0, NULL);
	if (err < 0)
		return err;
	/* Without the event group, deletions between samples are seen at the
	 * next dump with the totals of the last sample instead. */
	if (Nlg_nl_open(&p->events, NETLINK_ROUTE, RTNLGRP_LINK, NULL) < 0)
		memset(&p->events, 0, sizeof(p->events));
	return 0;
}

/* Links come from our namespace, or from the one namespace asked for,
 * entered to open the sockets. Return: 0 or a negative code, eb set. */
static int open_netlink(struct Nlg_platform *p, struct Nlg_errbuf *eb)
{
	struct Nlg_netns_spec sp;
	int err = Nlg_netns_resolve(p->procfs_root, p->netns_spec, &sp, eb);
	if (err < 0)
		return err;
	const char *proc = sp.scope == NLG_NETNS_SCOPE_ONE ? sp.path : NULL;
	err = proc ? Nlg_netns_run(sp.path, open_route, p) : open_route(p);
	if (err < 0)
		return Nlg_fail(eb, err, "cannot open an rtnetlink socket%s: %s",
				proc ? " in that network namespace" : "", strerror(-err));
	/* That namespace's forwarding counters, through a process inside. */
	if (proc && !strncmp(sp.path, p->procfs_root, strlen(p->procfs_root))) {
		size_t n = strlen(sp.path) - strlen("/ns/net");
		snprintf(p->fwd_path[0], sizeof(p->fwd_path[0]), "%.*s/net/snmp", (int)n, sp.path);
		snprintf(p->fwd_path[1], sizeof(p->fwd_path[1]), "%.*s/net/snmp6", (int)n, sp.path);
	} else if (!proc) {
		snprintf(p->fwd_path[0], sizeof(p->fwd_path[0]), "%s/self/net/snmp", p->procfs_root);
		snprintf(p->fwd_path[1], sizeof(p->fwd_path[1]), "%s/self/net/snmp6", p->procfs_root);
	}
	return 0;
}

int Nlg_platform_open(struct Nlg_platform **pp, const struct Nlg_platform_config *cfg,
		      struct Nlg_errbuf *eb)
{
	struct Nlg_platform *p = calloc(1, sizeof(*p));
	if (!p)
		return Nlg_fail(eb, -ENOMEM, "out of memory");
	p->procfs_root = strdup(cfg->procfs_root);
	p->linkinfo.sysfs_root = strdup(cfg->sysfs_root);
	if (!p->procfs_root || !p->linkinfo.sysfs_root) {
		Nlg_platform_close(p);
		return Nlg_fail(eb, -ENOMEM, "out of memory");
	}
	if (cfg->netns && !(p->netns_spec = strdup(cfg->netns))) {
		Nlg_platform_close(p);
		return Nlg_fail(eb, -ENOMEM, "out of memory");
	}
	p->source = cfg->link_source;
	p->ebpf_mode = cfg->ebpf;
	p->sampling = cfg->sampling;
	Nlg_sockinc_init(&p->inc, cfg->reconcile_ns);
	p->all_links = cfg->all_netns_links;
	if (p->source != NLG_LINK_SOURCE_PROCFS) {
		int err = open_netlink(p, eb);
		if (err < 0 && (p->source == NLG_LINK_SOURCE_NETLINK || err == -ENOENT ||
				err == -EINVAL || (p->netns_spec && strcmp(p->netns_spec, "all") &&
						   strcmp(p->netns_spec, "current")))) {
			Nlg_platform_close(p);
			return err;
		}
		p->source = err < 0 ? NLG_LINK_SOURCE_PROCFS : NLG_LINK_SOURCE_NETLINK;
		if (eb)
			eb->msg[0] = '\0';
	}
	*pp = p;
	return 0;
}

void Nlg_platform_close(struct Nlg_platform *p)
{
	if (!p)
		return;
	if (p->route.sock)
		Nlg_nl_close(&p->route);
	if (p->events.sock)
		Nlg_nl_close(&p->events);
	Nlg_linkinfo_done(&p->linkinfo);
	Nlg_wifi_done(&p->wifi);
	if (p->netns.open)
		Nlg_ebpf_source_done(p);
	Nlg_sockinc_done(&p->inc);
	Nlg_netns_reg_close(&p->netns);
	Nlg_netns_reg_close(&p->links_netns);
	free(p->netns_spec);
	Nlg_owners_done(p);
	free((char *)p->linkinfo.sysfs_root);
	free(p->procfs_root);
	free(p);
}

static int take_link(const struct nlmsghdr *nlh, struct read_ctx *rc, bool removed)
{
	uint16_t hwtype;
	struct Nlg_raw_link *l = Nlg_raw_links_push(rc->out);
	if (!l) {
		rc->err = -ENOMEM;
		return MNL_CB_ERROR;
	}
	if (Nlg_rtnl_parse_link(nlh, l, &hwtype) < 0) {
		rc->out->nlinks--;
		rc->err = -EPROTO;
		return MNL_CB_ERROR;
	}
	l->removed = removed;
	if (rc->netns) {
		/* sysfs shows our own namespace: another's links are known
		 * by their kind alone */
		l->netns = rc->netns;
		snprintf(l->netns_name, sizeof(l->netns_name), "%s", rc->netns_name);
		l->type = Nlg_linux_classify(hwtype, l->kind, 0);
		return MNL_CB_OK;
	}
	if (Nlg_linkinfo_enrich(&rc->p->linkinfo, l, hwtype) < 0) {
		rc->err = -ENOMEM;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

static int cb_link(const struct nlmsghdr *nlh, void *data)
{
	if (nlh->nlmsg_type != RTM_NEWLINK)
		return MNL_CB_OK;
	return take_link(nlh, data, false);
}

/* Only the deletion of a link matters here; bridges also send AF_BRIDGE
 * deletions when a port leaves, which are not link deletions. */
static int cb_event(const struct nlmsghdr *nlh, void *data)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	if (nlh->nlmsg_type != RTM_DELLINK || nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*ifi)) ||
	    ifi->ifi_family != AF_UNSPEC)
		return MNL_CB_OK;
	/* A malformed event is skipped: the next dump still has the truth. */
	struct read_ctx *rc = data;
	take_link(nlh, rc, true);
	return rc->err == -ENOMEM ? MNL_CB_ERROR : MNL_CB_OK;
}

static int cb_addr(const struct nlmsghdr *nlh, void *data)
{
	struct read_ctx *rc = data;
	if (nlh->nlmsg_type != RTM_NEWADDR)
		return MNL_CB_OK;
	struct Nlg_raw_addr *a = Nlg_raw_addrs_push(rc->out);
	if (!a) {
		rc->err = -ENOMEM;
		return MNL_CB_ERROR;
	}
	int err = Nlg_rtnl_parse_addr(nlh, a);
	a->netns = rc->netns;
	if (err == -EAFNOSUPPORT) {
		rc->out->naddrs--;
		return MNL_CB_OK;
	}
	if (err < 0) {
		rc->out->naddrs--;
		rc->err = err;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

static int dump(struct Nlg_nl *nl, uint16_t type, mnl_cb_t cb, struct read_ctx *rc,
		struct Nlg_errbuf *eb)
{
	struct nlmsghdr *req = Nlg_nl_dump_request(nl, type);
	/* Each dump carries its own family header; zeroed means AF_UNSPEC. */
	if (type == RTM_GETLINK)
		mnl_nlmsg_put_extra_header(req, sizeof(struct ifinfomsg));
	else
		mnl_nlmsg_put_extra_header(req, sizeof(struct ifaddrmsg));
	rc->err = 0;
	int err = Nlg_nl_dump(nl, req, cb, rc, eb);
	if (err < 0 && rc->err)
		err = rc->err;
	if (err == -EPROTO)
		return Nlg_fail(eb, err, "malformed rtnetlink message in %s dump",
				type == RTM_GETLINK ? "link" : "address");
	return err;
}

/* Appends the links and addresses of the namespace of nl, marked with
 * netns (0: ours, enriched from sysfs) and its name.
 * Return: 0 or a negative error code with eb set. */
static int dump_links(struct Nlg_platform *p, struct Nlg_nl *nl, uint64_t netns,
		      const char *name, struct Nlg_raw_links *out, struct Nlg_errbuf *eb)
{
	struct read_ctx rc = { .p = p, .out = out, .netns = netns, .netns_name = name };
	size_t nlinks = out->nlinks, naddrs = out->naddrs;
	int err = -EINTR;

	for (int tries = 0; tries < DUMP_TRIES && err == -EINTR; tries++) {
		out->nlinks = nlinks;
		out->naddrs = naddrs;
		err = dump(nl, RTM_GETLINK, cb_link, &rc, eb);
		if (err == 0)
			err = dump(nl, RTM_GETADDR, cb_addr, &rc, eb);
	}
	if (err == -EINTR)
		return Nlg_fail(eb, -EAGAIN, "interfaces kept changing during %d dumps", DUMP_TRIES);
	return err;
}

/* The links of every other network namespace, each read through an
 * rtnetlink socket opened inside it and kept. */
static int links_all_netns(struct Nlg_platform *p, struct Nlg_raw_links *out,
			   struct Nlg_errbuf *eb)
{
	int err;
	if (!p->links_netns.open &&
	    (err = Nlg_netns_reg_open_links(&p->links_netns, p->procfs_root, eb)) < 0)
		return err;
	if ((err = Nlg_netns_reg_scan(&p->links_netns)) < 0)
		return Nlg_fail(eb, err, "out of memory");
	for (size_t i = 0; i < p->links_netns.n; i++) {
		struct Nlg_netns *ns = p->links_netns.v[i];
		if (ns->self || ns->err || ns->unseen)
			continue;
		/* A namespace going away meanwhile is skipped, not an error. */
		err = dump_links(p, &ns->route, ns->inode, ns->name, out, eb);
		if (err == -ENOMEM)
			return err;
	}
	if (eb)
		eb->msg[0] = '\0';
	return 0;
}

static int read_netlink(struct Nlg_platform *p, struct Nlg_raw_links *out,
			struct Nlg_errbuf *eb)
{
	struct read_ctx rc = { .p = p, .out = out };
	Nlg_raw_links_clear(out);
	int err = dump_links(p, &p->route, 0, "", out, eb);
	if (err < 0)
		return err;
	out->have_addrs = true;
	/* Events after the dump: a link deleted since the last sample, or
	 * just after this dump, ends with the kernel's final counters. */
	if (p->events.sock) {
		int lost = Nlg_nl_drain(&p->events, cb_event, &rc, NULL);
		if (lost > 0)
			p->lost_events += (uint64_t)lost;
		if (rc.err == -ENOMEM)
			return Nlg_fail(eb, -ENOMEM, "out of memory");
	}
	Nlg_linkinfo_prune(&p->linkinfo);
	/* Forwarded packets let the attribution tell forwarding apart. */
	out->have_fwd = p->fwd_path[0][0] &&
			Nlg_snmp_forwarded(p->fwd_path[0], p->fwd_path[1], &out->fwd_packets) == 0;
	return p->all_links ? links_all_netns(p, out, eb) : 0;
}

int Nlg_platform_read_links(struct Nlg_platform *p, struct Nlg_raw_links *out,
			    struct Nlg_errbuf *eb)
{
	int err;
	if (p->source == NLG_LINK_SOURCE_NETLINK) {
		err = read_netlink(p, out, eb);
	} else {
		Nlg_raw_links_clear(out);
		err = Nlg_fallback_read(p->procfs_root, &p->linkinfo, out, eb);
	}
	if (err == 0)
		Nlg_wifi_read(&p->wifi, p->procfs_root, out);
	return err;
}

enum nlg_link_source Nlg_platform_link_source(const struct Nlg_platform *p)
{
	return p->source;
}

uint64_t Nlg_platform_lost_link_events(const struct Nlg_platform *p)
{
	return p->lost_events;
}

int Nlg_platform_read_socks(struct Nlg_platform *p, struct Nlg_raw_socks *out,
			    struct Nlg_errbuf *eb)
{
	int err;
	if (!p->netns.open) {
		/* The counter first: its own probe socket is then no event. */
		if ((err = Nlg_ebpf_source_open(p, eb)) < 0) {
			Nlg_ebpf_source_done(p);
			return err;
		}
		if ((err = Nlg_netns_reg_open(&p->netns, p->procfs_root, p->netns_spec, eb)) < 0) {
			Nlg_ebpf_source_done(p);
			Nlg_netns_reg_close(&p->netns);
			return err;
		}
	}
	if (p->ebpf && p->sampling == NLG_SAMPLING_AUTO && Nlg_ebpf_can_notify(p->ebpf))
		return Nlg_sockinc_read(p, out, eb);
	return Nlg_platform_full_socks(p, out, eb);
}
