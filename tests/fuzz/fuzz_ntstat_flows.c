/* SPDX-License-Identifier: MIT */
/* fuzz_ntstat_flows.c - reads of the network-statistics control applied
 * to the source table over two samples, joined to sockets made from the
 * sources themselves, and emitted as socket readings. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "platform/darwin/ntstat_flows.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One socket per described source, as libproc would list it. */
static void socks_like(const struct Nlg_ntstat_flows *f, struct Nlg_raw_socks *rs, int *pids,
		       size_t max)
{
	for (size_t i = 0; i < f->n && rs->n < max; i++) {
		const struct Nlg_ntstat_desc *d = &f->v[i].desc;
		struct Nlg_raw_sock *s = Nlg_raw_socks_push(rs);
		if (!s)
			return;
		s->cookie = s->inode = 0x1000 + i;
		s->proto = d->proto == NLG_NTSTAT_TCP ? 6 : 17;
		s->family = d->local.ipver == 6 ? AF_INET6 : AF_INET;
		memcpy(s->local, d->local.addr, 16);
		memcpy(s->remote, d->remote.addr, 16);
		s->lport = d->local.port;
		s->rport = d->remote.port;
		pids[rs->n - 1] = (int)d->pid;
	}
}

static void sample(struct Nlg_ntstat_flows *f, const uint8_t *p, size_t n)
{
	struct Nlg_raw_socks rs = { 0 };
	int pids[64];

	Nlg_ntstat_flows_prune(f);
	Nlg_ntstat_flows_feed(f, p, n, NULL);
	socks_like(f, &rs, pids, 64);
	if (rs.n)
		rs.n--; /* one source without its socket */
	Nlg_ntstat_flows_join(f, &rs, pids);
	Nlg_ntstat_flows_emit(f, &rs);
	Nlg_raw_socks_done(&rs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct Nlg_ntstat_flows f = { 0 };
	size_t half = size / 2;

	sample(&f, data, half);
	sample(&f, data + half, size - half);
	Nlg_ntstat_flows_done(&f);
	return 0;
}
