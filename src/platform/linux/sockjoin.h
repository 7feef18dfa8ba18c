/* SPDX-License-Identifier: MIT */
/*
 * sockjoin.h - joins the eBPF counter's table of sockets to a sample's
 * sock_diag readings by cookie, and decides which of its entries are done.
 */
#ifndef NLG_LINUX_SOCKJOIN_H
#define NLG_LINUX_SOCKJOIN_H

#include "core/u64map.h"
#include "platform/linux/ebpf.h"
#include "platform/platform.h"

/* Samples an entry of another network namespace may stay unchanged before
 * it is dropped from the table (its socket is not ours to count). */
#define NLG_SOCKJOIN_IDLE 10

struct Nlg_sockjoin {
	struct Nlg_u64map index[2];  /* cookie -> position: this sample's, and
				      * the last one's (our sockets then) */
	struct Nlg_u64map idle[2];   /* others: cookie -> packets and idle samples */
	struct Nlg_u64map waiting[2];  /* ours, closed, awaiting a destroy event */
	int cur;                     /* which of each pair is this sample's */
	struct Nlg_u64map dups;      /* cookie -> dump position, when also in an event */
	uint64_t *del;               /* entries to delete after this sample */
	size_t ndel, capdel;
	/* When set, the sockets that were ours before this join (cookie
	 * keys), in place of the last join's index: an incremental view,
	 * more recent than a dump a minute old. */
	const struct Nlg_u64map *before;
	struct Nlg_raw_sock *extra;  /* sockets only the eBPF counter knows */
	size_t nextra, capextra;
};

void Nlg_sockjoin_init(struct Nlg_sockjoin *j);
void Nlg_sockjoin_done(struct Nlg_sockjoin *j);

/*
 * Gives each socket of rs (the dump, then the destroy events) its counts
 * from the table (cookies[i], v[i]) for i < n, adds the sockets that only the table knows (of
 * the network namespaces read, netns: their cookie -> inode; other protocols, and sockets that closed
 * without a destroy event), and lists in j->del the entries whose final
 * counts were taken or that belong to no socket of ours.
 * Return: 0 or -ENOMEM.
 */
int Nlg_sockjoin_apply(struct Nlg_sockjoin *j, struct Nlg_raw_socks *rs, const uint64_t *cookies,
		       const struct nlg_bpf_sock *v, size_t n, const struct Nlg_u64map *netns);

/* Frees what the next join needs not: the duplicates, and the older index
 * (both, when `before` stands in for the last one); for a caller that
 * joins only now and then. */
void Nlg_sockjoin_slim(struct Nlg_sockjoin *j);

/* Gives s the counts and creator of its table entry v. */
void Nlg_sockjoin_give(struct Nlg_raw_sock *s, const struct nlg_bpf_sock *v);

#endif
