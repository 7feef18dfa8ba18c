/* SPDX-License-Identifier: MIT */
/* ebpf_none.c - the eBPF socket counter where it was not built (no clang
 * with a bpf target, no bpftool or no libbpf at build time). */
#include <errno.h>

#include "platform/linux/ebpf.h"

int nlg_ebpf_open(struct nlg_ebpf **out, struct nlg_errbuf *eb)
{
	*out = NULL;
	return nlg_fail(eb, -ENOTSUP,
			"not built: no clang bpf target, bpftool or libbpf at build time");
}

void nlg_ebpf_close(struct nlg_ebpf *e)
{
	(void)e;
}

int nlg_ebpf_read(struct nlg_ebpf *e, const uint64_t **cookies, const struct nlg_bpf_sock **v)
{
	(void)e, (void)cookies, (void)v;
	return -ENOTSUP;
}

int nlg_ebpf_delete(struct nlg_ebpf *e, const uint64_t *cookies, size_t n)
{
	(void)e, (void)cookies, (void)n;
	return -ENOTSUP;
}

uint64_t nlg_ebpf_overflow(struct nlg_ebpf *e)
{
	(void)e;
	return 0;
}

uint64_t nlg_ebpf_netns(struct nlg_ebpf *e)
{
	(void)e;
	return 0;
}

bool nlg_ebpf_can_notify(const struct nlg_ebpf *e)
{
	(void)e;
	return false;
}

void nlg_ebpf_next_gen(struct nlg_ebpf *e)
{
	(void)e;
}

int nlg_ebpf_changes(struct nlg_ebpf *e, nlg_ebpf_change_fn fn, void *ctx)
{
	(void)e, (void)fn, (void)ctx;
	return -ENOTSUP;
}

uint64_t nlg_ebpf_lost_changes(struct nlg_ebpf *e)
{
	(void)e;
	return 0;
}

int nlg_ebpf_lookup(struct nlg_ebpf *e, uint64_t cookie, struct nlg_bpf_sock *v)
{
	(void)e, (void)cookie, (void)v;
	return -ENOTSUP;
}
