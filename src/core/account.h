/* SPDX-License-Identifier: MIT */
/*
 * account.h - the accounting of one command (account.c), and its tables
 * of rows per protocol, remote host and process name (account_rows.c).
 */
#ifndef NLG_CORE_ACCOUNT_H
#define NLG_CORE_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netledger.h"
#include "core/error.h"
#include "core/u64map.h"

/* Rows keyed by (proto, remote, name), each summing its sockets' bytes. */
struct Nlg_rowtab {
	struct nlg_account_row *v;
	size_t n, cap;
	struct Nlg_u64map index;     /* key hash -> position + 1 */
};

void Nlg_rowtab_init(struct Nlg_rowtab *t);
void Nlg_rowtab_done(struct Nlg_rowtab *t);
void Nlg_rowtab_clear(struct Nlg_rowtab *t);
/* Adds what r holds (sockets, bytes) to the row of r's key.
 * Return: 0 or -ENOMEM. */
int Nlg_rowtab_add(struct Nlg_rowtab *t, const struct nlg_account_row *r);
/* Return: 0 or -ENOMEM; to gets what from holds. */
int Nlg_rowtab_copy(struct Nlg_rowtab *to, const struct Nlg_rowtab *from);
/* Sorts by rx + tx, largest first (the index is stale after). */
void Nlg_rowtab_sort(struct Nlg_rowtab *t);

/* The three ways a socket is summed: by protocol, host and port, name. */
enum { NLG_ROWS_PROTO = 0, NLG_ROWS_HOST, NLG_ROWS_PROC, NLG_ROWS_KINDS };

/* Fills the key of row kind for a socket described by s. */
void Nlg_rowtab_key(int kind, const struct nlg_account_row *s, struct nlg_account_row *out);

#define NLG_ACCOUNT_PROCFS "/proc"
#define NLG_ACCOUNT_NOTES 8

enum Nlg_account_scope { NLG_SCOPE_NONE = 0, NLG_SCOPE_NEW_CGROUP, NLG_SCOPE_CGROUP, NLG_SCOPE_TREE };

/* A live socket of ours: its key (proto, remote, name) and counts. */
struct Nlg_account_live {
	struct nlg_account_row r;
	uint64_t cookie;
	uint64_t prx, ptx;           /* TCP payload */
	uint64_t rxp, txp;           /* IP packets */
	uint64_t gen;                /* last sample that listed it */
};

struct Nlg_account_sums {
	uint64_t rx, tx, prx, ptx, rxp, txp, sockets;
};

struct nlg_account {
	struct nlg_monitor *mon;
	enum nlg_ebpf_mode ebpf;
	enum Nlg_account_scope scope;
	struct Nlg_runcg *cg;
	int root_pid;                /* a tree's */
	struct Nlg_u64map ids;       /* our cgroup ids, ever seen */
	struct Nlg_u64map tree;      /* pid -> 1 in the tree, 2 not */
	struct Nlg_account_live *live;
	size_t nlive, caplive;
	struct Nlg_u64map live_index;  /* cookie -> position + 1 */
	struct Nlg_u64map done;      /* closed cookie -> gen */
	struct Nlg_account_sums closed;          /* of the sockets closed */
	struct Nlg_rowtab closed_rows[NLG_ROWS_KINDS];
	struct Nlg_rowtab rows[NLG_ROWS_KINDS];  /* closed and live, sorted */
	struct nlg_account_totals t;
	uint64_t gen, start_ns, last_ns, stop_ns;
	uint64_t lost0, overflow0;   /* the monitor's losses at the start */
	bool inexact;                /* a socket without its counts was seen */
	uint64_t failed;             /* samples that failed */
	struct Nlg_errbuf failure;   /* why the last one did */
	bool stopped;
	struct Nlg_errbuf notes[NLG_ACCOUNT_NOTES];
	size_t nnotes;
	struct Nlg_errbuf err;
};

/* account_take.c: the cgroup ids to look for, refreshed before a sample;
 * the monitor's connections of ours taken after it; rows, totals and
 * notes made of them. Return: 0 or a negative error code, a->err set. */
int Nlg_account_refresh_ids(struct nlg_account *a);
int Nlg_account_take(struct nlg_account *a, uint64_t now);
/* Makes the notes on what the totals may miss, and the exact flag. */
void Nlg_account_notes(struct nlg_account *a);

#endif
