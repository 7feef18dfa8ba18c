/* SPDX-License-Identifier: MIT */
/* ifdata.h - FreeBSD interface readings from getifaddrs(). */
#ifndef NLG_FREEBSD_IFDATA_H
#define NLG_FREEBSD_IFDATA_H

#include "platform/platform.h"

/* Appends every interface and address to out.
 * Return: 0 on success or a negative error code with eb set. */
int Nlg_fbsd_read_ifdata(struct Nlg_raw_links *out, struct Nlg_errbuf *eb);

#endif
