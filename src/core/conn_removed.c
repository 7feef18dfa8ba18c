/* SPDX-License-Identifier: MIT */
/*
 * conn_removed.c - the connections removed lately, by cookie, with their
 * last readings: a socket listed again after it was closed (a destroy
 * event that came late, a socket missing from two dumps) resumes from
 * them, so nothing it counted is counted twice.
 */
#include <stdlib.h>
#include <string.h>

#include "core/ledger.h"

const struct Nlg_removed *Nlg_removed_get(const struct Nlg_ledger *lg, uint64_t cookie)
{
	const uint64_t *v = Nlg_u64map_get(&lg->removed, cookie);
	return v ? (const struct Nlg_removed *)(uintptr_t)*v : NULL;
}

static bool still_recent(uint64_t cookie, uint64_t *val, void *ctx)
{
	(void)cookie;
	struct Nlg_removed *r = (struct Nlg_removed *)(uintptr_t)*val;
	if (ctx && *(const uint64_t *)ctx - r->gen <= NLG_REMOVED_SAMPLES)
		return true;
	free(r);
	return false;
}

void Nlg_removed_expire(struct Nlg_ledger *lg)
{
	Nlg_u64map_filter(&lg->removed, still_recent, &lg->gen);
}

void Nlg_removed_done(struct Nlg_ledger *lg)
{
	Nlg_u64map_filter(&lg->removed, still_recent, NULL);
	Nlg_u64map_done(&lg->removed);
}

/* Without memory for it, a cookie is not remembered: a late reading of it
 * would then list the connection again and count it from zero. */
void Nlg_removed_put(struct Nlg_ledger *lg, uint64_t cookie, const struct Nlg_removed *from)
{
	struct Nlg_removed *r = malloc(sizeof(*r));
	uint64_t old;
	if (!r)
		return;
	*r = *from;
	r->gen = lg->gen;
	if (Nlg_u64map_del(&lg->removed, cookie, &old))
		free((struct Nlg_removed *)(uintptr_t)old);
	if (Nlg_u64map_put(&lg->removed, cookie, (uint64_t)(uintptr_t)r) < 0)
		free(r);
}
