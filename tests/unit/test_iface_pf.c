/* SPDX-License-Identifier: MIT */
/* test_iface_pf.c - pf's per-interface counters through the core: from a
 * decoded pfi_kif list or from raw readings to wrap- and reset-safe
 * totals and rates. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/iface.h"
#include "decode/pf_kif.h"
#include "../fixtures/fixtures.h"

#define SEC 1000000000ull

struct fixture {
	struct nlg_iface_table t;
	struct nlg_raw_links rl;
	uint64_t now;
	int samples;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	*state = f;
	return f ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	nlg_iface_table_done(&f->t);
	nlg_raw_links_done(&f->rl);
	free(f);
	return 0;
}

static struct nlg_raw_link *link_add(struct fixture *f, int ifindex, const char *name)
{
	struct nlg_raw_link *l = nlg_raw_links_push(&f->rl);
	assert_non_null(l);
	l->ifindex = ifindex;
	strcpy(l->name, name);
	l->type = NLG_IFACE_ETHERNET;
	l->counter_width = 64;
	l->counter_mask = 1u << NLG_RX_BYTES;
	return l;
}

/* One pf reading: every counter of the link derived from base. */
static struct nlg_raw_link *pf_link(struct fixture *f, int ifindex, const char *name,
				    uint64_t base, uint64_t tzero)
{
	struct nlg_raw_link *l = link_add(f, ifindex, name);
	l->has_pf = true;
	l->pf_tzero = tzero;
	for (int a = 0; a < 2; a++)
		for (int d = 0; d < 2; d++)
			for (int x = 0; x < 2; x++) {
				l->pf_bytes[a][d][x] = base + (uint64_t)(a * 100 + d * 10 + x);
				l->pf_packets[a][d][x] = base / 1000 + (uint64_t)(a * 4 + d * 2 + x);
			}
	return l;
}

static void apply(struct fixture *f)
{
	struct nlg_sample_ctx sc = { .now_ns = f->now, .dt_ns = f->samples ? SEC : 0,
				     .ceiling = 10000000000ull };
	assert_int_equal(nlg_iface_table_apply(&f->t, &f->rl, &sc), 0);
	nlg_raw_links_clear(&f->rl);
	f->samples++;
	f->now += SEC;
}

static const struct nlg_iface *find(struct fixture *f, const char *name)
{
	for (size_t i = 0; i < f->t.n; i++)
		if (!strcmp(f->t.v[i]->last.name, name))
			return f->t.v[i];
	fail_msg("no interface %s", name);
	return NULL;
}

static void totals_and_rates(void **state)
{
	struct fixture *f = *state;
	pf_link(f, 1, "em0", 100000, 7);
	link_add(f, 2, "em1");
	apply(f);
	pf_link(f, 1, "em0", 160000, 7);
	link_add(f, 2, "em1");
	apply(f);

	const struct nlg_iface *em0 = find(f, "em0"), *em1 = find(f, "em1");
	assert_true(nlg_iface_has_pf(em0));
	assert_false(nlg_iface_has_pf(em1));
	for (int a = 0; a < 2; a++)
		for (int d = 0; d < 2; d++)
			for (int x = 0; x < 2; x++) {
				uint64_t off = (uint64_t)(a * 100 + d * 10 + x);
				assert_true(nlg_iface_pf_bytes(em0, a, d, x) == 160000 + off);
				assert_true(nlg_iface_pf_packets(em0, a, d, x) ==
					    160 + (uint64_t)(a * 4 + d * 2 + x));
				assert_true(nlg_iface_pf_rate(em0, a, d, x) == 60000.0);
				assert_true(nlg_iface_pf_bytes(em1, a, d, x) == 0);
			}
	assert_true(nlg_iface_pf_bytes(em0, 2, 0, 0) == 0);
	assert_true(nlg_iface_pf_rate(em0, 0, 0, 7) == 0.0);
	assert_true(em0->wraps == 0 && em0->resets == 0);
}

static void wrap_at_64_bits(void **state)
{
	struct fixture *f = *state;
	struct nlg_raw_link *l = pf_link(f, 1, "em0", 0, 1);
	l->pf_bytes[NLG_PF_INET][NLG_PF_OUT][NLG_PF_PASS] = UINT64_MAX - 99;
	apply(f);
	l = pf_link(f, 1, "em0", 0, 1);
	l->pf_bytes[NLG_PF_INET][NLG_PF_OUT][NLG_PF_PASS] = 400;
	apply(f);

	const struct nlg_iface *em0 = find(f, "em0");
	/* The first reading plus 100 to the wrap and 400 after it. */
	assert_true(nlg_iface_pf_bytes(em0, NLG_PF_INET, NLG_PF_OUT, NLG_PF_PASS) ==
		    UINT64_MAX - 99 + 500);
	assert_true(nlg_iface_pf_rate(em0, NLG_PF_INET, NLG_PF_OUT, NLG_PF_PASS) == 500.0);
	assert_int_equal(em0->wraps, 1);
}

static void reset_by_decrease(void **state)
{
	struct fixture *f = *state;
	pf_link(f, 1, "em0", 9000000000000ull, 1); /* 9 TB: no wrap explains the drop */
	apply(f);
	pf_link(f, 1, "em0", 3000, 1);
	apply(f);

	const struct nlg_iface *em0 = find(f, "em0");
	assert_true(nlg_iface_pf_bytes(em0, NLG_PF_INET6, NLG_PF_IN, NLG_PF_BLOCK) ==
		    9000000000000ull + 101 + 3000 + 101);
	assert_true(nlg_iface_pf_packets(em0, NLG_PF_INET, NLG_PF_IN, NLG_PF_PASS) ==
		    9000000000ull + 3);
	assert_true(em0->resets >= 8);
}

