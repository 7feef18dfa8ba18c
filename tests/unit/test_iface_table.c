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

static void link_add(struct fixture *f, int ifindex, const char *name, uint64_t rx, uint64_t tx,
		     bool removed)
{
	struct nlg_raw_link *l = nlg_raw_links_push(&f->rl);
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
	struct nlg_sample_ctx sc = { .now_ns = f->now, .dt_ns = f->samples ? SEC : 0,
				     .ceiling = 10000000000ull };
	assert_int_equal(nlg_iface_table_apply(&f->t, &f->rl, &sc), 0);
	nlg_raw_links_clear(&f->rl);
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
	struct nlg_raw_addr *a = nlg_raw_addrs_push(&f->rl);
	a->ifindex = 3;
	a->addr.family = AF_INET;
	a->addr.prefixlen = 24;
	a = nlg_raw_addrs_push(&f->rl);
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
	nlg_iface_table_forget_gone(&f->t);
	assert_int_equal(f->t.n, 1);
	assert_string_equal(f->t.v[0]->last.name, "eth1");
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
	};
	return cmocka_run_group_tests_name("iface_table", tests, NULL, NULL);
}
