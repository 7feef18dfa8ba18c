/* SPDX-License-Identifier: MIT */
/* error.h - a per-monitor buffer for the detail of the last failure. */
#ifndef NLG_CORE_ERROR_H
#define NLG_CORE_ERROR_H

#include <stddef.h>

struct nlg_errbuf {
	char msg[256];
};

/* Formats the detail of a failure into eb (NULL is allowed) and returns
 * err, so that callers can write: return nlg_fail(eb, -EIO, "..."). */
int nlg_fail(struct nlg_errbuf *eb, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