/* pfctl -z between two samples, with more traffic since than before:
 * only the new tzero tells that the whole reading is new. */
static void reset_by_tzero(void **state)
{
	struct fixture *f = *state;
	pf_link(f, 1, "em0", 1000, 50);
	apply(f);
	pf_link(f, 1, "em0", 5000, 60);
	apply(f);

	const struct nlg_iface *em0 = find(f, "em0");
	assert_true(nlg_iface_pf_bytes(em0, NLG_PF_INET, NLG_PF_IN, NLG_PF_PASS) == 1000 + 5000);
	assert_true(nlg_iface_pf_rate(em0, NLG_PF_INET, NLG_PF_IN, NLG_PF_PASS) == 5000.0);
	assert_int_equal(em0->resets, 16);
	/* and the same tzero again is an ordinary step */
	pf_link(f, 1, "em0", 5500, 60);
	apply(f);
	assert_true(nlg_iface_pf_bytes(em0, NLG_PF_INET, NLG_PF_IN, NLG_PF_PASS) == 6500);
	assert_int_equal(em0->resets, 16);
}

/* A sample where pf cannot be read hides the counters but keeps the
 * totals; the next reading continues from the last one. */
static void unreadable_keeps_totals(void **state)
{
	struct fixture *f = *state;
	pf_link(f, 1, "em0", 2000, 3);
	apply(f);
	link_add(f, 1, "em0");
	apply(f);
	const struct nlg_iface *em0 = find(f, "em0");
	assert_false(nlg_iface_has_pf(em0));
	assert_true(nlg_iface_pf_bytes(em0, NLG_PF_INET, NLG_PF_IN, NLG_PF_PASS) == 0);
	pf_link(f, 1, "em0", 2600, 3);
	apply(f);
	assert_true(nlg_iface_has_pf(em0));
	assert_true(nlg_iface_pf_bytes(em0, NLG_PF_INET, NLG_PF_IN, NLG_PF_PASS) == 2600);
}

/* An interface born after the first sample: all its pf traffic is new. */
static void born_while_watched(void **state)
{
	struct fixture *f = *state;
	link_add(f, 1, "em0");
	apply(f);
	link_add(f, 1, "em0");
	pf_link(f, 5, "tun0", 700, 9);
	apply(f);
	const struct nlg_iface *tun = find(f, "tun0");
	assert_true(nlg_iface_pf_bytes(tun, NLG_PF_INET, NLG_PF_IN, NLG_PF_PASS) == 700);
	assert_true(nlg_iface_pf_rate(tun, NLG_PF_INET, NLG_PF_IN, NLG_PF_PASS) == 700.0);
}

/* From the bytes DIOCIGETIFACES returns to the interfaces' totals. */
static void from_kif_list(void **state)
{
	struct fixture *f = *state;
	const struct nlg_pf_kif_layout *lo = &nlg_pf_kif_freebsd_lp64;
	struct nlg_pf_kif k[FX_PF_COUNT];
	uint8_t buf[1024];
	size_t len = fx_pf_kifs(lo, buf, sizeof(buf));

	assert_int_equal(nlg_pf_kif_decode(buf, len, FX_PF_COUNT, lo, k, FX_PF_COUNT), 0);
	strcpy(k[2].name, "egress"); /* a group, not a link */
	link_add(f, 1, "em0");
	link_add(f, 2, "lo0");
	link_add(f, 3, "pflog0");
	nlg_pf_kif_attach(k, FX_PF_COUNT, &f->rl);
	apply(f);

	assert_true(nlg_iface_has_pf(find(f, "em0")));
	assert_true(nlg_iface_has_pf(find(f, "lo0")));
	assert_false(nlg_iface_has_pf(find(f, "pflog0")));
	for (size_t i = 0; i < 2; i++) {
		const struct nlg_iface *it = find(f, fx_pf_names[i]);
		for (int a = 0; a < 2; a++)
			for (int d = 0; d < 2; d++)
				for (int x = 0; x < 2; x++) {
					assert_true(nlg_iface_pf_bytes(it, a, d, x) ==
						    fx_pf_bytes(i, a, d, x));
					assert_true(nlg_iface_pf_packets(it, a, d, x) ==
						    fx_pf_packets(i, a, d, x));
				}
	}
}

static void status_without_pf(void **state)
{
	(void)state;
	struct nlg_raw_links rl = { 0 };
	nlg_raw_links_clear(&rl);
	assert_int_equal(rl.pf_status, -ENOTSUP);
	assert_non_null(strstr(rl.pf_why.msg, "not kept on this platform"));
	nlg_raw_links_done(&rl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(totals_and_rates, setup, teardown),
		cmocka_unit_test_setup_teardown(wrap_at_64_bits, setup, teardown),
		cmocka_unit_test_setup_teardown(reset_by_decrease, setup, teardown),
		cmocka_unit_test_setup_teardown(reset_by_tzero, setup, teardown),
		cmocka_unit_test_setup_teardown(unreadable_keeps_totals, setup, teardown),
		cmocka_unit_test_setup_teardown(born_while_watched, setup, teardown),
		cmocka_unit_test_setup_teardown(from_kif_list, setup, teardown),
		cmocka_unit_test(status_without_pf),
	};
	return cmocka_run_group_tests_name("iface_pf", tests, NULL, NULL);
}
