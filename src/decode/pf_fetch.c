/* SPDX-License-Identifier: MIT */
/* pf_fetch.c - sizing the DIOCIGETIFACES buffer with the two-call pattern. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#include "decode/pf_kif.h"

/* Room for a few interfaces that appear between two calls. */
#define SLACK 8

/* Return: a buffer for n elements (n may be 0), or NULL. */
static uint8_t *alloc_room(size_t n, size_t esize)
{
	if (n > SIZE_MAX / esize - 1)
		return NULL;
	return malloc(n ? n * esize : 1);
}

int nlg_pf_fetch(nlg_pf_get_ifaces_fn get, void *ctx, size_t esize, int tries,
		 uint8_t **buf, size_t *count)
{
	int size = 0, err;

	*buf = NULL;
	*count = 0;
	if (esize == 0 || esize > INT_MAX)
		return -EINVAL;
	err = get(ctx, NULL, (int)esize, &size);
	for (int i = 0; err == 0 && i < tries; i++) {
		if (size < 0 || size > INT_MAX - SLACK)
			return -EPROTO;
		int room = size + SLACK;
		uint8_t *b = alloc_room((size_t)room, esize);
		if (!b)
			return -ENOMEM;
		size = room;
		err = get(ctx, b, (int)esize, &size);
		if (err == 0 && size >= 0 && size <= room) {
			*buf = b;
			*count = (size_t)size;
			return 0;
		}
		free(b); /* grew past the slack: ask again with the new count */
	}
	return err < 0 ? err : -EAGAIN;
}
