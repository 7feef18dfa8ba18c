/* SPDX-License-Identifier: MIT */
/* test_decode_darwin.c - NET_RT_IFLIST2 and ifmibdata from fixtures. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <netinet/in.h>
#include <sys/socket.h>

#include "decode/darwin_if.h"
#include "decode/darwin_layout.h"
#include "decode/darwin_proc.h"
#include "../fixtures/fixtures.h"

static const uint8_t en0_mac[6] = { 0xa4, 0x83, 0xe7, 0x01, 0x02, 0x03 };

/* Copies n bytes into a heap block of exactly n bytes, so that the
 * sanitizer sees any read past the end. */
static uint8_t *exact(const uint8_t *src, size_t n)
{
	uint8_t *p = malloc(n ? n : 1);
	assert_non_null(p);
	memcpy(p, src, n);
	return p;
}

static void iflist_decodes_every_interface(void **state)
{
	(void)state;
	uint8_t buf[1024];
	struct Nlg_raw_links rl = { 0 };
	size_t len = fx_iflist2(buf, sizeof(buf));

	assert_int_equal(Nlg_dw_decode_iflist2(buf, len, &rl), 3);
	assert_int_equal(rl.nlinks, 3);
	assert_string_equal(rl.links[0].name, "lo0");
	assert_int_equal(rl.links[0].type, NLG_IFACE_LOOPBACK);
	assert_int_equal(rl.links[0].mac_len, 0);
	assert_true(rl.links[0].counters[NLG_RX_BYTES] == FX_LO0_IBYTES);

	const struct Nlg_raw_link *en0 = &rl.links[1];
	assert_string_equal(en0->name, "en0");
	assert_int_equal(en0->ifindex, FX_EN0_INDEX);
	assert_int_equal(en0->type, NLG_IFACE_ETHERNET);
	assert_int_equal(en0->mtu, FX_EN0_MTU);
	assert_int_equal(en0->mac_len, 6);
	assert_memory_equal(en0->mac, en0_mac, 6);
	assert_int_equal(en0->counter_width, 64);
	assert_true(en0->counters[NLG_RX_BYTES] == FX_EN0_IBYTES);
	assert_true(en0->counters[NLG_TX_BYTES] == FX_EN0_OBYTES);
	assert_true(en0->counters[NLG_RX_PACKETS] == FX_EN0_IPACKETS);
	assert_true(en0->counters[NLG_TX_PACKETS] == FX_EN0_OPACKETS);
	assert_true(en0->counters[NLG_MULTICAST] == 5);
	assert_true(en0->counters[NLG_RX_DROPPED] == 6);
	assert_true(en0->counter_mask & (1u << NLG_RX_BYTES));
	assert_false(en0->counter_mask & (1u << NLG_TX_DROPPED));
	assert_true(en0->speed_mbps == 1000);
	assert_int_equal(en0->flags, NLG_IFF_UP | NLG_IFF_BROADCAST | NLG_IFF_RUNNING |
					     NLG_IFF_MULTICAST);
	assert_int_equal(en0->oper, NLG_OPER_UP);

	assert_string_equal(rl.links[2].name, "bridge0");
	assert_int_equal(rl.links[2].type, NLG_IFACE_VIRTUAL);
	assert_string_equal(rl.links[2].kind, "bridge");
	assert_int_equal(rl.links[2].ifindex, 7);
	assert_int_equal(rl.links[2].mac_len, 6);
	Nlg_raw_links_done(&rl);
}

/* Every prefix either ends on a message boundary (fewer interfaces) or
 * is rejected; none is read past its end. */
static void iflist_truncated(void **state)
{
	(void)state;
	uint8_t buf[1024];
	size_t len = fx_iflist2(buf, sizeof(buf));

	for (size_t n = 0; n < len; n++) {
		struct Nlg_raw_links rl = { 0 };
		uint8_t *p = exact(buf, n);
		int r = Nlg_dw_decode_iflist2(p, n, &rl);
		assert_true(r == -EPROTO || (r >= 0 && r < 3));
		if (r < 0)
			assert_int_equal(rl.nlinks, 0);
		free(p);
		Nlg_raw_links_done(&rl);
	}
}

struct corruption {
	const char *what;
	size_t off;       /* from the start of en0's message */
	uint8_t value;
};

