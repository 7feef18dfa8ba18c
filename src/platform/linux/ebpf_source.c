/* SPDX-License-Identifier: MIT */
/* ebpf_source.c - the eBPF socket counter as a part of each socket sample. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/linux/linux.h"

int Nlg_ebpf_source_open(struct Nlg_platform *p, struct Nlg_errbuf *eb)
{
	struct Nlg_errbuf why = { 0 };
	Nlg_sockjoin_init(&p->join);
	if (p->ebpf_mode == NLG_EBPF_OFF)
		return 0;
	int err = Nlg_ebpf_open(&p->ebpf, &why);
	if (err == 0)
		return 0;
	snprintf(p->ebpf_status, sizeof(p->ebpf_status), "%s", why.msg);
	if (p->ebpf_mode == NLG_EBPF_ON)
		return Nlg_fail(eb, err, "eBPF socket counter: %s", why.msg);
	return 0;
}

/* Return: the number of sockets in the counter's table (*cookies and *v
 * point into it until the next read), or a negative code with eb set. */
static int read_table(struct Nlg_platform *p, const uint64_t **cookies,
		      const struct nlg_bpf_sock **v, struct Nlg_errbuf *eb)
{
	int n = Nlg_ebpf_read(p->ebpf, cookies, v);
	if (n < 0)
		return Nlg_fail(eb, n, "cannot read the eBPF socket table: %s", strerror(-n));
	return n;
}

/* With many namespaces, those where nothing moved need no new dump: the
 * table is read once before the dumps to tell, and again after them for
 * the counts (a socket may close in between). */
int Nlg_ebpf_source_fetch(struct Nlg_platform *p, struct Nlg_errbuf *eb)
{
	if (!p->ebpf || p->netns.scope != NLG_NETNS_SCOPE_ALL)
		return 0;
	const uint64_t *cookies;
	const struct nlg_bpf_sock *v;
	int n = read_table(p, &cookies, &v, eb);
	if (n < 0)
		return n;
	/* A full table misses packets: then every namespace is dumped. */
	uint64_t overflow = Nlg_ebpf_overflow(p->ebpf);
	if (overflow == p->fetch_overflow)
		Nlg_netns_reg_activity(&p->netns, cookies, v, (size_t)n);
	p->fetch_overflow = overflow;
	return 0;
}

int Nlg_ebpf_source_read(struct Nlg_platform *p, struct Nlg_raw_socks *out,
			 struct Nlg_errbuf *eb)
{
	out->ebpf_active = p->ebpf != NULL;
	out->ebpf_status = p->ebpf_status[0] ? p->ebpf_status : NULL;
	if (!p->ebpf)
		return 0;
	const uint64_t *cookies;
	const struct nlg_bpf_sock *v;
	int n = read_table(p, &cookies, &v, eb);
	if (n < 0)
		return n;
	int err = Nlg_sockjoin_apply(&p->join, out, cookies, v, (size_t)n, &p->netns.cookies);
	if (err < 0)
		return Nlg_fail(eb, err, "out of memory");
	/* A failed delete leaves an entry that the next sample retries. */
	Nlg_ebpf_delete(p->ebpf, p->join.del, p->join.ndel);
	out->ebpf_overflow = Nlg_ebpf_overflow(p->ebpf);
	return 0;
}

void Nlg_ebpf_source_done(struct Nlg_platform *p)
{
	Nlg_ebpf_close(p->ebpf);
	p->ebpf = NULL;
	Nlg_sockjoin_done(&p->join);
}
