/* SPDX-License-Identifier: MIT */
/* u64map.c - open-addressing hash map from 64-bit keys to 64-bit values. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/u64map.h"

#define MIN_CAP 16

uint64_t Nlg_u64_mix(uint64_t key)
{
	key ^= key >> 30;
	key *= 0xbf58476d1ce4e5b9ull;
	key ^= key >> 27;
	key *= 0x94d049bb133111ebull;
	key ^= key >> 31;
	return key;
}

/* Keys are often small, dense or aligned (inodes, pids, addresses): a full
 * avalanche spreads them over the table. */
static size_t home(const struct Nlg_u64map *m, uint64_t key)
{
	return (size_t)Nlg_u64_mix(key) & (m->cap - 1);
}

/* At most 7/10 full: linear probing stays short. */
static bool too_full(size_t n, size_t cap)
{
	return n * 10 >= cap * 7;
}

void Nlg_u64map_init(struct Nlg_u64map *m)
{
	memset(m, 0, sizeof(*m));
}

void Nlg_u64map_done(struct Nlg_u64map *m)
{
	free(m->slots);
	memset(m, 0, sizeof(*m));
}

void Nlg_u64map_clear(struct Nlg_u64map *m)
{
	if (m->slots)
		memset(m->slots, 0, m->cap * sizeof(*m->slots));
	m->n = 0;
	m->has_zero = false;
}

size_t Nlg_u64map_count(const struct Nlg_u64map *m)
{
	return m->n;
}

/* Return: the slot holding key, or the empty slot where it would go. */
static struct Nlg_u64map_slot *probe(const struct Nlg_u64map *m, uint64_t key)
{
	size_t mask = m->cap - 1;
	for (size_t i = home(m, key);; i = (i + 1) & mask) {
		struct Nlg_u64map_slot *s = &m->slots[i];
		if (s->key == key || s->key == 0)
			return s;
	}
}

uint64_t *Nlg_u64map_get(const struct Nlg_u64map *m, uint64_t key)
{
	if (key == 0)
		return m->has_zero ? (uint64_t *)&m->zero_val : NULL;
	if (!m->cap)
		return NULL;
	struct Nlg_u64map_slot *s = probe(m, key);
	return s->key ? &s->val : NULL;
}

/* Return: 0 on success or -ENOMEM with the map unchanged. */
static int resize(struct Nlg_u64map *m, size_t cap)
{
	struct Nlg_u64map_slot *old = m->slots;
	size_t old_cap = m->cap;
	struct Nlg_u64map_slot *slots = calloc(cap, sizeof(*slots));
	if (!slots)
		return -ENOMEM;
	m->slots = slots;
	m->cap = cap;
	for (size_t i = 0; i < old_cap; i++)
		if (old[i].key)
			*probe(m, old[i].key) = old[i];
	free(old);
	return 0;
}

int Nlg_u64map_reserve(struct Nlg_u64map *m, size_t n)
{
	size_t cap = m->cap ? m->cap : MIN_CAP;
	while (too_full(n + 1, cap)) {
		if (cap > SIZE_MAX / 2 / sizeof(struct Nlg_u64map_slot))
			return -ENOMEM;
		cap *= 2;
	}
	return cap == m->cap ? 0 : resize(m, cap);
}

int Nlg_u64map_put(struct Nlg_u64map *m, uint64_t key, uint64_t val)
{
	if (key == 0) {
		m->n += !m->has_zero;
		m->has_zero = true;
		m->zero_val = val;
		return 0;
	}
	if (!m->cap || too_full(m->n + 1, m->cap)) {
		int err = Nlg_u64map_reserve(m, m->n + 1);
		if (err < 0)
			return err;
	}
	struct Nlg_u64map_slot *s = probe(m, key);
	m->n += s->key == 0;
	s->key = key;
	s->val = val;
	return 0;
}

/* Empties slot i, then moves back every later entry of its run that may
 * sit there, so that no lookup ever meets a gap before its key. */
static void remove_at(struct Nlg_u64map *m, size_t i)
{
	size_t mask = m->cap - 1;
	for (size_t j = (i + 1) & mask; m->slots[j].key; j = (j + 1) & mask) {
		size_t h = home(m, m->slots[j].key);
		/* The entry may move to i if i lies on its probe path h..j. */
		if (((j - h) & mask) >= ((j - i) & mask)) {
			m->slots[i] = m->slots[j];
			i = j;
		}
	}
	m->slots[i].key = 0;
	m->slots[i].val = 0;
	m->n--;
}

bool Nlg_u64map_del(struct Nlg_u64map *m, uint64_t key, uint64_t *val)
{
	if (key == 0) {
		if (!m->has_zero)
			return false;
		if (val)
			*val = m->zero_val;
		m->has_zero = false;
		m->n--;
		return true;
	}
	if (!m->cap)
		return false;
	struct Nlg_u64map_slot *s = probe(m, key);
	if (!s->key)
		return false;
	if (val)
		*val = s->val;
	remove_at(m, (size_t)(s - m->slots));
	return true;
}

bool Nlg_u64map_next(const struct Nlg_u64map *m, size_t *pos, uint64_t *key, uint64_t *val)
{
	while (*pos <= m->cap) {
		size_t i = (*pos)++;
		if (i == 0) {
			if (!m->has_zero)
				continue;
			*key = 0;
			*val = m->zero_val;
			return true;
		}
		if (m->slots[i - 1].key) {
			*key = m->slots[i - 1].key;
			*val = m->slots[i - 1].val;
			return true;
		}
	}
	return false;
}

void Nlg_u64map_filter(struct Nlg_u64map *m, bool (*keep)(uint64_t key, uint64_t *val, void *ctx),
		       void *ctx)
{
	if (m->has_zero && !keep(0, &m->zero_val, ctx)) {
		m->has_zero = false;
		m->n--;
	}
	if (!m->cap)
		return;
	/* Start just after an empty slot (the table is never full). A removal
	 * moves entries back only from later in the same run, and no run
	 * crosses that empty slot, so each entry is seen exactly once. */
	size_t mask = m->cap - 1, start = 0;
	while (m->slots[start].key)
		start++;
	for (size_t step = 1; step <= m->cap; step++) {
		size_t i = (start + step) & mask;
		while (m->slots[i].key && !keep(m->slots[i].key, &m->slots[i].val, ctx))
			remove_at(m, i);
	}
}
