/* SPDX-License-Identifier: MIT */
/* test_iface_table.c - interface identity and totals across samples. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <sys/socket.h>

#include "core/iface.h"
#include "decode/pf_kif.h"

#define SEC 1000000000ull

struct fixture {
	struct Nlg_iface_table t;
	struct Nlg_raw_links rl;
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
	Nlg_iface_table_done(&f->t);
	Nlg_raw_links_done(&f->rl);
	free(f);
	return 0;
}

static void link_add(struct fixture *f, int ifindex, const char *name, uint64_t rx, uint64_t tx,
		     bool removed)
{
	struct Nlg_raw_link *l = Nlg_raw_links_push(&f->rl);
	assert_non_null(l);
	l->ifindex = ifindex;
	strcpy(l->name, name);
	l->type = NLG_IFACE_VIRTUAL;
	l->counter_width = 64;
	l->counters[NLG_RX_BYTES] = rx;
	l->counters[NLG_TX_BYTES] = tx;
	l->counter_mask = (1u << NLG_RX_BYTES) | (1u << NLG_TX_BYTES);
	l->removed = removed;
}

static void apply(struct fixture *f)
{
	struct Nlg_sample_ctx sc = { .now_ns = f->now, .dt_ns = f->samples ? SEC : 0,
				     .ceiling = 10000000000ull };
	assert_int_equal(Nlg_iface_table_apply(&f->t, &f->rl, &sc), 0);
	Nlg_raw_links_clear(&f->rl);
	f->samples++;
	f->now += SEC;
}

static const struct nlg_iface *by_name(struct fixture *f, const char *name, bool gone)
{
	for (size_t i = 0; i < f->t.n; i++)
		if (!strcmp(f->t.v[i]->last.name, name) && f->t.v[i]->gone == gone)
			return f->t.v[i];
	return NULL;
}

static void totals_and_rates(void **state)
{
	struct fixture *f = *state;
	link_add(f, 1, "lo", 1000, 1000, false);
	link_add(f, 2, "eth0", 5000, 700, false);
	apply(f);
	const struct nlg_iface *eth = by_name(f, "eth0", false);
	assert_int_equal(nlg_iface_total(eth, NLG_RX_BYTES), 5000);
	assert_int_equal(nlg_iface_since_start(eth, NLG_RX_BYTES), 0);
	assert_true(nlg_iface_rate(eth, NLG_RX_BYTES) == 0.0);

	link_add(f, 1, "lo", 1000, 1000, false);
	link_add(f, 2, "eth0", 8000, 900, false);
	apply(f);
	assert_int_equal(nlg_iface_total(eth, NLG_RX_BYTES), 8000);
	assert_int_equal(nlg_iface_since_start(eth, NLG_RX_BYTES), 3000);
	assert_int_equal(nlg_iface_since_start(eth, NLG_TX_BYTES), 200);
	assert_true(nlg_iface_rate(eth, NLG_RX_BYTES) == 3000.0);
	assert_false(nlg_iface_has_counter(eth, NLG_COLLISIONS));
	assert_int_equal(nlg_iface_total(eth, NLG_COLLISIONS), 0);
}

/* Deleted between samples, with the kernel's final counters in the event. */
static void removed_event_gives_final_counts(void **state)
{
	struct fixture *f = *state;
	link_add(f, 5, "veth0", 100, 100, false);
	apply(f);
	link_add(f, 5, "veth0", 900, 400, true);
	apply(f);
	const struct nlg_iface *v = by_name(f, "veth0", true);
	assert_non_null(v);
	assert_true(nlg_iface_gone(v));
	assert_int_equal(nlg_iface_since_start(v, NLG_RX_BYTES), 800);
	assert_int_equal(nlg_iface_since_start(v, NLG_TX_BYTES), 300);
	assert_true(nlg_iface_rate(v, NLG_RX_BYTES) == 0.0);
	/* stays gone and keeps its totals */
	apply(f);
	assert_int_equal(nlg_iface_since_start(v, NLG_RX_BYTES), 800);
	assert_int_equal(f->t.n, 1);
}

/* No event (group refused): gone with the totals of its last sample. */
static void vanished_keeps_last_totals(void **state)
{
	struct fixture *f = *state;
	link_add(f, 5, "veth0", 100, 100, false);
	apply(f);
	link_add(f, 5, "veth0", 600, 100, false);
	apply(f);
	apply(f);
	const struct nlg_iface *v = by_name(f, "veth0", true);
	assert_non_null(v);
	assert_int_equal(nlg_iface_since_start(v, NLG_RX_BYTES), 500);
}

