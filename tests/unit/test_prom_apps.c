/* SPDX-License-Identifier: MIT */
/* test_prom_apps.c - the top-N app series and an "other" that never
 * decreases, whatever moves in or out of the top. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "export/prom_int.h"

#define MAX_APPS 40

/* Apps as a monitor would list them: keys stable, new ones appended. */
struct world {
	struct Nlg_prom_app_in in[MAX_APPS];
	char keys[MAX_APPS][16];
	size_t n;
};

static void add_app(struct world *w, uint64_t rx, uint64_t tx)
{
	snprintf(w->keys[w->n], sizeof(w->keys[w->n]), "exe:/app%zu", w->n);
	w->in[w->n] = (struct Nlg_prom_app_in){ w->keys[w->n], rx, tx };
	w->n++;
}

static void update(struct Nlg_prom_apps *t, struct world *w)
{
	assert_int_equal(Nlg_prom_apps_update(t, w->in, w->n), 0);
}

static bool series(const struct Nlg_prom_apps *t, size_t i, uint64_t *rx, uint64_t *tx)
{
	return Nlg_prom_apps_series(t, i, rx, tx);
}

static void first_render_sums_the_rest(void **state)
{
	(void)state;
	struct world w = { 0 };
	struct Nlg_prom_apps t = { .top = 2 };
	add_app(&w, 100, 1);  /* A */
	add_app(&w, 50, 2);   /* B */
	add_app(&w, 10, 3);   /* C */
	add_app(&w, 5, 4);    /* D */
	update(&t, &w);
	uint64_t rx, tx;
	assert_true(series(&t, 0, &rx, &tx));
	assert_int_equal(rx, 100);
	assert_true(series(&t, 1, &rx, &tx));
	assert_int_equal(tx, 2);
	assert_false(series(&t, 2, &rx, &tx));
	assert_false(series(&t, 3, &rx, &tx));
	assert_int_equal(t.other_rx, 15);
	assert_int_equal(t.other_tx, 7);
	Nlg_prom_apps_done(&t);
}

/* C overtakes B: B's series ends, C's starts; "other" keeps C's bytes and
 * counts B's from then on. B comes back: its series resumes without what
 * "other" counted meanwhile. */
static void moves_keep_other_growing(void **state)
{
	(void)state;
	struct world w = { 0 };
	struct Nlg_prom_apps t = { .top = 2 };
	uint64_t rx, tx;
	add_app(&w, 100, 0);
	add_app(&w, 50, 0);
	add_app(&w, 10, 0);
	update(&t, &w);
	assert_int_equal(t.other_rx, 10);

	w.in[2].rx = 200;  /* C: +190 while in "other" */
	update(&t, &w);
	assert_int_equal(t.other_rx, 200);
	assert_true(series(&t, 2, &rx, &tx));
	assert_int_equal(rx, 200);
	assert_false(series(&t, 1, &rx, &tx));

	w.in[1].rx = 55;   /* B: +5 in "other" */
	update(&t, &w);
	assert_int_equal(t.other_rx, 205);

	w.in[1].rx = 300;  /* B: +245 in "other", and back in the top */
	update(&t, &w);
	assert_int_equal(t.other_rx, 450);
	assert_true(series(&t, 1, &rx, &tx));
	assert_int_equal(rx, 50);  /* 300 less the 250 "other" counted */
	assert_false(series(&t, 0, &rx, &tx));  /* A (100) fell out */

	w.in[1].rx = 310;  /* B in the top: its series grows, "other" not */
	w.in[0].rx = 101;  /* A in "other" */
	update(&t, &w);
	assert_true(series(&t, 1, &rx, &tx));
	assert_int_equal(rx, 60);
	assert_int_equal(t.other_rx, 451);
	Nlg_prom_apps_done(&t);
}

static uint64_t next_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Random growth with bursts that reorder the top often, and apps arriving
 * over time: every exported value never decreases, "other" grows by exactly
 * what the apps outside the top counted, and the top is the top. */
