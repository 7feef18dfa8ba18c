/* SPDX-License-Identifier: MIT */
/* test_classify.c - interface types from ARPHRD type, kind and sysfs hints. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <linux/if_arp.h>

#include "platform/linux/classify.h"

static const struct {
	uint16_t hwtype;
	const char *kind;
	unsigned hints;
	enum nlg_iface_type want;
} cases[] = {
	{ ARPHRD_LOOPBACK, "", 0, NLG_IFACE_LOOPBACK },
	{ ARPHRD_ETHER, "", 0, NLG_IFACE_ETHERNET },
	{ ARPHRD_ETHER, "", NLG_HINT_WIRELESS, NLG_IFACE_WIFI },
	{ ARPHRD_ETHER, "", NLG_HINT_WWAN, NLG_IFACE_CELLULAR },
	{ 519 /* ARPHRD_RAWIP */, "", 0, NLG_IFACE_CELLULAR },
	{ ARPHRD_ETHER, "veth", NLG_HINT_VIRTUAL, NLG_IFACE_VIRTUAL },
	{ ARPHRD_ETHER, "bridge", 0, NLG_IFACE_VIRTUAL },
	{ ARPHRD_ETHER, "vlan", 0, NLG_IFACE_VIRTUAL },
	{ ARPHRD_ETHER, "bond", 0, NLG_IFACE_VIRTUAL },
	{ ARPHRD_ETHER, "macvlan", 0, NLG_IFACE_VIRTUAL },
	{ ARPHRD_ETHER, "vxlan", 0, NLG_IFACE_VIRTUAL },
	{ ARPHRD_ETHER, "dummy", 0, NLG_IFACE_VIRTUAL },
	{ ARPHRD_ETHER, "ifb", 0, NLG_IFACE_VIRTUAL },
	{ ARPHRD_NONE, "wireguard", 0, NLG_IFACE_VIRTUAL },
	{ ARPHRD_NONE, "tun", 0, NLG_IFACE_VIRTUAL },
	{ ARPHRD_ETHER, "tun", 0, NLG_IFACE_VIRTUAL }, /* tap */
	{ ARPHRD_NONE, "", 0, NLG_IFACE_VIRTUAL },
	{ ARPHRD_ETHER, "", NLG_HINT_VIRTUAL, NLG_IFACE_VIRTUAL },
	{ ARPHRD_IEEE80211_RADIOTAP, "", 0, NLG_IFACE_WIFI },
	{ ARPHRD_INFINIBAND, "", 0, NLG_IFACE_OTHER },
	{ ARPHRD_CAN, "", 0, NLG_IFACE_OTHER },
	{ ARPHRD_LOOPBACK, "", NLG_HINT_VIRTUAL, NLG_IFACE_LOOPBACK },
};

static void table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		print_message("case %zu: hw %u kind '%s'\n", i, cases[i].hwtype, cases[i].kind);
		assert_int_equal(Nlg_linux_classify(cases[i].hwtype, cases[i].kind, cases[i].hints),
				 cases[i].want);
	}
	assert_int_equal(Nlg_linux_classify(ARPHRD_ETHER, NULL, 0), NLG_IFACE_ETHERNET);
}

static void names(void **state)
{
	(void)state;
	assert_string_equal(nlg_iface_type_name(NLG_IFACE_VIRTUAL), "virtual");
	assert_string_equal(nlg_iface_type_name((enum nlg_iface_type)99), "other");
	assert_string_equal(nlg_oper_state_name(NLG_OPER_LOWERLAYERDOWN), "lowerlayerdown");
	assert_string_equal(nlg_counter_name(NLG_RX_NOHANDLER), "rx_nohandler");
	assert_null(nlg_counter_name(NLG_COUNTER_COUNT));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table),
		cmocka_unit_test(names),
	};
	return cmocka_run_group_tests_name("classify", tests, NULL, NULL);
}
