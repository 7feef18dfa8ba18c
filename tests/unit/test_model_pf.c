/* SPDX-License-Identifier: MIT */
/*
 * test_model_pf.c - the FreeBSD backend's pf glue (src/platform/freebsd/
 * pf.c), built on Linux and run against the model of DIOCIGETIFACES in
 * tests/model/model_pf.c; and FreeBSD's own interface types.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "decode/bsd_if.h"
#include "platform/freebsd/pf.h"
#include "../model/model_pf.h"

static void fetch_all(size_t n)
{
	struct mp_pf pf = { .n = n };
	struct Nlg_fbsd_kops ops = mp_ops(&pf);
	struct Nlg_pf_kif *kifs;
	struct Nlg_errbuf eb;
	size_t got;
	char name[16];

	assert_int_equal(Nlg_fbsd_pf_read(&ops, &kifs, &got, &eb), 0);
	assert_int_equal(got, n);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(kifs[i].name, mp_name(i, name, sizeof(name)));
		assert_true(kifs[i].bytes[1][0][1] == mp_bytes(i, 1, 0, 1));
		assert_true(kifs[i].packets[0][1][0] == mp_bytes(i, 0, 1, 0) / 100);
		assert_true(kifs[i].tzero == 1700000000u);
	}
	free(kifs);
}

/* pf answers at most room + 1: the fetch grows until it fits. */
static void fetches_200_interfaces_and_groups(void **state)
{
	(void)state;
	fetch_all(200);
}

static void fetches_small_and_empty_tables(void **state)
{
	(void)state;
	fetch_all(0);
	fetch_all(1);
	fetch_all(3);
	fetch_all(64);
	fetch_all(65);
	fetch_all(5000);
}

static void errors_are_said(void **state)
{
	(void)state;
	struct mp_pf pf = { .n = 4, .not_loaded = true };
	struct Nlg_fbsd_kops ops = mp_ops(&pf);
	struct Nlg_pf_kif *kifs;
	struct Nlg_errbuf eb;
	size_t got;
	assert_int_equal(Nlg_fbsd_pf_read(&ops, &kifs, &got, &eb), -ENOENT);
	assert_non_null(strstr(eb.msg, "pf is not loaded"));
	pf.not_loaded = false;
	ops.layout = Nlg_pf_kif_openbsd_lp64; /* another pfi_kif than the kernel's */
	assert_int_equal(Nlg_fbsd_pf_read(&ops, &kifs, &got, &eb), -ENODEV);
	/* more than pf hands out in one call */
	struct mp_pf big = { .n = MP_MAXCOUNT + 10 };
	ops = mp_ops(&big);
	assert_true(Nlg_fbsd_pf_read(&ops, &kifs, &got, &eb) < 0);
	assert_true(big.max_size_asked <= MP_MAXCOUNT);
}

/* FreeBSD numbers its pseudo-interfaces its own way (net/if_types.h). */
static void freebsd_interface_types(void **state)
{
	(void)state;
	const struct Nlg_bsd_iftypes *fb = &Nlg_bsd_iftypes_freebsd, *xnu = &Nlg_bsd_iftypes_xnu;
	assert_string_equal(Nlg_bsd_kind(fb, 0xf6), "pflog");   /* pflog0 */
	assert_string_equal(Nlg_bsd_kind(fb, 0xf7), "pfsync");
	assert_string_equal(Nlg_bsd_kind(fb, 0xf0), "gif");
	assert_string_equal(Nlg_bsd_kind(fb, 0xd7), "stf");
	assert_string_equal(Nlg_bsd_kind(fb, 0xa1), "lagg");
	assert_int_equal(Nlg_bsd_classify(fb, 0xf6), NLG_IFACE_VIRTUAL);
	assert_int_equal(Nlg_bsd_classify(fb, 0x06), NLG_IFACE_ETHERNET);
	/* xnu's numbers are its own */
	assert_string_equal(Nlg_bsd_kind(xnu, 0xf5), "pflog");
	assert_string_equal(Nlg_bsd_kind(xnu, 0xf6), "pfsync");
	assert_string_equal(Nlg_bsd_kind(xnu, 0x37), "gif");
	assert_string_equal(Nlg_bsd_kind(xnu, 0x88), "lagg");
	assert_string_equal(Nlg_bsd_kind(fb, 0x37), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fetches_200_interfaces_and_groups),
		cmocka_unit_test(fetches_small_and_empty_tables),
		cmocka_unit_test(errors_are_said),
		cmocka_unit_test(freebsd_interface_types),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
