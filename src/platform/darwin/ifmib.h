/* SPDX-License-Identifier: MIT */
/* ifmib.h - the interface list (NET_RT_IFLIST2) with 64-bit counters from
 * IFMIB_IFDATA. */
#ifndef NLG_DARWIN_IFMIB_H
#define NLG_DARWIN_IFMIB_H

#include "core/error.h"
#include "platform/darwin/kops.h"
#include "platform/darwin/sysctl_buf.h"
#include "platform/platform.h"

/* Replaces the counters of l, read from NET_RT_IFLIST2 (rounded to 1 KiB
 * and, since macOS 11, cut to 32 bits for third-party readers), with the
 * untouched 64-bit ones of struct ifmibdata.
 * Return: 0 on success or a negative errno (then l keeps its counters,
 * marked 32 bits wide). */
int Nlg_dw_ifmib_counters(const struct Nlg_dw_kops *ops, struct Nlg_raw_link *l);

/* Appends every interface of NET_RT_IFLIST2 (read into iflist) to out,
 * each with its IFMIB_IFDATA counters where the kernel gives them.
 * Return: 0 on success or a negative error code with eb set. */
int Nlg_dw_read_iflist(const struct Nlg_dw_kops *ops, struct Nlg_dw_buf *iflist,
		       struct Nlg_raw_links *out, struct Nlg_errbuf *eb);

#endif
