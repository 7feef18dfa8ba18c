/* SPDX-License-Identifier: MIT */
/* error.h - a per-monitor buffer for the detail of the last failure. */
#ifndef NLG_CORE_ERROR_H
#define NLG_CORE_ERROR_H

#include <stddef.h>

struct Nlg_errbuf {
	char msg[256];
};

/* Formats the detail of a failure into eb (NULL is allowed) and returns
 * err, so that callers can write: return Nlg_fail(eb, -EIO, "..."). */
int Nlg_fail(struct Nlg_errbuf *eb, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