/* Re-created under the same name: a new interface with its own total, no
 * jump (up or down) in the old one. */
static void recreated_same_name_is_new(void **state)
{
	struct fixture *f = *state;
	link_add(f, 5, "veth0", 1000000, 0, false);
	apply(f);
	link_add(f, 5, "veth0", 1500000, 0, true);
	link_add(f, 9, "veth0", 300, 0, false);
	apply(f);
	const struct nlg_iface *old = by_name(f, "veth0", true);
	const struct nlg_iface *neu = by_name(f, "veth0", false);
	assert_non_null(old);
	assert_non_null(neu);
	assert_ptr_not_equal(old, neu);
	assert_int_equal(nlg_iface_since_start(old, NLG_RX_BYTES), 500000);
	/* born after the first sample: everything it counted is ours */
	assert_int_equal(nlg_iface_since_start(neu, NLG_RX_BYTES), 300);
	assert_int_equal(nlg_iface_total(neu, NLG_RX_BYTES), 300);
	assert_int_equal(nlg_iface_resets(neu), 0);
	assert_int_equal(nlg_iface_first_seen_ns(neu), SEC);
	/* present interfaces are listed before gone ones */
	assert_ptr_equal(f->t.v[0], neu);
}

/* Created and deleted between two samples: counted from its final event. */
static void born_and_gone_between_samples(void **state)
{
	struct fixture *f = *state;
	link_add(f, 1, "lo", 0, 0, false);
	apply(f);
	link_add(f, 1, "lo", 0, 0, false);
	link_add(f, 12, "tmp0", 4242, 10, true);
	apply(f);
	const struct nlg_iface *t = by_name(f, "tmp0", true);
	assert_non_null(t);
	assert_int_equal(nlg_iface_since_start(t, NLG_RX_BYTES), 4242);
}

static void rename_keeps_totals(void **state)
{
	struct fixture *f = *state;
	link_add(f, 3, "eth0", 100, 0, false);
	apply(f);
	link_add(f, 3, "lan0", 150, 0, false);
	apply(f);
	assert_int_equal(f->t.n, 1);
	const struct nlg_iface *l = by_name(f, "lan0", false);
	assert_non_null(l);
	assert_int_equal(nlg_iface_since_start(l, NLG_RX_BYTES), 50);
}

/* A link moved in from another namespace brings counters it did not earn
 * here: implausible as one interval's traffic, so they are the baseline. */
static void moved_in_with_history(void **state)
{
	struct fixture *f = *state;
	link_add(f, 1, "lo", 0, 0, false);
	apply(f);
	link_add(f, 1, "lo", 0, 0, false);
	link_add(f, 20, "moved0", 900000000000ull, 0, false);
	apply(f);
	const struct nlg_iface *m = by_name(f, "moved0", false);
	assert_int_equal(nlg_iface_since_start(m, NLG_RX_BYTES), 0);
	assert_int_equal(nlg_iface_total(m, NLG_RX_BYTES), 900000000000ull);
}

static void duplicate_in_dump_ignored(void **state)
{
	struct fixture *f = *state;
	link_add(f, 2, "eth0", 100, 0, false);
	apply(f);
	link_add(f, 2, "eth0", 200, 0, false);
	link_add(f, 2, "eth0", 150, 0, false);
	apply(f);
	assert_int_equal(f->t.n, 1);
	assert_int_equal(nlg_iface_since_start(f->t.v[0], NLG_RX_BYTES), 100);
	assert_int_equal(nlg_iface_resets(f->t.v[0]), 0);
}

static void addresses_follow_links(void **state)
{
	struct fixture *f = *state;
	link_add(f, 2, "eth0", 0, 0, false);
	link_add(f, 3, "eth1", 0, 0, false);
	struct Nlg_raw_addr *a = Nlg_raw_addrs_push(&f->rl);
	a->ifindex = 3;
	a->addr.family = AF_INET;
	a->addr.prefixlen = 24;
	a = Nlg_raw_addrs_push(&f->rl);
	a->ifindex = 77; /* no such link: dropped */
	f->rl.have_addrs = true;
	apply(f);
	assert_int_equal(nlg_iface_addr_count(by_name(f, "eth0", false)), 0);
	assert_int_equal(nlg_iface_addr_count(by_name(f, "eth1", false)), 1);
	assert_int_equal(nlg_iface_addr_at(by_name(f, "eth1", false), 0)->prefixlen, 24);
	assert_null(nlg_iface_addr_at(by_name(f, "eth1", false), 1));
}

