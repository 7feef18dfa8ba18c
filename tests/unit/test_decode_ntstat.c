/* SPDX-License-Identifier: MIT */
/* test_decode_ntstat.c - network-statistics messages from fixtures. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "decode/ntstat.h"
#include "../fixtures/fixtures.h"

static uint8_t *exact(const uint8_t *src, size_t n)
{
	uint8_t *p = malloc(n ? n : 1);
	assert_non_null(p);
	memcpy(p, src, n);
	return p;
}

/* Return: the single message of kind, decoded. */
static struct Nlg_ntstat_msg one(enum fx_nstat_kind kind)
{
	uint8_t buf[2048];
	struct Nlg_ntstat_msg m;
	size_t off = 0, len = fx_nstat_msg(kind, buf, sizeof(buf));
	uint8_t *p = exact(buf, len);
	assert_int_equal(Nlg_ntstat_next(p, len, &off, &m), 1);
	assert_int_equal(off, len);
	assert_int_equal(m.length, len);
	assert_true(m.context == FX_NSTAT_CONTEXT);
	free(p);
	return m;
}

static void simple_replies(void **state)
{
	(void)state;
	struct Nlg_ntstat_msg m = one(FX_NSTAT_SUCCESS);
	assert_int_equal(m.type, NLG_NSTAT_SUCCESS);
	m = one(FX_NSTAT_ERROR);
	assert_int_equal(m.type, NLG_NSTAT_ERROR);
	assert_int_equal(m.error, 2);
	m = one(FX_NSTAT_ADDED);
	assert_int_equal(m.type, NLG_NSTAT_SRC_ADDED);
	assert_true(m.srcref == FX_TCP_REF);
	assert_int_equal(m.provider, NLG_NSTAT_PROVIDER_TCP_KERNEL);
	m = one(FX_NSTAT_REMOVED);
	assert_int_equal(m.type, NLG_NSTAT_SRC_REMOVED);
	assert_true(m.srcref == FX_TCP_REF);
	m = one(FX_NSTAT_COUNTS);
	assert_int_equal(m.type, NLG_NSTAT_SRC_COUNTS);
	assert_true(m.have_counts);
	assert_true(m.counts.rx_bytes == FX_TCP_RXBYTES);
	assert_true(m.counts.tx_bytes == 1000);
	assert_true(m.counts.rx_packets == 10);
	assert_true(m.counts.tx_packets == 20);
	assert_true(m.counts.wifi_rx_bytes == FX_TCP_RXBYTES);
}

