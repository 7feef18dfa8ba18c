/* SPDX-License-Identifier: MIT */
/* top_model.c - rows of netledger top: filter, sort, expand and group a
 * plain snapshot. No curses and no monitor here. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cli/top_model.h"

uint64_t top_hash(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 1099511628211ull;
	}
	return h;
}

static size_t addr_len(int family)
{
	return family == AF_INET6 ? 16 : 4;
}

uint64_t top_host_key(const struct nlg_endpoint *ep)
{
	uint64_t h = top_hash(TOP_HASH_SEED, "h", 1);
	h = top_hash(h, &ep->family, sizeof(ep->family));
	return top_hash(h, ep->addr, addr_len(ep->family));
}

bool top_endpoint_unspecified(const struct nlg_endpoint *ep)
{
	for (size_t i = 0; i < addr_len(ep->family); i++)
		if (ep->addr[i])
			return false;
	return true;
}

bool top_contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++) {
		size_t i = 0;
		while (i < n && hay[i] && tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i]))
			i++;
		if (i == n)
			return true;
	}
	return n == 0;
}

const char *top_sort_name(enum top_sort s)
{
	static const char *const names[TOP_SORT_COUNT] = {
		"RATE", "NAME", "RATE IN", "RATE OUT", "TOTAL IN", "TOTAL OUT", "CONNS",
		"REMOTE", "STATE",
	};
	return (unsigned)s < TOP_SORT_COUNT ? names[s] : "?";
}

const char *top_view_name(enum top_view v)
{
	static const char *const names[TOP_VIEW_COUNT] = {
		"apps", "processes", "connections", "remote hosts", "interfaces",
	};
	return (unsigned)v < TOP_VIEW_COUNT ? names[v] : "?";
}

static int rows_push(struct top_rows *r, const struct top_row *row)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		struct top_row *v = realloc(r->v, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		r->v = v;
		r->cap = cap;
	}
	r->v[r->n++] = *row;
	return 0;
}

void top_rows_done(struct top_rows *r)
{
	free(r->v);
	*r = (struct top_rows){ 0 };
}

/* ---- sorting: keys computed once per row, then one qsort ---- */

struct sort_ent {
	double num;           /* larger first */
	const char *str;      /* then ascending */
	const struct top_row *row;
};

static double bytes_key(uint64_t v, const struct top_figures *f)
{
	/* "unknown" sorts below a counted 0 */
	return (f->unknown && v == 0) ? -1.0 : (double)v;
}

static void sort_key(const struct top_row *r, enum top_sort s, struct sort_ent *e)
{
	const struct top_figures *f = &r->f;
	e->row = r;
	e->str = r->name;
	e->num = 0;
	switch (s) {
	case TOP_SORT_RATE: e->num = f->rx_rate + f->tx_rate; break;
	case TOP_SORT_NAME: break;
	case TOP_SORT_RX_RATE: e->num = f->rx_rate; break;
	case TOP_SORT_TX_RATE: e->num = f->tx_rate; break;
	case TOP_SORT_RX_TOTAL: e->num = bytes_key(f->rx, f); break;
	case TOP_SORT_TX_TOTAL: e->num = bytes_key(f->tx, f); break;
	case TOP_SORT_CONNS: e->num = (double)f->conns; break;
	case TOP_SORT_REMOTE: e->str = r->remote; break;
	case TOP_SORT_STATE: e->str = r->state; break;
	case TOP_SORT_COUNT: break;
	}
}

static int cmp_ent(const void *a, const void *b)
{
	const struct sort_ent *x = a, *y = b;
	if (x->num != y->num)
		return x->num < y->num ? 1 : -1;
	int c = strcmp(x->str, y->str);
	if (c)
		return c;
	c = strcmp(x->row->name, y->row->name);
	if (c)
		return c;
	return (x->row->key > y->row->key) - (x->row->key < y->row->key);
}

static int sort_rows(struct top_rows *r, const struct top_query *q)
{
	if (r->n < 2)
		return 0;
	struct sort_ent *e = malloc(r->n * sizeof(*e));
	struct top_row *sorted = malloc(r->n * sizeof(*sorted));
	if (!e || !sorted) {
		free(e);
		free(sorted);
		return -ENOMEM;
	}
	for (size_t i = 0; i < r->n; i++)
		sort_key(&r->v[i], q->sort, &e[i]);
	qsort(e, r->n, sizeof(*e), cmp_ent);
	for (size_t i = 0; i < r->n; i++)
		sorted[q->reverse ? r->n - 1 - i : i] = *e[i].row;
	free(e);
	free(r->v);
	r->v = sorted;
	r->cap = r->n;
	return 0;
}

