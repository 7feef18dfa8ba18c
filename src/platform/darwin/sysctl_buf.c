/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdlib.h>

#include "platform/darwin/sysctl_buf.h"

#define TRIES 5

static int grow(struct Nlg_dw_buf *b, size_t need)
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

int Nlg_dw_sysctl_read(const struct Nlg_dw_kops *ops, const int *mib, unsigned n,
		       struct Nlg_dw_buf *b)
{
	for (int i = 0; i < TRIES; i++) {
		size_t need = 0;
		int err = ops->sysctl(ops->ctx, mib, n, NULL, &need);
		if (err < 0)
			return err;
		if (grow(b, need) < 0)
			return -ENOMEM;
		size_t len = b->cap;
		err = ops->sysctl(ops->ctx, mib, n, b->p, &len);
		if (err == 0) {
			b->len = len;
			return 0;
		}
		if (err != -ENOMEM)
			return err;
	}
	return -EAGAIN;
}

void Nlg_dw_buf_done(struct Nlg_dw_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}
