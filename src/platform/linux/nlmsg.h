/* SPDX-License-Identifier: MIT */
/*
 * nlmsg.h - bounds of netlink messages in a received buffer.
 *
 * libmnl's mnl_nlmsg_ok() compares a message's length as a signed int, so
 * a length of 2 GiB or more passes and the walk jumps out of the buffer.
 * Every buffer is checked here, with unsigned arithmetic, before libmnl
 * walks it.
 */
#ifndef NLG_LINUX_NLMSG_H
#define NLG_LINUX_NLMSG_H

#include <stddef.h>

/* Return: 0 when buf holds whole messages only (each at least a header
 * long and within the buffer with its padding to 4 bytes), or -EPROTO.
 * The kernel pads every message it sends; an unpadded last message would
 * let libmnl read an attribute up to 3 bytes past the buffer. */
int Nlg_nlmsg_check(const void *buf, size_t len);

#endif
