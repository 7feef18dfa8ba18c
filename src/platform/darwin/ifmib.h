/* SPDX-License-Identifier: MIT */
/* ifmib.h - per-interface 64-bit counters from IFMIB_IFDATA. */
#ifndef NLG_DARWIN_IFMIB_H
#define NLG_DARWIN_IFMIB_H

#include "platform/platform.h"

/* Replaces the counters of l, read from NET_RT_IFLIST2 (rounded to 1 KiB
 * and, since macOS 11, cut to 32 bits for third-party readers), with the
 * untouched 64-bit ones of struct ifmibdata.
 * Return: 0 on success or a negative errno (then l keeps its counters,
 * marked 32 bits wide). */
int nlg_dw_ifmib_counters(struct nlg_raw_link *l);

#endif
