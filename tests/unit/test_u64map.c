/* SPDX-License-Identifier: MIT */
/* test_u64map.c - the hash map against a plain array as the truth. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/u64map.h"

static void empty_map(void **state)
{
	(void)state;
	struct Nlg_u64map m;
	Nlg_u64map_init(&m);
	assert_null(Nlg_u64map_get(&m, 0));
	assert_null(Nlg_u64map_get(&m, 42));
	assert_false(Nlg_u64map_del(&m, 42, NULL));
	assert_false(Nlg_u64map_del(&m, 0, NULL));
	size_t pos = 0;
	uint64_t k, v;
	assert_false(Nlg_u64map_next(&m, &pos, &k, &v));
	Nlg_u64map_done(&m);
}

static void put_get_replace_delete(void **state)
{
	(void)state;
	struct Nlg_u64map m;
	Nlg_u64map_init(&m);
	assert_int_equal(Nlg_u64map_put(&m, 0, 7), 0);
	assert_int_equal(Nlg_u64map_put(&m, UINT64_MAX, 8), 0);
	assert_int_equal(Nlg_u64map_put(&m, 5, 9), 0);
	assert_int_equal(Nlg_u64map_count(&m), 3);
	assert_int_equal(*Nlg_u64map_get(&m, 0), 7);
	assert_int_equal(*Nlg_u64map_get(&m, UINT64_MAX), 8);
	assert_int_equal(Nlg_u64map_put(&m, 5, 10), 0);
	assert_int_equal(Nlg_u64map_count(&m), 3);
	*Nlg_u64map_get(&m, 5) += 1;
	uint64_t v = 0;
	assert_true(Nlg_u64map_del(&m, 5, &v));
	assert_int_equal(v, 11);
	assert_true(Nlg_u64map_del(&m, 0, &v));
	assert_int_equal(v, 7);
	assert_int_equal(Nlg_u64map_count(&m), 1);
	Nlg_u64map_clear(&m);
	assert_int_equal(Nlg_u64map_count(&m), 0);
	assert_null(Nlg_u64map_get(&m, UINT64_MAX));
	Nlg_u64map_done(&m);
}

/* Random operations over a small key space, so that runs collide, wrap
 * around the table and shrink, checked against an array. */
#define KEYS 3000
struct truth {
	bool present[KEYS];
	uint64_t val[KEYS];
};

static uint64_t rng_state = 88172645463325252ull;
static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Keys spaced like socket inodes and pids, key 0 included. */
static uint64_t key_of(size_t i)
{
	return i * 1024;
}

static void check_all(const struct Nlg_u64map *m, const struct truth *t)
{
	size_t n = 0;
	for (size_t i = 0; i < KEYS; i++) {
		const uint64_t *v = Nlg_u64map_get(m, key_of(i));
		if (t->present[i]) {
			assert_non_null(v);
			assert_int_equal(*v, t->val[i]);
			n++;
		} else {
			assert_null(v);
		}
	}
	assert_int_equal(Nlg_u64map_count(m), n);
	size_t pos = 0, seen = 0;
	uint64_t k, v;
	while (Nlg_u64map_next(m, &pos, &k, &v)) {
		assert_int_equal(k % 1024, 0);
		assert_true(t->present[k / 1024]);
		assert_int_equal(v, t->val[k / 1024]);
		seen++;
	}
	assert_int_equal(seen, n);
}

static void random_against_truth(void **state)
{
	(void)state;
	struct truth *t = calloc(1, sizeof(*t));
	assert_non_null(t);
	struct Nlg_u64map m;
	Nlg_u64map_init(&m);
	for (int round = 0; round < 200000; round++) {
		size_t i = (size_t)(rnd() % KEYS);
		/* Bias towards insertion first, deletion later. */
		bool insert = rnd() % 100 < (round < 100000 ? 70u : 30u);
		if (insert) {
			uint64_t v = rnd();
			assert_int_equal(Nlg_u64map_put(&m, key_of(i), v), 0);
			t->present[i] = true;
			t->val[i] = v;
		} else {
			assert_int_equal(Nlg_u64map_del(&m, key_of(i), NULL), t->present[i]);
			t->present[i] = false;
		}
		if (round % 20000 == 0)
			check_all(&m, t);
	}
	check_all(&m, t);
	Nlg_u64map_done(&m);
	free(t);
}

struct filter_ctx {
	struct truth *t;
	unsigned calls[KEYS];
};

static bool keep_odd_vals(uint64_t key, uint64_t *val, void *ctx)
{
	struct filter_ctx *fc = ctx;
	size_t i = (size_t)(key / 1024);
	fc->calls[i]++;
	*val += 2; /* values may be changed in place */
	fc->t->val[i] += 2;
	if (*val & 1)
		return true;
	fc->t->present[i] = false;
	return false;
}

/* Every entry is seen exactly once even when removals shift entries across
 * the end of the table. */
static void filter_sees_each_once(void **state)
{
	(void)state;
	for (int trial = 0; trial < 50; trial++) {
		struct filter_ctx *fc = calloc(1, sizeof(*fc));
		assert_non_null(fc);
		fc->t = calloc(1, sizeof(*fc->t));
		assert_non_null(fc->t);
		struct Nlg_u64map m;
		Nlg_u64map_init(&m);
		size_t n = 50 + (size_t)(rnd() % 2000);
		for (size_t j = 0; j < n; j++) {
			size_t i = (size_t)(rnd() % KEYS);
			uint64_t v = rnd();
			assert_int_equal(Nlg_u64map_put(&m, key_of(i), v), 0);
			fc->t->present[i] = true;
			fc->t->val[i] = v;
		}
		struct truth before = *fc->t;
		Nlg_u64map_filter(&m, keep_odd_vals, fc);
		for (size_t i = 0; i < KEYS; i++)
			assert_int_equal(fc->calls[i], before.present[i] ? 1 : 0);
		check_all(&m, fc->t);
		Nlg_u64map_done(&m);
		free(fc->t);
		free(fc);
	}
}

static void reserve_then_fill(void **state)
{
	(void)state;
	struct Nlg_u64map m;
	Nlg_u64map_init(&m);
	assert_int_equal(Nlg_u64map_reserve(&m, 10000), 0);
	struct Nlg_u64map_slot *slots = m.slots;
	for (uint64_t k = 1; k <= 10000; k++)
		assert_int_equal(Nlg_u64map_put(&m, k, k), 0);
	assert_ptr_equal(m.slots, slots); /* no growth after a reserve */
	assert_int_equal(Nlg_u64map_count(&m), 10000);
	Nlg_u64map_done(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_map),
		cmocka_unit_test(put_get_replace_delete),
		cmocka_unit_test(random_against_truth),
		cmocka_unit_test(filter_sees_each_once),
		cmocka_unit_test(reserve_then_fill),
	};
	return cmocka_run_group_tests_name("u64map", tests, NULL, NULL);
}
