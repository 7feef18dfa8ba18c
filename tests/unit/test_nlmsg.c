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

	h->nlmsg_len = 20;                       /* unpadded, last */
	assert_int_equal(Nlg_nlmsg_check(buf, 20), 0);
	h->nlmsg_len = 18;                       /* padded to 20, two messages */
	((struct nlmsghdr *)(buf + 5))->nlmsg_len = 16;
	assert_int_equal(Nlg_nlmsg_check(buf, 36), 0);
	assert_int_equal(Nlg_nlmsg_check(buf, 30), -EPROTO); /* second cut short */
	h->nlmsg_len = 12;                       /* shorter than a header */
	assert_int_equal(Nlg_nlmsg_check(buf, 16), -EPROTO);
	h->nlmsg_len = 0xfffffff0u;              /* negative as an int */
	assert_int_equal(Nlg_nlmsg_check(buf, 64), -EPROTO);
	h->nlmsg_len = 0x80000000u;
	assert_int_equal(Nlg_nlmsg_check(buf, 64), -EPROTO);
	assert_int_equal(Nlg_nlmsg_check(buf, 8), -EPROTO); /* a partial header */
	assert_int_equal(Nlg_nlmsg_check(buf, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(bounds) };
	return cmocka_run_group_tests_name("nlmsg", tests, NULL, NULL);
}
