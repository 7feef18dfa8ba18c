/* SPDX-License-Identifier: MIT */
/*
 * platform.c - the macOS backend: the interface list from NET_RT_IFLIST2,
 * exact 64-bit counters from IFMIB_IFDATA, addresses from getifaddrs();
 * connections in sockets.c.
 * macOS delivers no link events here: an interface removed between two
 * samples ends with the totals of the last sample that saw it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/sysctl.h>
#include <net/route.h>

#include "decode/darwin_if.h"
#include "platform/darwin/addrs.h"
#include "platform/darwin/darwin.h"
#include "platform/darwin/ifmib.h"

int nlg_platform_open(struct nlg_platform **pp, const struct nlg_platform_config *cfg,
		      struct nlg_errbuf *eb)
{
	if (cfg->link_source != NLG_LINK_SOURCE_AUTO)
		return nlg_fail(eb, -ENOTSUP, "macOS has only one link source (sysctl)");
	struct nlg_platform *p = calloc(1, sizeof(*p));
	if (!p)
		return nlg_fail(eb, -ENOMEM, "out of memory");
	nlg_dw_nstat_init(&p->nstat);
	*pp = p;
	return 0;
}

void nlg_platform_close(struct nlg_platform *p)
{
	if (!p)
		return;
	nlg_dw_buf_done(&p->iflist);
	nlg_dw_sockets_done(p);
	free(p);
}

static int read_iflist(struct nlg_platform *p, struct nlg_raw_links *out,
		       struct nlg_errbuf *eb)
{
	int mib[6] = { CTL_NET, PF_ROUTE, 0, 0, NET_RT_IFLIST2, 0 };
	int err = nlg_dw_sysctl_read(mib, 6, &p->iflist);
	if (err < 0)
		return nlg_fail(eb, err, "sysctl NET_RT_IFLIST2: %s", strerror(-err));
	err = nlg_dw_decode_iflist2(p->iflist.p, p->iflist.len, out);
	if (err == -EPROTO)
		return nlg_fail(eb, err, "malformed NET_RT_IFLIST2 routing message");
	return err < 0 ? nlg_fail(eb, err, "out of memory") : 0;
}

int nlg_platform_read_links(struct nlg_platform *p, struct nlg_raw_links *out,
			    struct nlg_errbuf *eb)
{
	nlg_raw_links_clear(out);
	int err = read_iflist(p, out, eb);
	if (err < 0)
		return err;
	/* Without IFMIB_IFDATA a counter keeps the truncated reading, which
	 * the accumulator then treats as 32 bits wide. */
	for (size_t i = 0; i < out->nlinks; i++) {
		nlg_dw_ifmib_counters(&out->links[i]);
		/* Link quality is CoreWLAN's alone: no C interface has it. */
		if (out->links[i].type == NLG_IFACE_WIFI)
			out->links[i].wifi.why = "only CoreWLAN (Objective-C) has it, not this C build";
	}
	err = nlg_dw_read_addrs(out);
	if (err < 0)
		return nlg_fail(eb, err, "getifaddrs: %s", strerror(-err));
	return 0;
}

enum nlg_link_source nlg_platform_link_source(const struct nlg_platform *p)
{
	(void)p;
	return NLG_LINK_SOURCE_AUTO;
}

uint64_t nlg_platform_lost_link_events(const struct nlg_platform *p)
{
	(void)p;
	return 0;
}
