/* SPDX-License-Identifier: MIT */
/*
 * iface.h - interfaces as the monitor keeps them, and the table of them.
 *
 * An interface is identified by its index and the sample that first saw it:
 * a name that comes back on a new index is a new interface with a fresh
 * total, while a new name on the same index is a rename.
 */
#ifndef NLG_CORE_IFACE_H
#define NLG_CORE_IFACE_H

#include "core/counter.h"
#include "platform/platform.h"

/* pf's counters of an interface (BSD): apart, made at its first reading
 * with them, so that an interface elsewhere is 700 bytes smaller. */
struct Nlg_iface_pf {
	struct Nlg_acc acc[2][2][2][2];  /* [0 bytes, 1 packets][af][dir][action] */
	double rate[2][2][2];            /* bytes per second */
	uint64_t tzero;
};

struct nlg_iface {
	struct Nlg_raw_link last;   /* the latest reading */
	struct Nlg_acc acc[NLG_COUNTER_COUNT];
	uint64_t dt_ns;             /* of the last update, for rates; 0: none */
	struct nlg_addr *addrs;
	size_t naddrs, addrs_cap;
	uint64_t first_seen_ns, last_seen_ns;
	uint64_t wraps, resets, anomalies;
	/* rx/tx bytes and packets since start at the last attribution */
	uint64_t attr_mark[4];
	/* rx/tx bytes since start at the last totals update (totals.c) */
	uint64_t tot_mark[2];
	struct Nlg_iface_pf *pf;    /* NULL until a reading has pf's counters */
	bool gone;
	bool seen;                  /* in the current sample */
};

struct Nlg_iface_table {
	struct nlg_iface **v;       /* present first, by ifindex; then gone */
	size_t n, cap;
};

/* One sample's view of time and plausibility. */
struct Nlg_sample_ctx {
	uint64_t now_ns;
	uint64_t dt_ns;             /* 0 on the first sample */
	uint64_t ceiling;           /* bytes per second when speed is unknown */
};

/*
 * Applies one sample's readings: updates, creates and retires interfaces.
 * Return: 0 on success or -ENOMEM (the table stays consistent; readings not
 * yet applied are skipped).
 */
int Nlg_iface_table_apply(struct Nlg_iface_table *t, const struct Nlg_raw_links *rl,
			  const struct Nlg_sample_ctx *sc);

/* Accumulates pf's counters of one reading (iface_pf.c); ceilings are
 * the plausible bytes and packets per second. */
void Nlg_iface_pf_update(struct nlg_iface *it, const struct Nlg_raw_link *raw,
			 const struct Nlg_sample_ctx *sc, uint64_t byte_ceiling,
			 uint64_t packet_ceiling);

void Nlg_iface_table_forget_gone(struct Nlg_iface_table *t);
void Nlg_iface_table_done(struct Nlg_iface_table *t);

#endif
