/* SPDX-License-Identifier: MIT */
/*
 * platform.c - the macOS backend's platform interface: the interface list
 * from NET_RT_IFLIST2, exact 64-bit counters from IFMIB_IFDATA (ifmib.c),
 * addresses from getifaddrs(); connections in sockets.c. Built on macOS
 * only: it wires the portable glue to the real kernel calls.
 * macOS delivers no link events here: an interface removed between two
 * samples ends with the totals of the last sample that saw it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "platform/bsd/ifaddr.h"
#include "platform/darwin/darwin.h"
#include "platform/darwin/ifmib.h"

struct nlg_platform {
	struct nlg_dw dw;
};

int nlg_platform_open(struct nlg_platform **pp, const struct nlg_platform_config *cfg,
		      struct nlg_errbuf *eb)
{
	if (cfg->link_source != NLG_LINK_SOURCE_AUTO)
		return nlg_fail(eb, -ENOTSUP, "macOS has only one link source (sysctl)");
	struct nlg_platform *p = calloc(1, sizeof(*p));
	if (!p)
		return nlg_fail(eb, -ENOMEM, "out of memory");
	nlg_dw_init(&p->dw, &nlg_dw_kops_real);
	*pp = p;
	return 0;
}

void nlg_platform_close(struct nlg_platform *p)
{
	if (!p)
		return;
	nlg_dw_done(&p->dw);
	free(p);
}

int nlg_platform_read_links(struct nlg_platform *p, struct nlg_raw_links *out,
			    struct nlg_errbuf *eb)
{
	nlg_raw_links_clear(out);
	int err = nlg_dw_read_iflist(p->dw.ops, &p->dw.iflist, out, eb);
	if (err < 0)
		return err;
	/* Link quality is CoreWLAN's alone: no C interface has it. */
	for (size_t i = 0; i < out->nlinks; i++)
		if (out->links[i].type == NLG_IFACE_WIFI)
			out->links[i].wifi.why = "only CoreWLAN (Objective-C) has it, not this C build";
	err = nlg_bsd_read_addrs(out);
	if (err < 0)
		return nlg_fail(eb, err, "getifaddrs: %s", strerror(-err));
	return 0;
}

int nlg_platform_read_socks(struct nlg_platform *p, struct nlg_raw_socks *out,
			    struct nlg_errbuf *eb)
{
	return nlg_dw_read_socks(&p->dw, out, eb);
}

int nlg_platform_owners(struct nlg_platform *p, const struct nlg_raw_socks *socks,
			struct nlg_owner_ops *ops, struct nlg_errbuf *eb)
{
	(void)socks;
	(void)eb;
	nlg_dw_owners(&p->dw, ops);
	return 0;
}
