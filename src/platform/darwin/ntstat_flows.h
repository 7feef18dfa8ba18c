/* SPDX-License-Identifier: MIT */
/*
 * ntstat_flows.h - the sources of the network-statistics control as the
 * messages describe them, and their join to the sockets libproc lists.
 *
 * A table that lives across samples, so not a decoder: it keeps what
 * src/decode/ntstat.c decodes. Portable, like the rest of the macOS glue,
 * so that fixtures and fuzzers reach it on every platform.
 *
 * A source is keyed by its srcref. Its descriptor gives the endpoints and
 * the owning pid, its counts the bytes; SRC_REMOVED makes its counts
 * final. A socket and a source are the same flow when protocol, both
 * endpoints and (among equals) the pid agree.
 */
#ifndef NLG_DARWIN_NTSTAT_FLOWS_H
#define NLG_DARWIN_NTSTAT_FLOWS_H

#include "decode/ntstat.h"
#include "core/raw.h"

/* The cookie (and owner key) of a connection known only from a source.
 * libproc's socket handles are permuted kernel addresses; a small srcref
 * tagged with "nstat" in its high bytes meets one only by a coincidence
 * of about one in 2^40. */
#define NLG_NTSTAT_COOKIE_TAG 0x6e73746174000000ull
#define NLG_NTSTAT_COOKIE(srcref) ((srcref) ^ NLG_NTSTAT_COOKIE_TAG)

struct Nlg_ntstat_flow {
	uint64_t srcref;
	uint32_t provider;
	bool have_desc, have_counts;
	struct Nlg_ntstat_desc desc;
	struct Nlg_ntstat_counts counts;
	bool removed;            /* SRC_REMOVED seen: counts are final */
	bool counts_lost;        /* closed after the kernel dropped its final counts */
	uint64_t cookie;         /* the connection it was last joined to, or 0 */
	bool joined;             /* joined in the current sample */
};

struct Nlg_ntstat_flows {
	struct Nlg_ntstat_flow *v;   /* sorted by srcref */
	size_t n, cap;
	struct Nlg_ntstat_flow **by_key; /* index for joins, by endpoints */
	size_t nkey, key_cap;
};

void Nlg_ntstat_flows_done(struct Nlg_ntstat_flows *f);

/* Applies one decoded message. Return: 0 or -ENOMEM. */
int Nlg_ntstat_flows_apply(struct Nlg_ntstat_flows *f, const struct Nlg_ntstat_msg *m);

/* Decodes and applies every message of one read; *last (may be NULL) gets
 * the last message, so that the caller can see a reply to its request.
 * Return: the number of messages, or -EPROTO / -EPROTONOSUPPORT from the
 * decoder (messages before the bad one are applied), or -ENOMEM. */
int Nlg_ntstat_flows_feed(struct Nlg_ntstat_flows *f, const uint8_t *buf, size_t len,
			  struct Nlg_ntstat_msg *last);

/* Return: the source with that srcref, or NULL. */
const struct Nlg_ntstat_flow *Nlg_ntstat_flows_find(const struct Nlg_ntstat_flows *f,
						    uint64_t srcref);

/*
 * Gives each socket of rs its source's byte counts (has_tcp_info set,
 * bytes_received and bytes_acked from rx and tx bytes); pids[i] is the
 * pid that holds rs->v[i]. Return: 0 or -ENOMEM.
 */
int Nlg_ntstat_flows_join(struct Nlg_ntstat_flows *f, struct Nlg_raw_socks *rs,
			  const int *pids);

/*
 * Appends to rs what no socket explained: a reading of each live TCP or
 * UDP source that no socket was joined to (a process libproc may not
 * read), and a closed reading with final counts of each source removed
 * since the last call. Their cookie and inode are NLG_NTSTAT_COOKIE() of
 * the srcref unless the source was joined before (then that cookie).
 * Return: 0 or -ENOMEM.
 */
int Nlg_ntstat_flows_emit(struct Nlg_ntstat_flows *f, struct Nlg_raw_socks *rs);

/* Forgets removed sources; call before applying the next sample's reads. */
void Nlg_ntstat_flows_prune(struct Nlg_ntstat_flows *f);

#endif
