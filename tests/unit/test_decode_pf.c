/* SPDX-License-Identifier: MIT */
/* test_decode_pf.c - pf interface lists and the two-call sizing. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "decode/pf_kif.h"
#include "../fixtures/fixtures.h"

static uint8_t *exact(const uint8_t *src, size_t n)
{
	uint8_t *p = malloc(n ? n : 1);
	assert_non_null(p);
	memcpy(p, src, n);
	return p;
}

/* The layouts, worked out by hand from each system's header (LP64). */
static void layouts_match_headers(void **state)
{
	(void)state;
	/* FreeBSD: name[16], RB_ENTRY/LIST_ENTRY union of 3 pointers */
	assert_int_equal(Nlg_pf_kif_freebsd_lp64.packets_off, 16 + 24);
	assert_int_equal(Nlg_pf_kif_freebsd_lp64.bytes_off, 40 + 64);
	assert_int_equal(Nlg_pf_kif_freebsd_lp64.tzero_off, 104 + 64);
	/* tzero, flags, pad, ifp, group, rulerefs, pad, TAILQ_HEAD */
	assert_int_equal(Nlg_pf_kif_freebsd_lp64.esize, 168 + 4 + 4 + 8 + 8 + 8 + 16);
	/* OpenBSD: RB_ENTRY of 3 pointers and an int colour, padded */
	assert_int_equal(Nlg_pf_kif_openbsd_lp64.packets_off, 16 + 32);
	assert_int_equal(Nlg_pf_kif_openbsd_lp64.tzero_off, 48 + 128);
	/* macOS: name, counters, u64 tzero, flags, states, rules, padding */
	assert_int_equal(Nlg_pf_kif_darwin.packets_off, 16);
	assert_int_equal(Nlg_pf_kif_darwin.esize, 16 + 128 + 8 + 12 + 4);
	assert_int_equal(Nlg_pf_kif_layout_check(&Nlg_pf_kif_freebsd_lp64), 0);
	assert_int_equal(Nlg_pf_kif_layout_check(&Nlg_pf_kif_openbsd_lp64), 0);
	assert_int_equal(Nlg_pf_kif_layout_check(&Nlg_pf_kif_darwin), 0);
}

static void decode_layout(const struct Nlg_pf_kif_layout *lo)
{
	uint8_t buf[1024];
	struct Nlg_pf_kif k[FX_PF_COUNT];
	size_t len = fx_pf_kifs(lo, buf, sizeof(buf));
	uint8_t *p = exact(buf, len);

	assert_int_equal(Nlg_pf_kif_decode(p, len, FX_PF_COUNT, lo, k, FX_PF_COUNT), 0);
	for (size_t i = 0; i < FX_PF_COUNT; i++) {
		assert_string_equal(k[i].name, fx_pf_names[i]);
		assert_true(k[i].tzero == FX_PF_TZERO);
		for (int a = 0; a < 2; a++)
			for (int d = 0; d < 2; d++)
				for (int x = 0; x < 2; x++) {
					assert_true(k[i].packets[a][d][x] == fx_pf_packets(i, a, d, x));
					assert_true(k[i].bytes[a][d][x] == fx_pf_bytes(i, a, d, x));
				}
	}
	/* IPv6 outbound blocked bytes of the second interface, above 4 GiB */
	assert_true(k[1].bytes[NLG_PF_INET6][NLG_PF_OUT][NLG_PF_BLOCK] == (5ull << 32) + 2111);
	free(p);
}

static void decodes_each_layout(void **state)
{
	(void)state;
	decode_layout(&Nlg_pf_kif_freebsd_lp64);
	decode_layout(&Nlg_pf_kif_openbsd_lp64);
	decode_layout(&Nlg_pf_kif_darwin);
}

