/* SPDX-License-Identifier: MIT */
/* account_rows.c - an account's sums per protocol, remote host and
 * process name: rows found by a hash of their key. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/account.h"
#include "core/array.h"

void Nlg_rowtab_init(struct Nlg_rowtab *t)
{
	memset(t, 0, sizeof(*t));
	Nlg_u64map_init(&t->index);
}

void Nlg_rowtab_done(struct Nlg_rowtab *t)
{
	Nlg_u64map_done(&t->index);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

void Nlg_rowtab_clear(struct Nlg_rowtab *t)
{
	Nlg_u64map_clear(&t->index);
	t->n = 0;
}

static bool same_key(const struct nlg_account_row *a, const struct nlg_account_row *b)
{
	return a->proto == b->proto && a->remote.family == b->remote.family &&
	       a->remote.port == b->remote.port &&
	       !memcmp(a->remote.addr, b->remote.addr, sizeof(a->remote.addr)) &&
	       !strncmp(a->name, b->name, sizeof(a->name));
}

/* FNV-1a over the key's fields. */
static uint64_t key_hash(const struct nlg_account_row *r)
{
	uint64_t h = 0xcbf29ce484222325ull;
	const unsigned char *parts[] = { (const unsigned char *)&r->proto,
					 (const unsigned char *)&r->remote.family,
					 r->remote.addr, (const unsigned char *)&r->remote.port,
					 (const unsigned char *)r->name };
	const size_t lens[] = { sizeof(r->proto), sizeof(r->remote.family), sizeof(r->remote.addr),
				sizeof(r->remote.port), strnlen(r->name, sizeof(r->name)) };
	for (size_t p = 0; p < 5; p++)
		for (size_t i = 0; i < lens[p]; i++)
			h = (h ^ parts[p][i]) * 0x100000001b3ull;
	return h;
}

/* Return: the row with r's key, or NULL. A hash shared by two keys (rare)
 * falls back to a scan. */
static struct nlg_account_row *find(struct Nlg_rowtab *t, const struct nlg_account_row *r,
				    uint64_t h)
{
	const uint64_t *pos = Nlg_u64map_get(&t->index, h);
	if (!pos)
		return NULL;
	if (same_key(&t->v[*pos - 1], r))
		return &t->v[*pos - 1];
	for (size_t i = 0; i < t->n; i++)
		if (same_key(&t->v[i], r))
			return &t->v[i];
	return NULL;
}

int Nlg_rowtab_add(struct Nlg_rowtab *t, const struct nlg_account_row *r)
{
	uint64_t h = key_hash(r);
	struct nlg_account_row *row = find(t, r, h);
	if (!row) {
		if (Nlg_array_reserve(&t->v, &t->cap, t->n + 1, sizeof(*t->v), 16) < 0)
			return -ENOMEM;
		if (!Nlg_u64map_get(&t->index, h) && Nlg_u64map_put(&t->index, h, t->n + 1) < 0)
			return -ENOMEM;
		row = &t->v[t->n++];
		*row = *r;
		row->sockets = row->rx_bytes = row->tx_bytes = 0;
		row->bytes_known = true;
	}
	row->sockets += r->sockets;
	row->rx_bytes += r->rx_bytes;
	row->tx_bytes += r->tx_bytes;
	row->bytes_known &= r->bytes_known;
	return 0;
}

int Nlg_rowtab_copy(struct Nlg_rowtab *to, const struct Nlg_rowtab *from)
{
	Nlg_rowtab_clear(to);
	for (size_t i = 0; i < from->n; i++)
		if (Nlg_rowtab_add(to, &from->v[i]) < 0)
			return -ENOMEM;
	return 0;
}

static int by_bytes(const void *pa, const void *pb)
{
	const struct nlg_account_row *a = pa, *b = pb;
	uint64_t x = a->rx_bytes + a->tx_bytes, y = b->rx_bytes + b->tx_bytes;
	if (x != y)
		return x < y ? 1 : -1;
	if (a->sockets != b->sockets)
		return a->sockets < b->sockets ? 1 : -1;
	return strncmp(a->name, b->name, sizeof(a->name));
}

void Nlg_rowtab_sort(struct Nlg_rowtab *t)
{
	if (t->n > 1)
		qsort(t->v, t->n, sizeof(*t->v), by_bytes);
	Nlg_u64map_clear(&t->index);
}

void Nlg_rowtab_key(int kind, const struct nlg_account_row *s, struct nlg_account_row *out)
{
	*out = *s;
	if (kind != NLG_ROWS_HOST)
		memset(&out->remote, 0, sizeof(out->remote));
	if (kind != NLG_ROWS_PROC)
		memset(out->name, 0, sizeof(out->name));
	if (kind == NLG_ROWS_PROC)
		out->proto = 0;
}
