/* SPDX-License-Identifier: MIT */
/* procnetdev.h - the /proc/net/dev fallback, for when netlink is refused. */
#ifndef NLG_LINUX_PROCNETDEV_H
#define NLG_LINUX_PROCNETDEV_H

#include <stddef.h>

#include "platform/platform.h"

/*
 * Parses the text of /proc/net/dev, appending one reading per interface
 * (name and counters only) to out.
 * Return: 0 on success, -ENOMEM, or -EPROTO when the text is not in the
 * expected format.
 */
int Nlg_procnetdev_parse(const char *text, size_t len, struct Nlg_raw_links *out);

#endif
