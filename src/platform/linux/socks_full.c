/* SPDX-License-Identifier: MIT */
/* socks_full.c - a full reading of every socket: each namespace's dump,
 * joined to the eBPF counter's table. The incremental path (sockinc.c,
 * sockrecon.c) falls back to it and checks itself against it. */
#include "platform/linux/linux.h"

int Nlg_platform_full_socks(struct Nlg_platform *p, struct Nlg_raw_socks *out,
			    struct Nlg_errbuf *eb)
{
	int err;
	/* Namespaces born since the last sample are read from this one on. */
	if ((err = Nlg_netns_reg_scan(&p->netns)) < 0)
		return Nlg_fail(eb, err, "out of memory");
	if ((err = Nlg_ebpf_source_fetch(p, eb)) < 0)
		return err;
	if ((err = Nlg_netns_reg_read(&p->netns, out, eb)) < 0)
		return err;
	return Nlg_ebpf_source_read(p, out, eb);
}