static void check_tcp(const struct Nlg_ntstat_desc *d, bool uid)
{
	static const uint8_t local[4] = { 192, 168, 1, 10 };
	static const uint8_t remote[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	assert_int_equal(d->proto, NLG_NTSTAT_TCP);
	assert_int_equal(d->pid, FX_TCP_PID);
	assert_int_equal(d->epid, FX_TCP_EPID);
	assert_true(d->upid == 1001 && d->eupid == 1002);
	assert_int_equal(d->ifindex, FX_EN0_INDEX);
	assert_int_equal(d->tcp_state, 4);
	assert_string_equal(d->pname, "curl");
	assert_int_equal(d->local.ipver, 4);
	assert_int_equal(d->local.port, 50000);
	assert_memory_equal(d->local.addr, local, 4);
	assert_int_equal(d->remote.ipver, 6);
	assert_int_equal(d->remote.port, 443);
	assert_memory_equal(d->remote.addr, remote, 16);
	assert_int_equal(d->uuid[0], 0x11);
	assert_int_equal(d->euuid[15], 0x22);
	assert_int_equal(d->have_uid, uid);
	if (uid)
		assert_int_equal(d->uid, 501);
}

static void check_udp(const struct Nlg_ntstat_desc *d, bool uid)
{
	assert_int_equal(d->proto, NLG_NTSTAT_UDP);
	assert_int_equal(d->pid, FX_UDP_PID);
	assert_int_equal(d->epid, FX_UDP_PID);
	assert_int_equal(d->local.ipver, 6);
	assert_int_equal(d->local.port, 5353);
	assert_int_equal(d->local.addr[15], 1);
	assert_int_equal(d->remote.ipver, 0);
	assert_int_equal(strlen(d->pname), 64); /* a full name, terminated here */
	assert_int_equal(d->have_uid, uid);
	if (uid)
		assert_int_equal(d->uid, 65);
}

static void descriptors_by_length(void **state)
{
	(void)state;
	struct Nlg_ntstat_msg m = one(FX_NSTAT_DESC_TCP344);
	assert_true(m.have_desc);
	assert_true(m.srcref == FX_TCP_REF);
	check_tcp(&m.desc, true);
	m = one(FX_NSTAT_DESC_TCP304);
	assert_true(m.have_desc);
	check_tcp(&m.desc, false);
	m = one(FX_NSTAT_DESC_UDP280);
	assert_true(m.have_desc);
	check_udp(&m.desc, true);
	m = one(FX_NSTAT_DESC_UDP256);
	assert_true(m.have_desc);
	check_udp(&m.desc, false);
	/* an unknown length: the message stands, the descriptor is not read */
	m = one(FX_NSTAT_DESC_UNKNOWN);
	assert_false(m.have_desc);
	assert_int_equal(m.desc_len, 296);
}

static void updates(void **state)
{
	(void)state;
	struct Nlg_ntstat_msg m = one(FX_NSTAT_UPDATE_TCP336);
	assert_int_equal(m.type, NLG_NSTAT_SRC_UPDATE);
	assert_int_equal(m.flags & NLG_NSTAT_F_CLOSING, NLG_NSTAT_F_CLOSING);
	assert_int_equal(m.provider, NLG_NSTAT_PROVIDER_TCP_USERLAND);
	assert_true(m.have_counts && m.counts.rx_bytes == FX_TCP_RXBYTES);
	assert_true(m.have_desc);
	check_tcp(&m.desc, false);

	m = one(FX_NSTAT_EXT_UPDATE_UDP272);
	assert_int_equal(m.type, NLG_NSTAT_SRC_EXTENDED_UPDATE);
	assert_true(m.srcref == FX_UDP_REF);
	assert_true(m.have_counts);
	assert_true(m.have_desc);
	assert_int_equal(m.desc_len, 272);
	check_udp(&m.desc, false);
}

static void aggregated_read(void **state)
{
	(void)state;
	uint8_t buf[16384];
	struct Nlg_ntstat_msg m;
	size_t off = 0, len = fx_nstat_all(buf, sizeof(buf));
	int n = 0, r;

	while ((r = Nlg_ntstat_next(buf, len, &off, &m)) == 1)
		n++;
	assert_int_equal(r, 0);
	assert_int_equal(n, FX_NSTAT_COUNT);
	assert_int_equal(off, len);
}

/* Every prefix of the aggregated read decodes whole messages and then
 * stops with an error, or ends on a boundary; none reads past its end. */
static void truncated(void **state)
{
	(void)state;
	uint8_t buf[16384];
	struct Nlg_ntstat_msg m;
	size_t len = fx_nstat_all(buf, sizeof(buf));

	for (size_t n = 0; n < len; n++) {
		uint8_t *p = exact(buf, n);
		size_t off = 0;
		int r;
		while ((r = Nlg_ntstat_next(p, n, &off, &m)) == 1)
			;
		assert_true(r == 0 || r == -EPROTO);
		assert_true(off <= n);
		free(p);
	}
}

static void corrupted(void **state)
{
	(void)state;
	uint8_t buf[2048];
	struct Nlg_ntstat_msg m;
	size_t off, len;

	len = fx_nstat_msg(FX_NSTAT_DESC_TCP344, buf, sizeof(buf));
	buf[40 + 124 + 1] = 99; /* local address of an unknown family */
	off = 0;
	assert_int_equal(Nlg_ntstat_next(buf, len, &off, &m), -EPROTO);
	assert_int_equal(off, 0);

	len = fx_nstat_msg(FX_NSTAT_COUNTS, buf, sizeof(buf));
	buf[12] = 8; buf[13] = 0;    /* length shorter than the header */
	off = 0;
	assert_int_equal(Nlg_ntstat_next(buf, len, &off, &m), -EPROTO);
	buf[12] = 100;               /* too short for the counts */
	off = 0;
	assert_int_equal(Nlg_ntstat_next(buf, len, &off, &m), -EPROTO);
	buf[12] = 0xff; buf[13] = 0xff; /* past the buffer */
	off = 0;
	assert_int_equal(Nlg_ntstat_next(buf, len, &off, &m), -EPROTO);

	/* the header before macOS 10.11: a zero pad word, no length */
	len = fx_nstat_msg(FX_NSTAT_REMOVED, buf, sizeof(buf));
	memset(buf + 12, 0, 4);
	off = 0;
	assert_int_equal(Nlg_ntstat_next(buf, len, &off, &m), -EPROTONOSUPPORT);

	/* extension items that do not fill the message: counts only */
	len = fx_nstat_msg(FX_NSTAT_EXT_UPDATE_UDP272, buf, sizeof(buf));
	memset(buf + 152 + 272 + 4, 0x7f, 1); /* item length 0x7f..: too long */
	off = 0;
	assert_int_equal(Nlg_ntstat_next(buf, len, &off, &m), 1);
	assert_true(m.have_counts);
	assert_false(m.have_desc);
}

static void requests(void **state)
{
	(void)state;
	uint8_t buf[64];
	uint32_t type, provider;
	uint16_t length;
	uint64_t ref;

	assert_int_equal(Nlg_ntstat_encode_add_all(buf, sizeof(buf), 7,
						   NLG_NSTAT_PROVIDER_TCP_KERNEL, 0, 0), 56);
	memcpy(&type, buf + 8, 4);
	memcpy(&length, buf + 12, 2);
	memcpy(&provider, buf + 32, 4);
	assert_int_equal(type, 1002);
	assert_int_equal(length, 56);
	assert_int_equal(provider, 2);
	assert_int_equal(Nlg_ntstat_encode_add_all(buf, 55, 7, 2, 0, 0), -EMSGSIZE);

	assert_int_equal(Nlg_ntstat_encode_srcref_req(buf, sizeof(buf), 8, NLG_NSTAT_GET_UPDATE,
						      NLG_NSTAT_SRC_REF_ALL), 24);
	memcpy(&ref, buf + 16, 8);
	assert_true(ref == UINT64_MAX);
	assert_int_equal(Nlg_ntstat_encode_srcref_req(buf, 23, 8, 1007, 1), -EMSGSIZE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(simple_replies),
		cmocka_unit_test(descriptors_by_length),
		cmocka_unit_test(updates),
		cmocka_unit_test(aggregated_read),
		cmocka_unit_test(truncated),
		cmocka_unit_test(corrupted),
		cmocka_unit_test(requests),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
