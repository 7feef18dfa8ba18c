/* SPDX-License-Identifier: MIT */
/* fuzz_netlink.c - the Linux decoders of kernel messages (rtnetlink links
 * and addresses, sock_diag sockets) over any sequence of messages. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <libmnl/libmnl.h>

#include "platform/linux/nlmsg.h"
#include "platform/linux/rtnl.h"
#include "platform/linux/sockdiag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size copy: a read past the input is an ASan report. */
	uint8_t *buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	int len = (int)size;
	/* As the receive path does: whole messages only, then libmnl walks. */
	if (Nlg_nlmsg_check(buf, size) < 0)
		len = 0;
	for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
		struct Nlg_raw_link l;
		struct Nlg_raw_addr a;
		struct Nlg_raw_sock s;
		uint16_t hw;
		Nlg_rtnl_parse_link(nlh, &l, &hw);
		Nlg_rtnl_parse_addr(nlh, &a);
		Nlg_sockdiag_parse(nlh, IPPROTO_TCP, &s);
	}
	free(buf);
	return 0;
}