static const struct corruption corruptions[] = {
	{ "msglen zero", 0, 0 },
	{ "msglen past the buffer", 1, 0xff },
	{ "wrong version", 2, 4 },
	{ "interface index zero", 12, 0 },
	{ "sockaddr not AF_LINK", 160 + 1, 2 },
	{ "sockaddr index mismatch", 160 + 2, 9 },
	{ "name length too long", 160 + 5, 16 },
	{ "name length zero", 160 + 5, 0 },
	{ "address past the sockaddr", 160 + 6, 20 },
	{ "sockaddr past the message", 160 + 0, 200 },
	{ "NUL inside the name", 160 + 9, 0 },
	{ "no sockaddrs", 4, 0 },
};

static void iflist_corrupted(void **state)
{
	(void)state;
	uint8_t buf[1024];
	size_t len = fx_iflist2(buf, sizeof(buf)), en0_len;
	size_t en0 = fx_iflist2_en0(&en0_len);

	for (size_t i = 0; i < sizeof(corruptions) / sizeof(corruptions[0]); i++) {
		struct Nlg_raw_links rl = { 0 };
		uint8_t *p = exact(buf, len);
		p[en0 + corruptions[i].off] = corruptions[i].value;
		int r = Nlg_dw_decode_iflist2(p, len, &rl);
		if (r != -EPROTO)
			fail_msg("%s: got %d", corruptions[i].what, r);
		assert_int_equal(rl.nlinks, 0);
		free(p);
		Nlg_raw_links_done(&rl);
	}
}

static void ifmsg2_alone(void **state)
{
	(void)state;
	uint8_t buf[1024];
	struct Nlg_raw_link l;
	size_t en0_len, en0;

	fx_iflist2(buf, sizeof(buf));
	en0 = fx_iflist2_en0(&en0_len);
	assert_int_equal(Nlg_dw_decode_ifmsg2(buf + en0, en0_len, &l), 0);
	assert_string_equal(l.name, "en0");
	/* a message of another type is not an interface */
	assert_int_equal(Nlg_dw_decode_ifmsg2(buf + en0 + en0_len, 32, &l), -EPROTO);
	assert_int_equal(Nlg_dw_decode_ifmsg2(NULL, 0, &l), -EPROTO);
}

static void ifmib_decodes_64bit_counters(void **state)
{
	(void)state;
	uint8_t buf[256];
	struct Nlg_raw_link l;
	size_t len = fx_ifmibdata(buf, sizeof(buf));

	assert_int_equal(len, 180);
	assert_int_equal(Nlg_dw_decode_ifmibdata(buf, len, &l), 0);
	assert_string_equal(l.name, "en0");
	assert_true(l.counters[NLG_RX_BYTES] == FX_EN0_IBYTES);
	assert_true(l.counters[NLG_TX_BYTES] == FX_EN0_OBYTES);
	assert_true(l.counters[NLG_RX_BYTES] > UINT32_MAX);
	assert_int_equal(l.counter_width, 64);
	assert_int_equal(l.mtu, FX_EN0_MTU);
	assert_int_equal(l.flags & NLG_IFF_UP, NLG_IFF_UP);
	/* a longer reply (a newer struct) still holds the known fields */
	assert_int_equal(Nlg_dw_decode_ifmibdata(buf, len + 8, &l), 0);
}

static void ifmib_rejects_bad(void **state)
{
	(void)state;
	uint8_t buf[256];
	struct Nlg_raw_link l;
	size_t len = fx_ifmibdata(buf, sizeof(buf));

	for (size_t n = 0; n < len; n++) {
		uint8_t *p = exact(buf, n);
		assert_int_equal(Nlg_dw_decode_ifmibdata(p, n, &l), -EPROTO);
		free(p);
	}
	memset(buf, 'x', 16); /* name without a NUL */
	assert_int_equal(Nlg_dw_decode_ifmibdata(buf, len, &l), -EPROTO);
	buf[0] = '\0';        /* empty name */
	assert_int_equal(Nlg_dw_decode_ifmibdata(buf, len, &l), -EPROTO);
}

/* libproc's socket records: a socket carrying both INI_IPV4 and
 * INI_IPV6 (dual stack, not V6ONLY) is IPv6, as ntstat reports it. */