static void forget_gone(void **state)
{
	struct fixture *f = *state;
	link_add(f, 2, "eth0", 0, 0, false);
	link_add(f, 3, "eth1", 0, 0, false);
	apply(f);
	link_add(f, 3, "eth1", 0, 0, false);
	apply(f);
	assert_int_equal(f->t.n, 2);
	Nlg_iface_table_forget_gone(&f->t);
	assert_int_equal(f->t.n, 1);
	assert_string_equal(f->t.v[0]->last.name, "eth1");
}

/* pf tests: pf counters of a link, from the core's point of view. */
static const struct nlg_iface *pf_find(struct fixture *f, const char *name)
{
	const struct nlg_iface *it = by_name(f, name, false);
	assert_non_null(it);
	return it;
}

/* One pf reading: every counter of the link derived from base. */
static struct Nlg_raw_link *pf_link(struct fixture *f, int ifindex, const char *name,
				    uint64_t base, uint64_t tzero)
{
	link_add(f, ifindex, name, 0, 0, false);
	struct Nlg_raw_link *l = &f->rl.links[f->rl.nlinks - 1];
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

static void pf_totals_and_rates(void **state)
{
	struct fixture *f = *state;
	pf_link(f, 1, "em0", 100000, 7);
	link_add(f, 2, "em1", 0, 0, false);
	apply(f);
	pf_link(f, 1, "em0", 160000, 7);
	link_add(f, 2, "em1", 0, 0, false);
	apply(f);

	const struct nlg_iface *em0 = pf_find(f, "em0"), *em1 = pf_find(f, "em1");
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

static void pf_wrap_at_64_bits(void **state)
{
	struct fixture *f = *state;
	struct Nlg_raw_link *l = pf_link(f, 1, "em0", 0, 1);
	l->pf_bytes[NLG_PF_INET][NLG_PF_OUT][NLG_PF_PASS] = UINT64_MAX - 99;
	apply(f);
	l = pf_link(f, 1, "em0", 0, 1);
	l->pf_bytes[NLG_PF_INET][NLG_PF_OUT][NLG_PF_PASS] = 400;
	apply(f);

	const struct nlg_iface *em0 = pf_find(f, "em0");
	/* The first reading plus 100 to the wrap and 400 after it. */
	assert_true(nlg_iface_pf_bytes(em0, NLG_PF_INET, NLG_PF_OUT, NLG_PF_PASS) ==
		    UINT64_MAX - 99 + 500);
	assert_true(nlg_iface_pf_rate(em0, NLG_PF_INET, NLG_PF_OUT, NLG_PF_PASS) == 500.0);
	assert_int_equal(em0->wraps, 1);
}

static void pf_reset_by_decrease(void **state)
{
	struct fixture *f = *state;
	pf_link(f, 1, "em0", 9000000000000ull, 1); /* 9 TB: no wrap explains the drop */
	apply(f);
	pf_link(f, 1, "em0", 3000, 1);
	apply(f);

	const struct nlg_iface *em0 = pf_find(f, "em0");
	assert_true(nlg_iface_pf_bytes(em0, NLG_PF_INET6, NLG_PF_IN, NLG_PF_BLOCK) ==
		    9000000000000ull + 101 + 3000 + 101);
	assert_true(nlg_iface_pf_packets(em0, NLG_PF_INET, NLG_PF_IN, NLG_PF_PASS) ==
		    9000000000ull + 3);
	assert_true(em0->resets >= 8);
}

/* pfctl -z between two samples, with more traffic since than before:
 * only the new tzero tells that the whole reading is new. */
static void pf_reset_by_tzero(void **state)
{
	struct fixture *f = *state;
	pf_link(f, 1, "em0", 1000, 50);
	apply(f);
	pf_link(f, 1, "em0", 5000, 60);
	apply(f);

	const struct nlg_iface *em0 = pf_find(f, "em0");
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
static void pf_unreadable_keeps_totals(void **state)
{
	struct fixture *f = *state;
	pf_link(f, 1, "em0", 2000, 3);
	apply(f);
	link_add(f, 1, "em0", 0, 0, false);
	apply(f);
	const struct nlg_iface *em0 = pf_find(f, "em0");
	assert_false(nlg_iface_has_pf(em0));
	assert_true(nlg_iface_pf_bytes(em0, NLG_PF_INET, NLG_PF_IN, NLG_PF_PASS) == 0);
	pf_link(f, 1, "em0", 2600, 3);
	apply(f);
	assert_true(nlg_iface_has_pf(em0));
	assert_true(nlg_iface_pf_bytes(em0, NLG_PF_INET, NLG_PF_IN, NLG_PF_PASS) == 2600);
}

/* An interface born after the first sample: all its pf traffic is new. */
static void pf_born_while_watched(void **state)
{
	struct fixture *f = *state;
	link_add(f, 1, "em0", 0, 0, false);
	apply(f);
	link_add(f, 1, "em0", 0, 0, false);
	pf_link(f, 5, "tun0", 700, 9);
	apply(f);
	const struct nlg_iface *tun = pf_find(f, "tun0");
	assert_true(nlg_iface_pf_bytes(tun, NLG_PF_INET, NLG_PF_IN, NLG_PF_PASS) == 700);
	assert_true(nlg_iface_pf_rate(tun, NLG_PF_INET, NLG_PF_IN, NLG_PF_PASS) == 700.0);
}

/* pf's list joined to the links by name; its groups join nothing. */
static void pf_from_kif_list(void **state)
{
	struct fixture *f = *state;
	struct Nlg_pf_kif k[3] = { { .name = "em0", .tzero = 5 }, { .name = "lo0" },
				   { .name = "egress" } };
	for (int i = 0; i < 8; i++) {
		k[0].bytes[i / 4][(i / 2) % 2][i % 2] = (5ull << 32) + (uint64_t)i;
		k[0].packets[i / 4][(i / 2) % 2][i % 2] = 100 + (uint64_t)i;
	}
	k[1].bytes[NLG_PF_INET6][NLG_PF_OUT][NLG_PF_BLOCK] = 77;
	link_add(f, 1, "em0", 0, 0, false);
	link_add(f, 2, "lo0", 0, 0, false);
	link_add(f, 3, "pflog0", 0, 0, false);
	Nlg_pf_kif_attach(k, 3, &f->rl);
	apply(f);

	const struct nlg_iface *em0 = pf_find(f, "em0");
	assert_true(nlg_iface_has_pf(em0));
	assert_true(nlg_iface_has_pf(pf_find(f, "lo0")));
	assert_false(nlg_iface_has_pf(pf_find(f, "pflog0")));
	for (int i = 0; i < 8; i++) {
		assert_true(nlg_iface_pf_bytes(em0, i / 4, (i / 2) % 2, i % 2) ==
			    (5ull << 32) + (uint64_t)i);
		assert_true(nlg_iface_pf_packets(em0, i / 4, (i / 2) % 2, i % 2) ==
			    100 + (uint64_t)i);
	}
	assert_true(nlg_iface_pf_bytes(pf_find(f, "lo0"), NLG_PF_INET6, NLG_PF_OUT,
				       NLG_PF_BLOCK) == 77);
}

static void pf_status_without_pf(void **state)
{
	(void)state;
	struct Nlg_raw_links rl = { 0 };
	Nlg_raw_links_clear(&rl);
	assert_int_equal(rl.pf_status, -ENOTSUP);
	assert_non_null(strstr(rl.pf_why.msg, "not kept on this platform"));
	Nlg_raw_links_done(&rl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(totals_and_rates, setup, teardown),
		cmocka_unit_test_setup_teardown(removed_event_gives_final_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(vanished_keeps_last_totals, setup, teardown),
		cmocka_unit_test_setup_teardown(recreated_same_name_is_new, setup, teardown),
		cmocka_unit_test_setup_teardown(born_and_gone_between_samples, setup, teardown),
		cmocka_unit_test_setup_teardown(rename_keeps_totals, setup, teardown),
		cmocka_unit_test_setup_teardown(moved_in_with_history, setup, teardown),
		cmocka_unit_test_setup_teardown(duplicate_in_dump_ignored, setup, teardown),
		cmocka_unit_test_setup_teardown(addresses_follow_links, setup, teardown),
		cmocka_unit_test_setup_teardown(forget_gone, setup, teardown),
		cmocka_unit_test_setup_teardown(pf_totals_and_rates, setup, teardown),
		cmocka_unit_test_setup_teardown(pf_wrap_at_64_bits, setup, teardown),
		cmocka_unit_test_setup_teardown(pf_reset_by_decrease, setup, teardown),
		cmocka_unit_test_setup_teardown(pf_reset_by_tzero, setup, teardown),
		cmocka_unit_test_setup_teardown(pf_unreadable_keeps_totals, setup, teardown),
		cmocka_unit_test_setup_teardown(pf_born_while_watched, setup, teardown),
		cmocka_unit_test_setup_teardown(pf_from_kif_list, setup, teardown),
		cmocka_unit_test(pf_status_without_pf),
	};
	return cmocka_run_group_tests_name("iface_table", tests, NULL, NULL);
}
