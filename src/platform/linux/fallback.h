/* SPDX-License-Identifier: MIT */
#ifndef NLG_LINUX_FALLBACK_H
#define NLG_LINUX_FALLBACK_H

#include "platform/linux/linkinfo.h"

/*
 * Reads every interface from procfs_root/net/dev, with flags, MTU, MAC and
 * state from sysfs. An interface whose index sysfs does not give gets a
 * negative one, stable only while its position in the file is.
 * Return: 0 on success or a negative error code with eb set.
 */
int Nlg_fallback_read(const char *procfs_root, struct Nlg_linkinfo *li,
		      struct Nlg_raw_links *out, struct Nlg_errbuf *eb);

#endif