static void random_churn(void **state)
{
	(void)state;
	struct world w = { 0 };
	struct Nlg_prom_apps t = { .top = 5 };
	uint64_t seed = 0x9e3779b97f4a7c15ull, last_rx[MAX_APPS] = { 0 },
		 last_tx[MAX_APPS] = { 0 };
	bool had[MAX_APPS] = { false };
	uint64_t other_rx = 0, other_tx = 0, moves = 0;
	for (int round = 0; round < 3000; round++) {
		if (w.n < MAX_APPS && next_rand(&seed) % 50 == 0)
			add_app(&w, next_rand(&seed) % 100000, next_rand(&seed) % 100000);
		if (w.n == 0)
			continue;
		/* expected "other": what non-members counted this interval */
		uint64_t exp_rx = other_rx, exp_tx = other_tx;
		size_t before = t.n;
		for (size_t i = 0; i < w.n; i++) {
			uint64_t burst = next_rand(&seed) % 8 == 0 ? 20000 : 0;
			uint64_t drx = next_rand(&seed) % 1000 + burst, dtx = next_rand(&seed) % 500;
			if (i >= before)
				drx = dtx = 0;  /* arrived this round */
			w.in[i].rx += drx;
			w.in[i].tx += dtx;
			if (i < before && !had[i]) {
				exp_rx += drx;
				exp_tx += dtx;
			}
		}
		update(&t, &w);
		for (size_t i = before; i < w.n; i++) {
			uint64_t rx, tx;
			if (!series(&t, i, &rx, &tx)) {
				exp_rx += w.in[i].rx;
				exp_tx += w.in[i].tx;
			}
		}
		assert_true(t.other_rx >= other_rx && t.other_tx >= other_tx);
		assert_int_equal(t.other_rx, exp_rx);
		assert_int_equal(t.other_tx, exp_tx);
		other_rx = t.other_rx;
		other_tx = t.other_tx;
		size_t members = 0;
		uint64_t weakest = UINT64_MAX, strongest_out = 0;
		for (size_t i = 0; i < w.n; i++) {
			uint64_t rx, tx, bytes = w.in[i].rx + w.in[i].tx;
			bool has = series(&t, i, &rx, &tx);
			if (has != had[i])
				moves++;
			had[i] = has;
			if (!has) {
				strongest_out = bytes > strongest_out ? bytes : strongest_out;
				continue;
			}
			members++;
			weakest = bytes < weakest ? bytes : weakest;
			assert_true(rx >= last_rx[i] && tx >= last_tx[i]);
			assert_true(rx <= w.in[i].rx && tx <= w.in[i].tx);
			last_rx[i] = rx;
			last_tx[i] = tx;
		}
		assert_int_equal(members, w.n < 5 ? w.n : 5);
		assert_true(strongest_out <= weakest || members == 0);
	}
	/* the run must have exercised what it tests */
	assert_true(w.n >= 20);
	assert_true(moves > 100);
	Nlg_prom_apps_done(&t);
}

/* The monitor retires apps and lists the rest in another order: each app
 * is found by its key, "other" counts nothing twice. */
static void retired_and_reordered(void **state)
{
	(void)state;
	struct world w = { 0 };
	struct Nlg_prom_apps t = { .top = 1 };
	add_app(&w, 100, 0);  /* A: the series */
	add_app(&w, 10, 0);   /* B: other */
	add_app(&w, 5, 0);    /* C: other */
	update(&t, &w);
	assert_int_equal(t.other_rx, 15);
	/* A retired; C moved to its place and grew by 1 */
	struct world w2 = { 0 };
	w2.in[0] = (struct Nlg_prom_app_in){ w.keys[2], 6, 0 };
	w2.in[1] = (struct Nlg_prom_app_in){ w.keys[1], 10, 0 };
	w2.n = 2;
	update(&t, &w2);
	assert_int_equal(t.other_rx, 16);
	uint64_t rx, tx;
	/* B or C now has the series, without what "other" counted */
	size_t series_n = 0;
	for (size_t i = 0; i < 2; i++)
		if (series(&t, i, &rx, &tx)) {
			series_n++;
			assert_int_equal(rx, i == 0 ? 6 : 10);
		}
	assert_int_equal(series_n, 1);
	Nlg_prom_apps_done(&t);
}

/* An app retired and made again counts from zero in the monitor: its
 * series continues where it stopped, and never decreases. */
static void retired_app_comes_back(void **state)
{
	(void)state;
	struct world w = { 0 };
	struct Nlg_prom_apps t = { .top = 2 };
	add_app(&w, 500, 5);  /* A */
	add_app(&w, 100, 1);  /* B */
	update(&t, &w);
	uint64_t rx, tx;
	assert_true(series(&t, 1, &rx, &tx));
	assert_int_equal(rx, 100);
	struct world w2 = { 0 };
	w2.in[0] = w.in[0];
	w2.n = 1;
	update(&t, &w2);     /* B retired */
	w2.in[1] = (struct Nlg_prom_app_in){ w.keys[1], 30, 2 };
	w2.n = 2;
	update(&t, &w2);     /* B again, from zero */
	assert_true(series(&t, 1, &rx, &tx));
	assert_int_equal(rx, 130);
	assert_int_equal(tx, 3);
	assert_int_equal(t.other_rx, 0);
	Nlg_prom_apps_done(&t);
}

static void no_room_puts_all_in_other(void **state)
{
	(void)state;
	struct world w = { 0 };
	struct Nlg_prom_apps t = { .top = 0 };
	uint64_t rx, tx;
	add_app(&w, 7, 8);
	update(&t, &w);
	w.in[0].rx = 17;
	update(&t, &w);
	assert_false(series(&t, 0, &rx, &tx));
	assert_int_equal(t.other_rx, 17);
	assert_int_equal(t.other_tx, 8);
	Nlg_prom_apps_done(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(first_render_sums_the_rest),
		cmocka_unit_test(moves_keep_other_growing),
		cmocka_unit_test(random_churn),
		cmocka_unit_test(no_room_puts_all_in_other),
		cmocka_unit_test(retired_and_reordered),
		cmocka_unit_test(retired_app_comes_back),
	};
	return cmocka_run_group_tests_name("prom_apps", tests, NULL, NULL);
}
