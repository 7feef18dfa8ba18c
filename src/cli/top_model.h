/* SPDX-License-Identifier: MIT */
/* top_model.h - the rows of netledger top, built from a plain snapshot of
 * the monitor so that sorting, filtering, expanding and grouping can be
 * tested without a kernel. */
#ifndef NLG_CLI_TOP_MODEL_H
#define NLG_CLI_TOP_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netledger.h"

enum top_view {
	TOP_VIEW_APPS = 0,
	TOP_VIEW_PROCS,
	TOP_VIEW_CONNS,
	TOP_VIEW_HOSTS,
	TOP_VIEW_IFACES,
	TOP_VIEW_COUNT
};

/* Sort keys: the combined rate first (the default), then one per column. */
enum top_sort {
	TOP_SORT_RATE = 0, /* rate in + rate out */
	TOP_SORT_NAME,
	TOP_SORT_RX_RATE,
	TOP_SORT_TX_RATE,
	TOP_SORT_RX_TOTAL,
	TOP_SORT_TX_TOTAL,
	TOP_SORT_CONNS,
	TOP_SORT_REMOTE,
	TOP_SORT_STATE,
	TOP_SORT_COUNT
};

/* The figures of one row. unknown: some of its sockets are UDP, whose
 * bytes the kernel does not count; with no counted bytes at all the byte
 * columns read "unknown", never 0. */
struct top_figures {
	double rx_rate, tx_rate;
	uint64_t rx, tx;
	size_t conns;
	bool unknown;
};

#define TOP_NAME_MAX 64
#define TOP_ADDR_MAX 56

struct top_app_in {
	uint64_t key;
	char name[TOP_NAME_MAX];
	struct top_figures f;
};

struct top_proc_in {
	uint64_t key, app_key;
	char name[TOP_NAME_MAX];      /* "PID NAME" */
	struct top_figures f;
};

struct top_conn_in {
	uint64_t key, proc_key;       /* proc_key 0: no process */
	char name[TOP_NAME_MAX];      /* "tcp PID NAME" or "tcp - (reason)" */
	struct nlg_endpoint remote;
	char remote_str[TOP_ADDR_MAX];
	char state[16];
	struct top_figures f;         /* conns is 1 (0 for a host's closed bytes) */
	bool closed;                  /* closed this sample: its bytes are in closed */
};

struct top_iface_in {
	char name[TOP_NAME_MAX];
	char link[TOP_ADDR_MAX];      /* a wireless link's quality, or "" */
	struct top_figures f;         /* wire bytes since start; conns 0 */
};

struct top_snapshot {
	struct top_app_in *apps;
	struct top_proc_in *procs;
	struct top_conn_in *conns;
	struct top_iface_in *ifaces;
	size_t napps, nprocs, nconns, nifaces;
	size_t conns_cap;             /* elements allocated at conns */
	/* per remote host, the bytes of its closed connections (borrowed) */
	const struct top_conn_in *closed;
	size_t nclosed;
};

/* A remote host's name, or NULL while unknown; buf holds the result. */
typedef const char *(*top_name_fn)(void *ctx, const struct nlg_endpoint *ep, char *buf,
				   size_t size);

struct top_query {
	enum top_view view;
	enum top_sort sort;
	bool reverse;
	const char *filter;           /* case-insensitive substring; NULL or "": all */
	const uint64_t *expanded;     /* keys of expanded apps and processes */
	size_t nexpanded;
	top_name_fn host_name;        /* NULL: hosts by address only */
	void *host_ctx;
};

enum top_row_kind { TOP_ROW_APP, TOP_ROW_PROC, TOP_ROW_CONN, TOP_ROW_HOST, TOP_ROW_IFACE };

struct top_row {
	enum top_row_kind kind;
	int depth;                    /* 0 top level, 1 and 2 expanded children */
	uint64_t key;
	bool expandable, expanded;
	char name[TOP_NAME_MAX + TOP_ADDR_MAX];
	char remote[TOP_ADDR_MAX];    /* connections: endpoint; hosts: address */
	char state[16];
	struct top_figures f;
};

struct top_rows {
	struct top_row *v;
	size_t n, cap;
};

/* Builds the rows of q->view from s: filtered, sorted, with the children
 * of expanded rows right after their parent (sorted the same way).
 * Return: 0, or -ENOMEM (out keeps the rows it had). */
int top_model_build(const struct top_snapshot *s, const struct top_query *q,
		    struct top_rows *out);

void top_rows_done(struct top_rows *r);

/* Return: the key of ep's remote host row: a hash of its family and
 * address (the port left out). */
uint64_t top_host_key(const struct nlg_endpoint *ep);

/* Return: true when the address is unspecified (no remote host). */
bool top_endpoint_unspecified(const struct nlg_endpoint *ep);

/* Return: a 64-bit FNV-1a hash of len bytes, continuing from h (start
 * with TOP_HASH_SEED). */
#define TOP_HASH_SEED 1469598103934665603ull
uint64_t top_hash(uint64_t h, const void *data, size_t len);

/* Return: true if hay contains needle, ignoring ASCII case. */
bool top_contains(const char *hay, const char *needle);

/* Return: the column header of a sort key ("RATE IN", ...). */
const char *top_sort_name(enum top_sort s);
/* Return: the view's name ("apps", ...). */
const char *top_view_name(enum top_view v);

#endif