static void socket_fdinfo_families(void **state)
{
	(void)state;
	uint8_t buf[NLG_DW_SFI_SIZE];
	struct Nlg_raw_sock s;
	static const uint8_t any6[16], loop6[16] = { [15] = 1 }, v4[4] = { 192, 0, 2, 7 };

	fx_socket_fdinfo(buf, sizeof(buf), NLG_DW_SOCKINFO_TCP, NLG_DW_AF_INET6, 3);
	uint8_t *p = exact(buf, sizeof(buf));
	assert_int_equal(Nlg_dw_decode_socket_fdinfo(p, sizeof(buf), &s), 1);
	assert_int_equal(s.family, AF_INET6);
	assert_memory_equal(s.local, any6, 16);
	assert_int_equal(s.lport, FX_SOCK_LPORT);
	assert_int_equal(s.proto, IPPROTO_TCP);
	assert_int_equal(s.state, NLG_CONN_LISTEN);
	assert_true(s.cookie == FX_SOCK_SO && s.inode == FX_SOCK_SO);
	assert_int_equal(Nlg_dw_decode_socket_fdinfo(p, sizeof(buf) - 1, &s), -EPROTO);
	free(p);

	fx_socket_fdinfo(buf, sizeof(buf), NLG_DW_SOCKINFO_IN, NLG_DW_AF_INET6, NLG_DW_INI_IPV6);
	assert_int_equal(Nlg_dw_decode_socket_fdinfo(buf, sizeof(buf), &s), 1);
	assert_int_equal(s.family, AF_INET6);
	assert_int_equal(s.proto, IPPROTO_UDP);
	assert_memory_equal(s.local, loop6, 16);
	/* an AF_INET6 socket connected to an IPv4 peer: INI_IPV4 alone */
	fx_socket_fdinfo(buf, sizeof(buf), NLG_DW_SOCKINFO_TCP, NLG_DW_AF_INET6, NLG_DW_INI_IPV4);
	assert_int_equal(Nlg_dw_decode_socket_fdinfo(buf, sizeof(buf), &s), 1);
	assert_int_equal(s.family, AF_INET);
	assert_memory_equal(s.local, v4, 4);
	/* neither flag: the socket's family */
	fx_socket_fdinfo(buf, sizeof(buf), NLG_DW_SOCKINFO_TCP, NLG_DW_AF_INET6, 0);
	assert_int_equal(Nlg_dw_decode_socket_fdinfo(buf, sizeof(buf), &s), 1);
	assert_int_equal(s.family, AF_INET6);
	/* not TCP or UDP over IP */
	fx_socket_fdinfo(buf, sizeof(buf), 3, NLG_DW_AF_INET6, 3);
	assert_int_equal(Nlg_dw_decode_socket_fdinfo(buf, sizeof(buf), &s), 0);
	fx_socket_fdinfo(buf, sizeof(buf), NLG_DW_SOCKINFO_TCP, 1, 3);
	assert_int_equal(Nlg_dw_decode_socket_fdinfo(buf, sizeof(buf), &s), 0);
}

static void bsdinfo_and_fdinfo(void **state)
{
	(void)state;
	uint8_t buf[NLG_DW_PBI_SIZE];
	struct Nlg_proc_desc d;
	fx_bsdinfo(buf, sizeof(buf));
	uint8_t *p = exact(buf, sizeof(buf));
	assert_int_equal(Nlg_dw_decode_bsdinfo(p, sizeof(buf), &d), 0);
	assert_int_equal(d.pid, FX_PROC_PID);
	assert_int_equal(d.ppid, 1);
	assert_int_equal(d.uid, 501);
	assert_true(d.start_ticks == 1700000000ull * 1000000 + 5);
	assert_string_equal(d.comm, "nnnnnnnnnnnnnnn"); /* the long name, cut */
	assert_int_equal(Nlg_dw_decode_bsdinfo(p, sizeof(buf) - 1, &d), -EPROTO);
	free(p);

	uint8_t fds[2 * NLG_DW_FDI_SIZE] = { 0 };
	int fd = -1;
	fds[NLG_DW_FDI_SIZE + NLG_DW_FDI_FD_OFF] = 9;
	fds[NLG_DW_FDI_SIZE + NLG_DW_FDI_TYPE_OFF] = NLG_DW_PROX_FDTYPE_SOCKET;
	assert_int_equal(Nlg_dw_decode_fdinfo(fds, sizeof(fds), 0, &fd), 0);
	assert_int_equal(Nlg_dw_decode_fdinfo(fds, sizeof(fds), 1, &fd), 1);
	assert_int_equal(fd, 9);
	assert_int_equal(Nlg_dw_decode_fdinfo(fds, sizeof(fds), 2, &fd), -EPROTO);
	assert_int_equal(Nlg_dw_decode_fdinfo(fds, sizeof(fds) - 1, 1, &fd), -EPROTO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(iflist_decodes_every_interface),
		cmocka_unit_test(iflist_truncated),
		cmocka_unit_test(iflist_corrupted),
		cmocka_unit_test(ifmsg2_alone),
		cmocka_unit_test(ifmib_decodes_64bit_counters),
		cmocka_unit_test(ifmib_rejects_bad),
		cmocka_unit_test(socket_fdinfo_families),
		cmocka_unit_test(bsdinfo_and_fdinfo),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
