/* SPDX-License-Identifier: MIT */
/*
 * counter.h - one kernel counter turned into a monotonic 64-bit total.
 *
 * The kernel hands out counters of a fixed width that wrap (32-bit drivers,
 * macOS's 4 GiB truncation) and that restart from zero when an interface is
 * re-created or a driver reloads. An accumulator tells the two apart with a
 * ceiling on the plausible rate: a decrease that a single wrap explains at
 * or below the ceiling is a wrap, anything else is a reset and the new
 * reading counts from zero. An increase above the ceiling is not believed
 * either: it becomes the new baseline and is counted as an anomaly rather
 * than as a spike.
 */
#ifndef NLG_CORE_COUNTER_H
#define NLG_CORE_COUNTER_H

#include <stdbool.h>
#include <stdint.h>

/* 50 GB/s: above what loopback moves on today's machines. */
#define NLG_ACC_DEFAULT_CEILING 50000000000ull

enum Nlg_acc_event {
	NLG_ACC_FIRST = 0, /* first reading: the baseline */
	NLG_ACC_STEP,      /* ordinary increase (or no change) */
	NLG_ACC_WRAP,      /* the counter wrapped at its width */
	NLG_ACC_RESET,     /* the counter restarted from zero */
	NLG_ACC_ANOMALY,   /* an impossible jump, not counted */
};

struct Nlg_acc {
	uint64_t raw;         /* last reading, at the counter's width */
	uint64_t total;       /* first reading + every increase since */
	uint64_t since_start; /* every increase since the first reading */
	uint64_t last_delta;  /* increase over the last interval */
	uint8_t width;        /* 32 or 64 */
	bool primed;
	bool from_zero;       /* born while watched: first reading is an increase */
};

/* Prepares an accumulator for a counter that is width (32 or 64) bits wide. */
void Nlg_acc_init(struct Nlg_acc *acc, unsigned width);

/* Prepares an accumulator for a counter that came into existence after
 * monitoring began: its first reading counts as an increase from zero,
 * unless that increase is implausible for one interval (the counter then
 * has a history from elsewhere, such as an interface moved in from another
 * network namespace, and its first reading is the baseline). */
void Nlg_acc_init_from_zero(struct Nlg_acc *acc, unsigned width);

/*
 * Feeds one reading taken dt_ns after the previous one. ceiling is the
 * highest plausible increase per second; 0 means no ceiling.
 * Return: what the reading was taken to be.
 */
enum Nlg_acc_event Nlg_acc_update(struct Nlg_acc *acc, uint64_t raw, uint64_t dt_ns,
				  uint64_t ceiling);

/* As Nlg_acc_update, for a counter that only grows for its whole life and
 * never wraps (a socket's: its cookie is never reused): a reading below
 * the last one is an older view of it, not a reset, and counts nothing. */
enum Nlg_acc_event Nlg_acc_update_growing(struct Nlg_acc *acc, uint64_t raw, uint64_t dt_ns,
					  uint64_t ceiling);

/* Return: the increase that moving from prev to cur means at this width,
 * assuming one wrap at most. */
uint64_t Nlg_acc_wrap_delta(uint64_t prev, uint64_t cur, unsigned width);

/* Return: the last interval's increase per second. */
double Nlg_acc_rate(const struct Nlg_acc *acc, uint64_t dt_ns);

#endif
