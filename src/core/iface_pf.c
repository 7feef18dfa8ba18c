/* SPDX-License-Identifier: MIT */
/*
 * iface_pf.c - pf's pass/block counters of an interface, accumulated like
 * its other counters, and their public accessors.
 *
 * pf zeroes its counters on pfctl -z and when it is reloaded, and says so
 * by changing pfik_tzero: a new tzero means the reading counts from zero,
 * even when it is larger than the last one.
 */
#include <stdlib.h>

#include "core/iface.h"

enum { PF_BYTES = 0, PF_PACKETS = 1 };

/* Return: the interface's pf counters, made now (NULL: no memory). */
static struct Nlg_iface_pf *pf_new(struct nlg_iface *it, bool from_zero)
{
	struct Nlg_iface_pf *pf = calloc(1, sizeof(*pf));
	if (!pf)
		return NULL;
	struct Nlg_acc *acc = &pf->acc[0][0][0][0];
	for (size_t i = 0; i < 16; i++) {
		if (from_zero)
			Nlg_acc_init_from_zero(&acc[i], 64);
		else
			Nlg_acc_init(&acc[i], 64);
	}
	it->pf = pf;
	return pf;
}

static void pf_count(struct nlg_iface *it, enum Nlg_acc_event ev)
{
	it->wraps += ev == NLG_ACC_WRAP;
	it->resets += ev == NLG_ACC_RESET;
	it->anomalies += ev == NLG_ACC_ANOMALY;
}

static void pf_take(struct nlg_iface *it, struct Nlg_acc *acc, uint64_t raw, bool zeroed,
		    const struct Nlg_sample_ctx *sc, uint64_t ceiling)
{
	if (zeroed)
		acc->raw = 0; /* the whole reading is new */
	enum Nlg_acc_event ev = Nlg_acc_update(acc, raw, sc->dt_ns, ceiling);
	pf_count(it, zeroed && ev == NLG_ACC_STEP ? NLG_ACC_RESET : ev);
}

void Nlg_iface_pf_update(struct nlg_iface *it, const struct Nlg_raw_link *raw,
			 const struct Nlg_sample_ctx *sc, uint64_t byte_ceiling,
			 uint64_t packet_ceiling)
{
	if (!raw->has_pf)
		return; /* totals kept for when pf can be read again */
	struct Nlg_iface_pf *pf = it->pf;
	bool zeroed = pf && raw->pf_tzero != pf->tzero;
	/* (without memory, the reading is skipped and the next one taken) */
	if (!pf && !(pf = pf_new(it, sc->dt_ns && it->first_seen_ns == sc->now_ns)))
		return;
	for (int af = 0; af < 2; af++) {
		for (int dir = 0; dir < 2; dir++) {
			for (int act = 0; act < 2; act++) {
				struct Nlg_acc *b = &pf->acc[PF_BYTES][af][dir][act];
				pf_take(it, b, raw->pf_bytes[af][dir][act], zeroed, sc, byte_ceiling);
				pf_take(it, &pf->acc[PF_PACKETS][af][dir][act],
					raw->pf_packets[af][dir][act], zeroed, sc, packet_ceiling);
				pf->rate[af][dir][act] = Nlg_acc_rate(b, sc->dt_ns);
			}
		}
	}
	pf->tzero = raw->pf_tzero;
}

static bool pf_index_ok(enum nlg_pf_af af, enum nlg_pf_dir dir, enum nlg_pf_action act)
{
	return (unsigned)af < 2 && (unsigned)dir < 2 && (unsigned)act < 2;
}

bool nlg_iface_has_pf(const struct nlg_iface *it)
{
	return it->last.has_pf && it->pf;
}

static uint64_t pf_total(const struct nlg_iface *it, int unit, enum nlg_pf_af af,
			 enum nlg_pf_dir dir, enum nlg_pf_action act)
{
	if (!it->last.has_pf || !it->pf || !pf_index_ok(af, dir, act))
		return 0;
	return it->pf->acc[unit][af][dir][act].total;
}

uint64_t nlg_iface_pf_bytes(const struct nlg_iface *it, enum nlg_pf_af af, enum nlg_pf_dir dir,
			    enum nlg_pf_action act)
{
	return pf_total(it, PF_BYTES, af, dir, act);
}

uint64_t nlg_iface_pf_packets(const struct nlg_iface *it, enum nlg_pf_af af,
			      enum nlg_pf_dir dir, enum nlg_pf_action act)
{
	return pf_total(it, PF_PACKETS, af, dir, act);
}

double nlg_iface_pf_rate(const struct nlg_iface *it, enum nlg_pf_af af, enum nlg_pf_dir dir,
			 enum nlg_pf_action act)
{
	if (!it->last.has_pf || !it->pf || !pf_index_ok(af, dir, act))
		return 0.0;
	return it->pf->rate[af][dir][act];
}
