/* SPDX-License-Identifier: MIT */
/* totals.c - machine-wide totals over the interfaces of a scope. */
#include <errno.h>
#include <string.h>

#include "core/totals.h"

bool nlg_iface_counted(const struct nlg_iface *it, enum nlg_total_scope scope)
{
	enum nlg_iface_type t = it->last.type;
	if (it->last.netns)
		return false;  /* another namespace's (ifaces --all-netns) */
	if (scope == NLG_TOTAL_ALL)
		return t != NLG_IFACE_LOOPBACK;
	return scope == NLG_TOTAL_PHYSICAL &&
	       (t == NLG_IFACE_ETHERNET || t == NLG_IFACE_WIFI || t == NLG_IFACE_CELLULAR);
}

void Nlg_totals_update(struct Nlg_totals *t, struct Nlg_iface_table *tab, uint64_t dt_ns)
{
	uint64_t delta[NLG_TOTAL_SCOPES][2] = { { 0 } };

	for (size_t i = 0; i < tab->n; i++) {
		struct nlg_iface *it = tab->v[i];
		/* since_start never decreases: an interface not read this
		 * sample (gone without a final reading) adds nothing. */
		uint64_t d[2] = { it->acc[NLG_RX_BYTES].since_start - it->tot_mark[0],
				  it->acc[NLG_TX_BYTES].since_start - it->tot_mark[1] };
		it->tot_mark[0] += d[0];
		it->tot_mark[1] += d[1];
		for (int s = 0; s < NLG_TOTAL_SCOPES; s++) {
			if (!nlg_iface_counted(it, (enum nlg_total_scope)s))
				continue;
			delta[s][0] += d[0];
			delta[s][1] += d[1];
		}
	}
	for (int s = 0; s < NLG_TOTAL_SCOPES; s++) {
		for (int dir = 0; dir < 2; dir++) {
			t->since[s][dir] += delta[s][dir];
			t->rate[s][dir] = dt_ns ? (double)delta[s][dir] * 1e9 / (double)dt_ns : 0.0;
		}
	}
}

int Nlg_totals_get(const struct Nlg_totals *t, const struct Nlg_iface_table *tab,
		   enum nlg_total_scope scope, struct nlg_total *out)
{
	if ((unsigned)scope >= NLG_TOTAL_SCOPES)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < tab->n; i++) {
		const struct nlg_iface *it = tab->v[i];
		if (!nlg_iface_counted(it, scope))
			continue;
		out->rx_total += it->acc[NLG_RX_BYTES].total;
		out->tx_total += it->acc[NLG_TX_BYTES].total;
		out->count += !it->gone;
	}
	out->rx_since_start = t->since[scope][0];
	out->tx_since_start = t->since[scope][1];
	out->rx_rate = t->rate[scope][0];
	out->tx_rate = t->rate[scope][1];
	return 0;
}
