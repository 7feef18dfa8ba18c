/* SPDX-License-Identifier: MIT */
/* test_nlmsg.c - message bounds, including lengths libmnl would trust. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <linux/netlink.h>

#include "platform/linux/nlmsg.h"

static void bounds(void **state)
{
	(void)state;
	uint32_t buf[16] = { 0 };
	struct nlmsghdr *h = (struct nlmsghdr *)buf;

	h->nlmsg_len = 20;                       /* the whole buffer */
	assert_int_equal(Nlg_nlmsg_check(buf, 20), 0);
	h->nlmsg_len = 18;                       /* its padding cut off */
	assert_int_equal(Nlg_nlmsg_check(buf, 18), -EPROTO);
	assert_int_equal(Nlg_nlmsg_check(buf, 20), 0);
	h->nlmsg_len = 18;                       /* padded to 20, two messages */
	((struct nlmsghdr *)(buf + 5))->nlmsg_len = 16;
	assert_int_equal(Nlg_nlmsg_check(buf, 36), 0);
	assert_int_equal(Nlg_nlmsg_check(buf, 30), -EPROTO); /* second cut short */
	h->nlmsg_len = 12;                       /* shorter than a header */
	assert_int_equal(Nlg_nlmsg_check(buf, 16), -EPROTO);
	h->nlmsg_len = 0xfffffff0u;              /* negative as an int */
	assert_int_equal(Nlg_nlmsg_check(buf, 64), -EPROTO);
	h->nlmsg_len = 0xfffffffeu;              /* padded, 0 in 32 bits */
	assert_int_equal(Nlg_nlmsg_check(buf, 64), -EPROTO);
	h->nlmsg_len = 0x80000000u;
	assert_int_equal(Nlg_nlmsg_check(buf, 64), -EPROTO);
	assert_int_equal(Nlg_nlmsg_check(buf, 8), -EPROTO); /* a partial header */
	assert_int_equal(Nlg_nlmsg_check(buf, 0), 0);
}

/* Found by fuzz_netlink: a 163-byte RTM_NEWLINK whose last attribute,
 * IFLA_STATS64, ends in the message's padding, one byte past the buffer.
 * libmnl's walk accepted it and the stats were read past the end. */
static void unpadded_last_attribute(void **state)
{
	(void)state;
	static const uint8_t msg[] = {
		0xa3, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,
		0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x03, 0x00,
		'v', 'e', 't', 'h', '0', 0x00, 0x00, 0x00, 0x08, 0x00, 0x04, 0x00,
		0xdc, 0x05, 0x00, 0x00, 0x08, 0x00, 0x0a, 0x00, 0x03, 0x00, 0x00, 0x00,
		0x05, 0x00, 0x10, 0x00, 0x06, 0x00, 0x00, 0x00, 0x05, 0x00, 0x10, 0x00,
		0x06, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00,
		0x00, 0x01, 0x00, 0x00, 0x4c, 0x00, 0x17, 0x00,
	};
	uint8_t buf[0xa4] = { 0 };
	memcpy(buf, msg, sizeof(msg));
	assert_int_equal(Nlg_nlmsg_check(buf, 0xa3), -EPROTO);
	assert_int_equal(Nlg_nlmsg_check(buf, 0xa4), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bounds),
		cmocka_unit_test(unpadded_last_attribute),
	};
	return cmocka_run_group_tests_name("nlmsg", tests, NULL, NULL);
}
