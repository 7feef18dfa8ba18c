/* SPDX-License-Identifier: MIT */
/*
 * rtnl.h - decoders of rtnetlink link and address messages. Pure functions
 * over one message: they trust no length and never read past it.
 */
#ifndef NLG_LINUX_RTNL_H
#define NLG_LINUX_RTNL_H

#include <stdint.h>
#include <linux/netlink.h>

#include "platform/platform.h"

/*
 * Decodes an RTM_NEWLINK or RTM_DELLINK message into out (type, speed and
 * removed are left to the caller); *hwtype receives the ARPHRD_* type.
 * Return: 0 on success or -EPROTO for a malformed message.
 */
int Nlg_rtnl_parse_link(const struct nlmsghdr *nlh, struct Nlg_raw_link *out,
			uint16_t *hwtype);

/*
 * Decodes an RTM_NEWADDR message of family AF_INET or AF_INET6.
 * Return: 0 on success, -EAFNOSUPPORT for another family, or -EPROTO.
 */
int Nlg_rtnl_parse_addr(const struct nlmsghdr *nlh, struct Nlg_raw_addr *out);

#endif
