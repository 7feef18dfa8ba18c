/* SPDX-License-Identifier: MIT */
/*
 * platform.c - the FreeBSD backend: interfaces, counters and addresses
 * from getifaddrs(), and pf's per-interface counters from /dev/pf.
 * FreeBSD delivers no link events here: an interface removed between two
 * samples ends with its last sampled totals.
 */
#include <errno.h>
#include <stdlib.h>

#include "platform/freebsd/ifdata.h"
#include "platform/freebsd/pf.h"
#include "platform/platform.h"

struct Nlg_platform {
	int unused;
};

int Nlg_platform_open(struct Nlg_platform **pp, const struct Nlg_platform_config *cfg,
		      struct Nlg_errbuf *eb)
{
	if (cfg->link_source != NLG_LINK_SOURCE_AUTO)
		return Nlg_fail(eb, -ENOTSUP, "FreeBSD has only one link source (getifaddrs)");
	*pp = calloc(1, sizeof(**pp));
	return *pp ? 0 : Nlg_fail(eb, -ENOMEM, "out of memory");
}

void Nlg_platform_close(struct Nlg_platform *p)
{
	free(p);
}

/* pf's counters join the links they belong to; pf not loaded or not
 * readable is said in out->pf_why, and the links are read all the same. */
static void read_pf(struct Nlg_raw_links *out)
{
	struct Nlg_pf_kif *kifs;
	size_t n;

	out->pf_status = Nlg_fbsd_pf_read(&Nlg_fbsd_kops_real, &kifs, &n, &out->pf_why);
	if (out->pf_status < 0)
		return;
	out->pf_why.msg[0] = '\0';
	Nlg_pf_kif_attach(kifs, n, out);
	free(kifs);
}

int Nlg_platform_read_links(struct Nlg_platform *p, struct Nlg_raw_links *out,
			    struct Nlg_errbuf *eb)
{
	(void)p;
	Nlg_raw_links_clear(out);
	int err = Nlg_fbsd_read_ifdata(out, eb);
	if (err < 0)
		return err;
	read_pf(out);
	for (size_t i = 0; i < out->nlinks; i++)
		if (out->links[i].type == NLG_IFACE_WIFI)
			out->links[i].wifi.why = "not read on FreeBSD yet";
	return 0;
}
