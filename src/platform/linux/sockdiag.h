/* SPDX-License-Identifier: MIT */
/*
 * sockdiag.h - decoding of NETLINK_SOCK_DIAG inet messages (dump replies
 * and socket-destroy events). A pure function over one message.
 */
#ifndef NLG_LINUX_SOCKDIAG_H
#define NLG_LINUX_SOCKDIAG_H

#include <stdint.h>
#include <linux/netlink.h>

#include "platform/platform.h"

/*
 * Decodes one SOCK_DIAG_BY_FAMILY message into out. proto is the protocol
 * asked for in a dump; an INET_DIAG_PROTOCOL attribute (sent with destroy
 * events) takes precedence.
 * Return: 0 on success, -EAFNOSUPPORT for a family other than IPv4/IPv6,
 * or -EPROTO for a malformed message.
 */
int Nlg_sockdiag_parse(const struct nlmsghdr *nlh, uint8_t proto, struct Nlg_raw_sock *out);

#endif
