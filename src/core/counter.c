/* SPDX-License-Identifier: MIT */
#include "core/counter.h"

#define NS_PER_SEC 1000000000ull

void Nlg_acc_init(struct Nlg_acc *acc, unsigned width)
{
	*acc = (struct Nlg_acc){ .width = width == 32 ? 32 : 64 };
}

void Nlg_acc_init_from_zero(struct Nlg_acc *acc, unsigned width)
{
	Nlg_acc_init(acc, width);
	acc->from_zero = true;
}

static uint64_t mask_for(unsigned width)
{
	return width == 32 ? UINT32_MAX : UINT64_MAX;
}

uint64_t Nlg_acc_wrap_delta(uint64_t prev, uint64_t cur, unsigned width)
{
	/* Modular subtraction at the counter's own width: from 0xffffffff to
	 * 0 is one step, not 0x100000000 and not 0xffffffff. */
	return (cur - prev) & mask_for(width);
}

/* Is an increase of delta within dt_ns believable under the ceiling?
 * Computed without overflow: delta <= ceiling * dt / 1e9. */
static bool plausible(uint64_t delta, uint64_t dt_ns, uint64_t ceiling)
{
	if (dt_ns == 0)
		return delta == 0;
	uint64_t whole = dt_ns / NS_PER_SEC, frac = dt_ns % NS_PER_SEC;
	if (whole && ceiling > UINT64_MAX / whole)
		return true; /* the allowance exceeds any 64-bit delta */
	uint64_t allowed = ceiling * whole;
	/* ceiling * frac / 1e9 without overflowing: split the ceiling. */
	uint64_t part = (ceiling / NS_PER_SEC) * frac + (ceiling % NS_PER_SEC) * frac / NS_PER_SEC;
	if (allowed > UINT64_MAX - part)
		return true;
	return delta <= allowed + part;
}

static enum Nlg_acc_event take(struct Nlg_acc *acc, uint64_t raw, uint64_t delta,
			       enum Nlg_acc_event ev)
{
	acc->raw = raw;
	acc->last_delta = delta;
	acc->total += delta;
	acc->since_start += delta;
	return ev;
}

enum Nlg_acc_event Nlg_acc_update(struct Nlg_acc *acc, uint64_t raw, uint64_t dt_ns,
				  uint64_t ceiling)
{
	raw &= mask_for(acc->width);
	if (ceiling == 0)
		ceiling = NLG_ACC_DEFAULT_CEILING;
	if (acc->from_zero) {
		acc->from_zero = false;
		if (plausible(raw, dt_ns, ceiling)) {
			acc->primed = true;
			return take(acc, raw, raw, NLG_ACC_STEP);
		}
	}
	if (!acc->primed) {
		acc->primed = true;
		acc->from_zero = false;
		acc->raw = raw;
		acc->total = raw;
		acc->since_start = 0;
		acc->last_delta = 0;
		return NLG_ACC_FIRST;
	}
	if (raw >= acc->raw) {
		uint64_t delta = raw - acc->raw;
		if (plausible(delta, dt_ns, ceiling))
			return take(acc, raw, delta, NLG_ACC_STEP);
		return take(acc, raw, 0, NLG_ACC_ANOMALY);
	}
	uint64_t wrapped = Nlg_acc_wrap_delta(acc->raw, raw, acc->width);
	if (plausible(wrapped, dt_ns, ceiling))
		return take(acc, raw, wrapped, NLG_ACC_WRAP);
	/* A reset: the kernel counted raw since it restarted from zero. */
	if (plausible(raw, dt_ns, ceiling))
		return take(acc, raw, raw, NLG_ACC_RESET);
	take(acc, raw, 0, NLG_ACC_RESET);
	return NLG_ACC_RESET;
}

enum Nlg_acc_event Nlg_acc_update_growing(struct Nlg_acc *acc, uint64_t raw, uint64_t dt_ns,
					  uint64_t ceiling)
{
	if (acc->primed && (raw & mask_for(acc->width)) < acc->raw) {
		acc->last_delta = 0;
		return NLG_ACC_STEP;
	}
	return Nlg_acc_update(acc, raw, dt_ns, ceiling);
}

double Nlg_acc_rate(const struct Nlg_acc *acc, uint64_t dt_ns)
{
	if (dt_ns == 0)
		return 0.0;
	return (double)acc->last_delta * (double)NS_PER_SEC / (double)dt_ns;
}
