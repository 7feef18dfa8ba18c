/* SPDX-License-Identifier: MIT */
/* sysctl_buf.h - reading a variable-size sysctl into a growing buffer. */
#ifndef NLG_DARWIN_SYSCTL_BUF_H
#define NLG_DARWIN_SYSCTL_BUF_H

#include <stddef.h>
#include <stdint.h>

#include "platform/darwin/kops.h"

struct Nlg_dw_buf {
	uint8_t *p;
	size_t len, cap;
};

/* Reads the sysctl mib[0..n) into b, sizing with a first call and
 * retrying while the data grows in between.
 * Return: 0 on success or a negative errno. */
int Nlg_dw_sysctl_read(const struct Nlg_dw_kops *ops, const int *mib, unsigned n,
		       struct Nlg_dw_buf *b);

void Nlg_dw_buf_done(struct Nlg_dw_buf *b);

#endif
