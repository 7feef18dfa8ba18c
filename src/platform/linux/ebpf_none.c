/* SPDX-License-Identifier: MIT */
/* ebpf_none.c - the eBPF socket counter where it was not built (no clang
 * with a bpf target, no bpftool or no libbpf at build time). */
#include <errno.h>

#include "platform/linux/ebpf.h"

int Nlg_ebpf_open(struct Nlg_ebpf **out, struct Nlg_errbuf *eb)
{
	*out = NULL;
	return Nlg_fail(eb, -ENOTSUP,
			"not built: no clang bpf target, bpftool or libbpf at build time");
}

void Nlg_ebpf_close(struct Nlg_ebpf *e)
{
	(void)e;
}

int Nlg_ebpf_read(struct Nlg_ebpf *e, const uint64_t **cookies, const struct nlg_bpf_sock **v)
{
	(void)e, (void)cookies, (void)v;
	return -ENOTSUP;
}

void Nlg_ebpf_read_done(struct Nlg_ebpf *e)
{
	(void)e;
}

int Nlg_ebpf_delete(struct Nlg_ebpf *e, const uint64_t *cookies, size_t n)
{
	(void)e, (void)cookies, (void)n;
	return -ENOTSUP;
}

uint64_t Nlg_ebpf_overflow(struct Nlg_ebpf *e)
{
	(void)e;
	return 0;
}

uint64_t Nlg_ebpf_netns(struct Nlg_ebpf *e)
{
	(void)e;
	return 0;
}

bool Nlg_ebpf_can_notify(const struct Nlg_ebpf *e)
{
	(void)e;
	return false;
}

void Nlg_ebpf_next_gen(struct Nlg_ebpf *e)
{
	(void)e;
}

int Nlg_ebpf_changes(struct Nlg_ebpf *e, Nlg_ebpf_change_fn fn, void *ctx)
{
	(void)e, (void)fn, (void)ctx;
	return -ENOTSUP;
}

uint64_t Nlg_ebpf_lost_changes(struct Nlg_ebpf *e)
{
	(void)e;
	return 0;
}

int Nlg_ebpf_lookup(struct Nlg_ebpf *e, uint64_t cookie, struct nlg_bpf_sock *v)
{
	(void)e, (void)cookie, (void)v;
	return -ENOTSUP;
}
