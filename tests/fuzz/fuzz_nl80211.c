/* SPDX-License-Identifier: MIT */
/*
 * fuzz_nl80211.c - the decoders of wireless link quality: nl80211 replies
 * (and the controller's family reply) over any sequence of messages, and
 * /proc/net/wireless text. The first byte picks: 'P' text, else messages.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "platform/linux/nl80211.h"
#include "platform/linux/nlmsg.h"
#include "platform/linux/procwireless.h"

#define FAMILY 28 /* the id the seeds use */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void messages(const uint8_t *buf, size_t size)
{
	struct Nlg_raw_wifi w = { 0 };
	Nlg_nl80211_parse_buf(buf, size, FAMILY, &w);
	/* Each message alone, as the socket glue hands them over. */
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	int len = Nlg_nlmsg_check(buf, size) < 0 ? 0 : (int)size;
	for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
		uint16_t id;
		int ifindex;
		Nlg_nl80211_parse_family(nlh, &id);
		Nlg_nl80211_parse_iface(nlh, &w, &ifindex);
		Nlg_nl80211_parse_station(nlh, &w);
	}
	Nlg_nl80211_finish(&w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > (1u << 20))
		return 0;
	/* An exact-size copy: a read past the input is an ASan report. */
	uint8_t *buf = malloc(size - 1 ? size - 1 : 1);
	if (!buf)
		return 0;
	memcpy(buf, data + 1, size - 1);
	if (data[0] == 'P') {
		int dbm;
		Nlg_procwireless_level((const char *)buf, size - 1, "wlan0", &dbm);
	} else {
		messages(buf, size - 1);
	}
	free(buf);
	return 0;
}