/* ---- rows from the snapshot ---- */

static bool is_expanded(const struct top_query *q, uint64_t key)
{
	for (size_t i = 0; i < q->nexpanded; i++)
		if (q->expanded[i] == key)
			return true;
	return false;
}

static bool matches(const struct top_query *q, const struct top_row *r)
{
	if (!q->filter || !q->filter[0])
		return true;
	return top_contains(r->name, q->filter) || top_contains(r->remote, q->filter);
}

static void row_init(struct top_row *r, enum top_row_kind kind, uint64_t key, const char *name,
		     const struct top_figures *f)
{
	*r = (struct top_row){ .kind = kind, .key = key, .f = *f };
	snprintf(r->name, sizeof(r->name), "%s", name);
}

/* Appends the rows of kind whose parent is parent (any at depth 0) to
 * out, filtered at depth 0. Return: 0 or -ENOMEM. */
static int collect(const struct top_snapshot *s, const struct top_query *q, enum top_row_kind kind,
		   uint64_t parent, int depth, struct top_rows *out)
{
	struct top_row r;
	size_t n = kind == TOP_ROW_APP ? s->napps : kind == TOP_ROW_PROC ? s->nprocs :
		   kind == TOP_ROW_CONN ? s->nconns : s->nifaces;
	for (size_t i = 0; i < n; i++) {
		if (kind == TOP_ROW_APP) {
			row_init(&r, kind, s->apps[i].key, s->apps[i].name, &s->apps[i].f);
			r.expandable = true;
		} else if (kind == TOP_ROW_PROC) {
			if (depth > 0 && s->procs[i].app_key != parent)
				continue;
			row_init(&r, kind, s->procs[i].key, s->procs[i].name, &s->procs[i].f);
			r.expandable = s->procs[i].f.conns > 0;
		} else if (kind == TOP_ROW_CONN) {
			const struct top_conn_in *c = &s->conns[i];
			if (depth > 0 && c->proc_key != parent)
				continue;
			row_init(&r, kind, c->key, c->name, &c->f);
			snprintf(r.remote, sizeof(r.remote), "%s", c->remote_str);
			snprintf(r.state, sizeof(r.state), "%s", c->state);
		} else {
			row_init(&r, kind, top_hash(TOP_HASH_SEED, s->ifaces[i].name,
						    strlen(s->ifaces[i].name)),
				 s->ifaces[i].name, &s->ifaces[i].f);
			snprintf(r.remote, sizeof(r.remote), "%s", s->ifaces[i].link);
		}
		r.depth = depth;
		r.expanded = r.expandable && is_expanded(q, r.key);
		if (depth == 0 && !matches(q, &r))
			continue;
		if (rows_push(out, &r) < 0)
			return -ENOMEM;
	}
	return 0;
}

static int cmp_remote(const void *a, const void *b)
{
	const struct top_conn_in *x = *(const struct top_conn_in *const *)a;
	const struct top_conn_in *y = *(const struct top_conn_in *const *)b;
	if (x->remote.family != y->remote.family)
		return x->remote.family < y->remote.family ? -1 : 1;
	return memcmp(x->remote.addr, y->remote.addr, addr_len(x->remote.family));
}

static void host_add(struct top_row *h, const struct top_conn_in *c)
{
	h->f.rx_rate += c->f.rx_rate;
	h->f.tx_rate += c->f.tx_rate;
	h->f.rx += c->f.rx;
	h->f.tx += c->f.tx;
	h->f.unknown |= c->f.unknown;
	h->f.conns += c->f.conns;
}

