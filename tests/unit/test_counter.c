/* SPDX-License-Identifier: MIT */
/* test_counter.c - the accumulator against the true value, case by case. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/counter.h"

#define SEC 1000000000ull
#define GB 1000000000ull

struct step {
	uint64_t raw;
	uint64_t dt_ns;
	enum Nlg_acc_event ev;
	uint64_t since_start; /* expected after this step */
};

struct acc_case {
	const char *name;
	unsigned width;
	uint64_t ceiling;     /* bytes per second */
	struct step steps[6];
	size_t nsteps;
};

static const struct acc_case cases[] = {
	{ "plain increase", 64, 10 * GB,
	  { { 1000, 0, NLG_ACC_FIRST, 0 }, { 1500, SEC, NLG_ACC_STEP, 500 },
	    { 1500, SEC, NLG_ACC_STEP, 500 }, { 9000, SEC, NLG_ACC_STEP, 8000 } }, 4 },
	/* 0xffffffff -> 0 is one step: the off-by-one vnStat locks into its tests. */
	{ "32-bit wrap by one", 32, 10 * GB,
	  { { 0xffffffffu, 0, NLG_ACC_FIRST, 0 }, { 0, SEC, NLG_ACC_WRAP, 1 } }, 2 },
	{ "32-bit wrap across", 32, 10 * GB,
	  { { 0xfffff000u, 0, NLG_ACC_FIRST, 0 }, { 0x1000, SEC, NLG_ACC_WRAP, 0x2000 },
	    { 0x3000, SEC, NLG_ACC_STEP, 0x4000 } }, 3 },
	/* macOS's 4 GiB truncation: a 6 GiB counter read as 2 GiB then more. */
	{ "macOS truncation", 32, 10 * GB,
	  { { 0x80000000u, 0, NLG_ACC_FIRST, 0 }, { 0xf0000000u, SEC, NLG_ACC_STEP, 0x70000000 },
	    { 0x10000000u, SEC, NLG_ACC_WRAP, 0x90000000ull } }, 3 },
	{ "64-bit wrap", 64, 10 * GB,
	  { { UINT64_MAX - 99, 0, NLG_ACC_FIRST, 0 }, { 50, SEC, NLG_ACC_WRAP, 150 } }, 2 },
	/* A 32-bit counter near 4 GiB drops to a small value on a 1 Gb/s link
	 * within one second: a wrap would mean ~3.9 GB in a second. Reset. */
	{ "32-bit reset, not a phantom 4 GiB", 32, 125000000,
	  { { 100000, 0, NLG_ACC_FIRST, 0 }, { 200000, SEC, NLG_ACC_STEP, 100000 },
	    { 5000, SEC, NLG_ACC_RESET, 105000 }, { 7000, SEC, NLG_ACC_STEP, 107000 } }, 4 },
	{ "64-bit reset counts from zero", 64, 10 * GB,
	  { { 5 * GB, 0, NLG_ACC_FIRST, 0 }, { 6 * GB, SEC, NLG_ACC_STEP, GB },
	    { 1000, SEC, NLG_ACC_RESET, GB + 1000 } }, 3 },
	/* After a reset the new reading is itself impossible: baseline only. */
	{ "reset to an impossible value", 64, 1000,
	  { { 50000, 0, NLG_ACC_FIRST, 0 }, { 20000, SEC, NLG_ACC_RESET, 0 },
	    { 20500, SEC, NLG_ACC_STEP, 500 } }, 3 },
	{ "impossible jump is not a spike", 64, 1000,
	  { { 0, 0, NLG_ACC_FIRST, 0 }, { 500, SEC, NLG_ACC_STEP, 500 },
	    { 5000000, SEC, NLG_ACC_ANOMALY, 500 }, { 5000400, SEC, NLG_ACC_STEP, 900 } }, 4 },
	/* The same wrap is plausible over a long interval and not over a short one. */
	{ "wrap needs time", 32, 100000000,
	  { { 0xf0000000u, 0, NLG_ACC_FIRST, 0 }, { 0x100, 10 * SEC, NLG_ACC_WRAP, 0x10000100 } }, 2 },
	{ "same wrap too fast", 32, 100000000,
	  { { 0xf0000000u, 0, NLG_ACC_FIRST, 0 }, { 0x100, SEC, NLG_ACC_RESET, 0x100 } }, 2 },
	{ "sub-second interval", 64, 1000,
	  { { 0, 0, NLG_ACC_FIRST, 0 }, { 500, SEC / 2, NLG_ACC_STEP, 500 },
	    { 1001, SEC / 2, NLG_ACC_ANOMALY, 500 } }, 3 },
	{ "zero ceiling means the default", 64, 0,
	  { { 0, 0, NLG_ACC_FIRST, 0 }, { 40 * GB, SEC, NLG_ACC_STEP, 40 * GB } }, 2 },
	{ "32-bit reading is masked", 32, 10 * GB,
	  { { 0x100000010ull, 0, NLG_ACC_FIRST, 0 }, { 0x20, SEC, NLG_ACC_STEP, 0x10 } }, 2 },
};

