/* SPDX-License-Identifier: MIT */
/* addrs.h - interface addresses from getifaddrs(). */
#ifndef NLG_DARWIN_ADDRS_H
#define NLG_DARWIN_ADDRS_H

#include "platform/platform.h"

/* Appends every IPv4 and IPv6 address to out.
 * Return: 0 on success or a negative errno. */
int nlg_dw_read_addrs(struct nlg_raw_links *out);

#endif
