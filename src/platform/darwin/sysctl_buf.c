/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/sysctl.h>

#include "platform/darwin/sysctl_buf.h"

#define TRIES 5

static int grow(struct nlg_dw_buf *b, size_t need)
{
	if (need <= b->cap)
		return 0;
	size_t ncap = need + need / 4 + 1024; /* room for a few new entries */
	uint8_t *np = realloc(b->p, ncap);
	if (!np)
		return -ENOMEM;
	b->p = np;
	b->cap = ncap;
	return 0;
}

int nlg_dw_sysctl_read(const int *mib, unsigned n, struct nlg_dw_buf *b)
{
	for (int i = 0; i < TRIES; i++) {
		size_t need = 0;
		if (sysctl((int *)mib, n, NULL, &need, NULL, 0) < 0)
			return -errno;
		if (grow(b, need) < 0)
			return -ENOMEM;
		size_t len = b->cap;
		if (sysctl((int *)mib, n, b->p, &len, NULL, 0) == 0) {
			b->len = len;
			return 0;
		}
		if (errno != ENOMEM)
			return -errno;
	}
	return -EAGAIN;
}

void nlg_dw_buf_done(struct nlg_dw_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}
