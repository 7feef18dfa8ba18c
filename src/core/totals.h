/* SPDX-License-Identifier: MIT */
/*
 * totals.h - the machine's total bytes and rates over the interfaces of a
 * scope. Each sample adds what every interface it read moved since the
 * previous one, so an interface that leaves keeps its bytes in the total
 * and the total's rate is the sum of the interfaces' rates: never negative,
 * and no jump when a set of interfaces changes.
 */
#ifndef NLG_CORE_TOTALS_H
#define NLG_CORE_TOTALS_H

#include "core/iface.h"

#define NLG_TOTAL_SCOPES 2

struct Nlg_totals {
	uint64_t since[NLG_TOTAL_SCOPES][2];  /* [scope][0 rx, 1 tx] */
	double rate[NLG_TOTAL_SCOPES][2];
};

/* Adds the interfaces' increases of the sample just applied (dt_ns after
 * the previous one; 0 for the first). */
void Nlg_totals_update(struct Nlg_totals *t, struct Nlg_iface_table *tab, uint64_t dt_ns);

/* Fills out for scope. Return: 0, or -EINVAL for an unknown scope. */
int Nlg_totals_get(const struct Nlg_totals *t, const struct Nlg_iface_table *tab,
		   enum nlg_total_scope scope, struct nlg_total *out);

#endif
