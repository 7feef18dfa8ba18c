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

struct Nlg_platform {
	struct Nlg_dw dw;
};

int Nlg_platform_open(struct Nlg_platform **pp, const struct Nlg_platform_config *cfg,
		      struct Nlg_errbuf *eb)
{
	if (cfg->link_source != NLG_LINK_SOURCE_AUTO)
		return Nlg_fail(eb, -ENOTSUP, "macOS has only one link source (sysctl)");
	struct Nlg_platform *p = calloc(1, sizeof(*p));
	if (!p)
		return Nlg_fail(eb, -ENOMEM, "out of memory");
	Nlg_dw_init(&p->dw, &Nlg_dw_kops_real);
	*pp = p;
	return 0;
}

void Nlg_platform_close(struct Nlg_platform *p)
{
	if (!p)
		return;
	Nlg_dw_done(&p->dw);
	free(p);
}

int Nlg_platform_read_links(struct Nlg_platform *p, struct Nlg_raw_links *out,
			    struct Nlg_errbuf *eb)
{
	Nlg_raw_links_clear(out);
	int err = Nlg_dw_read_iflist(p->dw.ops, &p->dw.iflist, out, eb);
	if (err < 0)
		return err;
	/* Link quality is CoreWLAN's alone: no C interface has it. */
	for (size_t i = 0; i < out->nlinks; i++)
		if (out->links[i].type == NLG_IFACE_WIFI)
			out->links[i].wifi.why = "only CoreWLAN (Objective-C) has it, not this C build";
	err = Nlg_bsd_read_addrs(out);
	if (err < 0)
		return Nlg_fail(eb, err, "getifaddrs: %s", strerror(-err));
	return 0;
}

int Nlg_platform_read_socks(struct Nlg_platform *p, struct Nlg_raw_socks *out,
			    struct Nlg_errbuf *eb)
{
	return Nlg_dw_read_socks(&p->dw, out, eb);
}

int Nlg_platform_owners(struct Nlg_platform *p, const struct Nlg_raw_socks *socks,
			struct Nlg_owner_ops *ops, struct Nlg_errbuf *eb)
{
	(void)socks;
	(void)eb;
	Nlg_dw_owners(&p->dw, ops);
	return 0;
}