static void run_case(void **state)
{
	const struct acc_case *tc = *state;
	struct Nlg_acc acc;
	Nlg_acc_init(&acc, tc->width);
	uint64_t first = 0;
	for (size_t i = 0; i < tc->nsteps; i++) {
		const struct step *s = &tc->steps[i];
		enum Nlg_acc_event ev = Nlg_acc_update(&acc, s->raw, s->dt_ns, tc->ceiling);
		if (i == 0)
			first = acc.total;
		print_message("%s step %zu\n", tc->name, i);
		assert_int_equal(ev, s->ev);
		assert_int_equal(acc.since_start, s->since_start);
		/* total is always the first reading plus what was counted */
		assert_int_equal(acc.total, first + acc.since_start);
	}
}

static void rate_is_never_negative(void **state)
{
	(void)state;
	struct Nlg_acc acc;
	Nlg_acc_init(&acc, 64);
	Nlg_acc_update(&acc, 1000, 0, 0);
	Nlg_acc_update(&acc, 3000, 2 * SEC, 0);
	assert_true(Nlg_acc_rate(&acc, 2 * SEC) == 1000.0);
	Nlg_acc_update(&acc, 10, SEC, 0); /* reset */
	assert_true(Nlg_acc_rate(&acc, SEC) == 10.0);
	Nlg_acc_update(&acc, 10, SEC, 0);
	assert_true(Nlg_acc_rate(&acc, SEC) == 0.0);
	assert_true(Nlg_acc_rate(&acc, 0) == 0.0);
}

static void wrap_delta_is_modular(void **state)
{
	(void)state;
	assert_int_equal(Nlg_acc_wrap_delta(0xffffffffu, 0, 32), 1);
	assert_int_equal(Nlg_acc_wrap_delta(5, 3, 32), 0xfffffffeu);
	assert_int_equal(Nlg_acc_wrap_delta(UINT64_MAX, 0, 64), 1);
	assert_int_equal(Nlg_acc_wrap_delta(10, 20, 32), 10);
}

/* A huge ceiling over a long interval must not overflow into "implausible". */
static void ceiling_arithmetic_saturates(void **state)
{
	(void)state;
	struct Nlg_acc acc;
	Nlg_acc_init(&acc, 64);
	Nlg_acc_update(&acc, 0, 0, UINT64_MAX / 2);
	assert_int_equal(Nlg_acc_update(&acc, UINT64_MAX - 1, 1000 * SEC, UINT64_MAX / 2),
			 NLG_ACC_STEP);
}

static void born_while_watched(void **state)
{
	(void)state;
	struct Nlg_acc acc;
	Nlg_acc_init_from_zero(&acc, 64);
	assert_int_equal(Nlg_acc_update(&acc, 4000, SEC, 10 * GB), NLG_ACC_STEP);
	assert_int_equal(acc.since_start, 4000);
	assert_int_equal(acc.total, 4000);
	/* with a history from elsewhere: the baseline, not a spike */
	Nlg_acc_init_from_zero(&acc, 64);
	assert_int_equal(Nlg_acc_update(&acc, 900 * GB, SEC, 10 * GB), NLG_ACC_FIRST);
	assert_int_equal(acc.since_start, 0);
	assert_int_equal(acc.total, 900 * GB);
	assert_int_equal(Nlg_acc_update(&acc, 900 * GB + 5, SEC, 10 * GB), NLG_ACC_STEP);
	assert_int_equal(acc.since_start, 5);
}

/* A socket's counter: a lower reading counts nothing and is not kept. */
static void growing_ignores_older_views(void **state)
{
	(void)state;
	struct Nlg_acc acc;
	Nlg_acc_init_from_zero(&acc, 64);
	Nlg_acc_update_growing(&acc, 3000, SEC, 10 * GB);
	Nlg_acc_update_growing(&acc, 9000, SEC, 10 * GB);
	Nlg_acc_update_growing(&acc, 3000, SEC, 10 * GB);
	assert_int_equal(acc.last_delta, 0);
	assert_int_equal(acc.since_start, 9000);
	Nlg_acc_update_growing(&acc, 10000, SEC, 10 * GB);
	assert_int_equal(acc.last_delta, 1000);
	assert_int_equal(acc.since_start, 10000);
}

int main(void)
{
	struct CMUnitTest tests[sizeof(cases) / sizeof(cases[0]) + 5];
	size_t n = 0;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		tests[n++] = (struct CMUnitTest){ .name = cases[i].name, .test_func = run_case,
						  .initial_state = (void *)&cases[i] };
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(rate_is_never_negative);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(wrap_delta_is_modular);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(ceiling_arithmetic_saturates);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(born_while_watched);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(growing_ignores_older_views);
	return _cmocka_run_group_tests("counter", tests, n, NULL, NULL);
}
