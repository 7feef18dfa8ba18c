/* SPDX-License-Identifier: MIT */
/*
 * u64map.h - a hash map from 64-bit keys to 64-bit values.
 *
 * Open addressing with linear probing and backward-shift deletion, so
 * there are no tombstones and a lookup never walks past the first empty
 * slot. Values are plain numbers; a caller that maps to objects stores
 * their address ((uint64_t)(uintptr_t)ptr). The map is embedded by its
 * owner: _init/_done, no allocation until the first insertion.
 */
#ifndef NLG_CORE_U64MAP_H
#define NLG_CORE_U64MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct Nlg_u64map_slot {
	uint64_t key;  /* 0: empty; the key 0 itself lives in zero_val */
	uint64_t val;
};

struct Nlg_u64map {
	struct Nlg_u64map_slot *slots;
	size_t cap;    /* 0 or a power of two */
	size_t n;      /* entries, the key 0 included */
	bool has_zero;
	uint64_t zero_val;
};

/* Return: key with every bit spread over every other (the splitmix64
 * finaliser), for hashing. */
uint64_t Nlg_u64_mix(uint64_t key);

void Nlg_u64map_init(struct Nlg_u64map *m);
void Nlg_u64map_done(struct Nlg_u64map *m);

/* Removes every entry and keeps the memory for reuse. */
void Nlg_u64map_clear(struct Nlg_u64map *m);

/* Return: the number of entries. */
size_t Nlg_u64map_count(const struct Nlg_u64map *m);

/* Return: a pointer to the value stored for key, valid until the map next
 * changes, or NULL when key is absent. */
uint64_t *Nlg_u64map_get(const struct Nlg_u64map *m, uint64_t key);

/* Inserts key or replaces its value.
 * Return: 0 on success or -ENOMEM, with the map unchanged. */
int Nlg_u64map_put(struct Nlg_u64map *m, uint64_t key, uint64_t val);

/* Removes key; its value goes to *val when val is not NULL.
 * Return: true if key was present. */
bool Nlg_u64map_del(struct Nlg_u64map *m, uint64_t key, uint64_t *val);

/* Makes room for n entries in all, so that as many insertions cannot fail.
 * Return: 0 on success or -ENOMEM. */
int Nlg_u64map_reserve(struct Nlg_u64map *m, size_t n);

/* Walks the entries in no particular order: *pos starts at 0.
 * Return: true with the next entry in *key and *val, false at the end.
 * Nothing may be inserted or removed during a walk (use _filter to
 * remove); values may be changed in place through _get. */
bool Nlg_u64map_next(const struct Nlg_u64map *m, size_t *pos, uint64_t *key, uint64_t *val);

/* Calls keep() exactly once for every entry and removes those for which it
 * returns false. keep() may change *val but must not touch the map. */
void Nlg_u64map_filter(struct Nlg_u64map *m, bool (*keep)(uint64_t key, uint64_t *val, void *ctx),
		       void *ctx);

#endif
