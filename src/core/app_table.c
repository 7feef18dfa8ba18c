/* SPDX-License-Identifier: MIT */
/* app_table.c - apps by their stable identity: a hash of (kind, key). */
#include <stdlib.h>
#include <string.h>

#include "core/array.h"
#include "core/ledger.h"

/* FNV-1a over the kind and the key. */
static uint64_t app_hash(enum nlg_app_kind kind, const char *key)
{
	uint64_t h = 0xcbf29ce484222325ull ^ (uint64_t)kind;
	h *= 0x100000001b3ull;
	for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
		h ^= *p;
		h *= 0x100000001b3ull;
	}
	return h;
}

static uint64_t name_hash(const char *name)
{
	return app_hash(NLG_APP_PROCESS_TREE, name) ^ 0x5bd1e995ull;
}

/* A program keyed by its executable or script, found again by its name:
 * a process that exited before anything but its name was read is that
 * program. */
static bool is_program(const struct nlg_app *a)
{
	return a->kind == NLG_APP_PROCESS_TREE && strncmp(a->key, "comm:", 5);
}

struct nlg_app *Nlg_ledger_program_named(struct Nlg_ledger *lg, const char *name)
{
	uint64_t *slot = Nlg_u64map_get(&lg->program_by_name, name_hash(name));
	struct nlg_app *a = slot ? (struct nlg_app *)(uintptr_t)*slot : NULL;
	return a && !strcmp(a->name, name) ? a : NULL;
}

struct nlg_app *Nlg_ledger_app_find(struct Nlg_ledger *lg, enum nlg_app_kind kind, const char *key)
{
	uint64_t *slot = Nlg_u64map_get(&lg->app_by_key, app_hash(kind, key));
	for (struct nlg_app *a = slot ? (struct nlg_app *)(uintptr_t)*slot : NULL; a; a = a->hnext)
		if (a->kind == kind && !strcmp(a->key, key))
			return a;
	return NULL;
}

struct nlg_app *Nlg_ledger_app_for(struct Nlg_ledger *lg, enum nlg_app_kind kind, const char *key,
				   const char *name)
{
	struct nlg_app *known = Nlg_ledger_app_find(lg, kind, key);
	if (known)
		return known;
	uint64_t h = app_hash(kind, key);
	if (Nlg_array_reserve(&lg->apps, &lg->capapps, lg->napps + 1, sizeof(*lg->apps), 32) < 0 ||
	    Nlg_u64map_reserve(&lg->app_by_key, Nlg_u64map_count(&lg->app_by_key) + 1) < 0)
		return NULL;
	struct nlg_app *a = calloc(1, sizeof(*a));
	if (!a || !(a->key = strdup(key)) || !(a->name = strdup(name))) {
		if (a)
			free(a->key);
		free(a);
		return NULL;
	}
	a->kind = kind;
	uint64_t *slot = Nlg_u64map_get(&lg->app_by_key, h);
	a->hnext = slot ? (struct nlg_app *)(uintptr_t)*slot : NULL;
	Nlg_u64map_put(&lg->app_by_key, h, (uint64_t)(uintptr_t)a); /* reserved */
	a->idx = lg->napps;
	lg->apps[lg->napps++] = a;
	/* Without memory for it, the name index only misses this program. */
	if (is_program(a))
		(void)Nlg_u64map_put(&lg->program_by_name, name_hash(name), (uint64_t)(uintptr_t)a);
	return a;
}

struct nlg_app *Nlg_ledger_app_named(struct Nlg_ledger *lg, enum nlg_app_kind kind,
				     const char *name)
{
	return Nlg_ledger_app_for(lg, kind, name, name);
}

void Nlg_ledger_app_free(struct Nlg_ledger *lg, struct nlg_app *a)
{
	uint64_t h = app_hash(a->kind, a->key);
	uint64_t *slot = Nlg_u64map_get(&lg->app_by_key, h);
	/* Unlink it from its hash chain; the map entry goes with the last. */
	struct nlg_app *cur = slot ? (struct nlg_app *)(uintptr_t)*slot : NULL, *prev = NULL;
	for (; cur; prev = cur, cur = cur->hnext) {
		if (cur != a)
			continue;
		if (prev)
			prev->hnext = a->hnext;
		else if (a->hnext)
			*slot = (uint64_t)(uintptr_t)a->hnext;
		else
			Nlg_u64map_del(&lg->app_by_key, h, NULL);
		break;
	}
	uint64_t *named = Nlg_u64map_get(&lg->program_by_name, name_hash(a->name));
	if (named && *named == (uint64_t)(uintptr_t)a)
		Nlg_u64map_del(&lg->program_by_name, name_hash(a->name), NULL);
	lg->apps[a->idx] = lg->apps[--lg->napps];
	lg->apps[a->idx]->idx = a->idx;
	free(a->key);
	free(a->name);
	free(a);
}