static void host_start(const struct top_query *q, const struct top_conn_in *c, struct top_row *h)
{
	char num[TOP_ADDR_MAX], name[TOP_NAME_MAX];
	const char *colon = strrchr(c->remote_str, ':');
	size_t len = colon ? (size_t)(colon - c->remote_str) : strlen(c->remote_str);
	/* the endpoint text without its port (and IPv6 brackets) */
	if (c->remote.family == AF_INET6 && len >= 2 && c->remote_str[0] == '[')
		snprintf(num, sizeof(num), "%.*s", (int)(len - 2), c->remote_str + 1);
	else
		snprintf(num, sizeof(num), "%.*s", (int)len, c->remote_str);
	const char *resolved = q->host_name ? q->host_name(q->host_ctx, &c->remote, name,
							  sizeof(name)) : NULL;
	*h = (struct top_row){ .kind = TOP_ROW_HOST, .key = top_host_key(&c->remote) };
	snprintf(h->name, sizeof(h->name), "%s", resolved ? resolved : num);
	snprintf(h->remote, sizeof(h->remote), "%s", num);
}

/* Groups the connections by remote address (sorted, then runs).
 * Return: 0 or -ENOMEM. */
static int collect_hosts(const struct top_snapshot *s, const struct top_query *q,
			 struct top_rows *out)
{
	const struct top_conn_in **v = malloc((s->nconns + s->nclosed + 1) * sizeof(*v));
	size_t n = 0;
	int err = 0;
	if (!v)
		return -ENOMEM;
	/* live connections, and what closed ones moved (in s->closed) */
	for (size_t i = 0; i < s->nconns; i++)
		if (!s->conns[i].closed && !top_endpoint_unspecified(&s->conns[i].remote))
			v[n++] = &s->conns[i];
	for (size_t i = 0; i < s->nclosed; i++)
		v[n++] = &s->closed[i];
	qsort(v, n, sizeof(*v), cmp_remote);
	for (size_t i = 0; i < n && !err;) {
		struct top_row h;
		host_start(q, v[i], &h);
		size_t j = i;
		for (; j < n && cmp_remote(&v[i], &v[j]) == 0; j++)
			host_add(&h, v[j]);
		i = j;
		if (matches(q, &h))
			err = rows_push(out, &h);
	}
	free(v);
	return err;
}

static int emit(const struct top_snapshot *s, const struct top_query *q, struct top_rows *level,
		struct top_rows *out);

static int emit_children(const struct top_snapshot *s, const struct top_query *q,
			 const struct top_row *parent, struct top_rows *out)
{
	struct top_rows kids = { 0 };
	enum top_row_kind kind = parent->kind == TOP_ROW_APP ? TOP_ROW_PROC : TOP_ROW_CONN;
	int err = collect(s, q, kind, parent->key, parent->depth + 1, &kids);
	if (!err)
		err = sort_rows(&kids, q);
	if (!err)
		err = emit(s, q, &kids, out);
	top_rows_done(&kids);
	return err;
}

static int emit(const struct top_snapshot *s, const struct top_query *q, struct top_rows *level,
		struct top_rows *out)
{
	for (size_t i = 0; i < level->n; i++) {
		if (rows_push(out, &level->v[i]) < 0)
			return -ENOMEM;
		if (level->v[i].expanded && emit_children(s, q, &level->v[i], out) < 0)
			return -ENOMEM;
	}
	return 0;
}

static int collect_top(const struct top_snapshot *s, const struct top_query *q,
		       struct top_rows *level)
{
	switch (q->view) {
	case TOP_VIEW_APPS: return collect(s, q, TOP_ROW_APP, 0, 0, level);
	case TOP_VIEW_PROCS: return collect(s, q, TOP_ROW_PROC, 0, 0, level);
	case TOP_VIEW_CONNS: return collect(s, q, TOP_ROW_CONN, 0, 0, level);
	case TOP_VIEW_HOSTS: return collect_hosts(s, q, level);
	case TOP_VIEW_IFACES: return collect(s, q, TOP_ROW_IFACE, 0, 0, level);
	case TOP_VIEW_COUNT: break;
	}
	return -EINVAL;
}

int top_model_build(const struct top_snapshot *s, const struct top_query *q,
		    struct top_rows *out)
{
	struct top_rows level = { 0 }, rows = { 0 };
	int err = collect_top(s, q, &level);
	if (!err)
		err = sort_rows(&level, q);
	if (!err)
		err = emit(s, q, &level, &rows);
	top_rows_done(&level);
	if (err) {
		top_rows_done(&rows);
		return err;
	}
	top_rows_done(out);
	*out = rows;
	return 0;
}