static void rejects_bad(void **state)
{
	(void)state;
	const struct Nlg_pf_kif_layout *lo = &Nlg_pf_kif_freebsd_lp64;
	uint8_t buf[1024];
	struct Nlg_pf_kif k[FX_PF_COUNT];
	size_t len = fx_pf_kifs(lo, buf, sizeof(buf));

	for (size_t n = 0; n < len; n++) {
		uint8_t *p = exact(buf, n);
		assert_int_equal(Nlg_pf_kif_decode(p, n, FX_PF_COUNT, lo, k, FX_PF_COUNT), -EPROTO);
		free(p);
	}
	assert_int_equal(Nlg_pf_kif_decode(buf, len, FX_PF_COUNT, lo, k, 2), -EINVAL);
	assert_int_equal(Nlg_pf_kif_decode(buf, len, SIZE_MAX, lo, k, SIZE_MAX), -EPROTO);
	memset(buf + lo->esize, 'x', 16); /* second name not terminated */
	assert_int_equal(Nlg_pf_kif_decode(buf, len, FX_PF_COUNT, lo, k, FX_PF_COUNT), -EPROTO);

	struct Nlg_pf_kif_layout bad = *lo;
	bad.tzero_off = bad.esize - 2;
	assert_int_equal(Nlg_pf_kif_decode(buf, len, 1, &bad, k, 1), -EINVAL);
	bad = *lo;
	bad.esize = 0;
	assert_int_equal(Nlg_pf_kif_decode(buf, len, 1, &bad, k, 1), -EINVAL);
}

/* A fake kernel: the number of interfaces it has at each call. */
struct fake {
	int counts[8];
	int ncalls;
	int err;
	size_t esize;
};

static int fake_get(void *ctx, void *buf, int esize, int *size)
{
	struct fake *f = ctx;
	if (f->err)
		return f->err;
	int have = f->counts[f->ncalls < 8 ? f->ncalls : 7];
	f->ncalls++;
	assert_int_equal(esize, (int)f->esize);
	if (buf && *size > 0)
		memset(buf, 0, (size_t)(*size < have ? *size : have) * (size_t)esize);
	*size = have;
	return 0;
}

static void fetch_two_calls(void **state)
{
	(void)state;
	uint8_t *buf;
	size_t count;
	struct fake f = { { 5, 5 }, 0, 0, 216 };

	assert_int_equal(Nlg_pf_fetch(fake_get, &f, 216, 4096, &buf, &count), 0);
	assert_int_equal(count, 5);
	assert_int_equal(f.ncalls, 2);
	free(buf);

	/* interfaces added between the calls, within the slack */
	struct fake g = { { 5, 9 }, 0, 0, 216 };
	assert_int_equal(Nlg_pf_fetch(fake_get, &g, 216, 4096, &buf, &count), 0);
	assert_int_equal(count, 9);
	free(buf);

	/* beyond the first room: asked again with more */
	struct fake h = { { 5, 100, 100 }, 0, 0, 216 };
	assert_int_equal(Nlg_pf_fetch(fake_get, &h, 216, 4096, &buf, &count), 0);
	assert_int_equal(count, 100);
	assert_int_equal(h.ncalls, 3);
	free(buf);
}

static void fetch_failures(void **state)
{
	(void)state;
	uint8_t *buf;
	size_t count;
	struct fake grow = { { 1, 100, 200, 300, 400, 500, 600, 700 }, 0, 0, 216 };
	/* more than the largest room allowed */
	assert_int_equal(Nlg_pf_fetch(fake_get, &grow, 216, 256, &buf, &count), -E2BIG);
	assert_int_equal(grow.ncalls, 4); /* the hint, then 64, 128, 256 */
	assert_null(buf);

	struct fake nodev = { { 0 }, 0, -ENODEV, 216 };
	assert_int_equal(Nlg_pf_fetch(fake_get, &nodev, 216, 4096, &buf, &count), -ENODEV);

	struct fake neg = { { -4 }, 0, 0, 216 };
	assert_int_equal(Nlg_pf_fetch(fake_get, &neg, 216, 4096, &buf, &count), -EPROTO);

	struct fake none = { { 0, 0 }, 0, 0, 216 };
	assert_int_equal(Nlg_pf_fetch(fake_get, &none, 216, 4096, &buf, &count), 0);
	assert_int_equal(count, 0);
	free(buf);

	assert_int_equal(Nlg_pf_fetch(fake_get, &none, 0, 4096, &buf, &count), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(layouts_match_headers),
		cmocka_unit_test(decodes_each_layout),
		cmocka_unit_test(rejects_bad),
		cmocka_unit_test(fetch_two_calls),
		cmocka_unit_test(fetch_failures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
