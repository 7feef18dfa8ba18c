/* SPDX-License-Identifier: MIT */
/*
 * sockinc.h - incremental socket samples over the sock_diag dump: with the
 * eBPF counter's change notices, a sample reads only the sockets that
 * changed since the last one and keeps the others' last readings. A full
 * dump starts it, follows a lost notice, and checks it every reconcile
 * period: the differences that check finds are counted.
 */
#ifndef NLG_LINUX_SOCKINC_H
#define NLG_LINUX_SOCKINC_H

#include "core/u64map.h"
#include "platform/linux/bpf/sockcount.h"
#include "platform/platform.h"

/* The default period of the full dump that checks the incremental view. */
#define NLG_SOCKINC_PERIOD_NS (60ull * 1000000000ull)

struct Nlg_sockinc {
	struct Nlg_raw_socks cache;    /* the live sockets, joined */
	struct Nlg_u64map index;       /* cookie -> position in cache */
	bool unsorted;                 /* cache is not in cookie order */
	struct nlg_bpf_change *ch;     /* sockets to read at the next sample */
	size_t nch, capch;
	struct Nlg_u64map chpos;       /* cookie -> position in ch */
	uint64_t *read;                /* cookies read at the last sample: a
					* packet after their reading sent no
					* notice (same generation), so they are
					* read once more */
	size_t nread, capread;
	uint64_t *fresh;               /* cookies given a new reading since the
					* last step: the only entries whose
					* `unchanged` is false */
	size_t nfresh, capfresh;
	struct Nlg_raw_socks one;      /* one-socket readings and closures */
	struct Nlg_raw_socks full;     /* a reconciling dump */
	struct Nlg_raw_socks closed;   /* this sample's closures */
	struct Nlg_u64map skip;        /* cookies a check leaves out: moving */
	struct Nlg_raw_netns *ns;      /* the namespaces of the last full dump */
	size_t nns, capns;
	struct Nlg_errbuf notes[NLG_SOCK_NOTES_MAX];  /* and its notes */
	size_t nnotes;
	uint64_t *del;                 /* table entries whose final counts were taken */
	size_t ndel, capdel;
	uint64_t period_ns, last_full_ns;
	uint64_t lost_changes, lost_events;  /* as of the last full dump */
	bool primed;
	bool busy;                     /* too many changed sockets this sample:
					* one dump reads them for less */
	struct nlg_sampling_stats stats;
};

/* Changed sockets a sample reads one by one, beyond one in eight of the
 * view: more cost more (three system calls each) than one full dump, which
 * the sample then takes instead (a connection storm, a load test). */
#define NLG_INC_MAX_READS 512

void Nlg_sockinc_init(struct Nlg_sockinc *si, uint64_t period_ns);
void Nlg_sockinc_done(struct Nlg_sockinc *si);

/* The view's parts (sockinc.c), for the full dumps (sockrecon.c).
 * Functions that can fail return 0 or -ENOMEM. */
int Nlg_sockinc_upsert(struct Nlg_sockinc *si, const struct Nlg_raw_sock *r);
void Nlg_sockinc_remove(struct Nlg_sockinc *si, uint64_t cookie);
int Nlg_sockinc_mark_done(struct Nlg_sockinc *si, uint64_t cookie);

#endif
