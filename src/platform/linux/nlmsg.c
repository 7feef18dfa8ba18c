/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <string.h>
#include <linux/netlink.h>

#include "platform/linux/nlmsg.h"

int Nlg_nlmsg_check(const void *buf, size_t len)
{
	const char *p = buf;
	size_t off = 0;

	while (off < len) {
		struct nlmsghdr h;
		if (len - off < sizeof(h))
			return -EPROTO;
		memcpy(&h, p + off, sizeof(h));
		if (h.nlmsg_len < sizeof(h) || h.nlmsg_len > len - off)
			return -EPROTO;
		/* libmnl walks a message's attributes up to its padded end, so
		 * the padding must be inside the buffer too. (NLMSG_ALIGN masks
		 * with an unsigned int: only a length already bounded is safe.) */
		size_t step = NLMSG_ALIGN((size_t)h.nlmsg_len);
		if (step > len - off)
			return -EPROTO;
		off += step;
	}
	return 0;
}
