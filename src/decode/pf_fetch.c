/* SPDX-License-Identifier: MIT */
/* pf_fetch.c - sizing the DIOCIGETIFACES buffer. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#include "decode/pf_kif.h"

/* pfctl's first guess; enough for most machines in one call. */
#define FIRST_ROOM 64
/* Room for a few interfaces that appear between two calls. */
#define SLACK 8

/* Return: a buffer for n elements (n may be 0), or NULL. */
static uint8_t *alloc_room(size_t n, size_t esize)
{
	if (n > SIZE_MAX / esize - 1)
		return NULL;
	return malloc(n ? n * esize : 1);
}

/* Return: the room of the next call: at least twice the last, at least
 * what the kernel said it has plus some slack, at most max_count. */
static int next_room(int room, int said, int max_count)
{
	long long want = 2LL * room;
	if ((long long)said + SLACK > want)
		want = (long long)said + SLACK;
	return want > max_count ? max_count : (int)want;
}

int Nlg_pf_fetch(Nlg_pf_get_ifaces_fn get, void *ctx, size_t esize, int max_count,
		 uint8_t **buf, size_t *count)
{
	int size = 0;

	*buf = NULL;
	*count = 0;
	if (esize == 0 || esize > INT_MAX || max_count < 1)
		return -EINVAL;
	/* A hint only: FreeBSD answers at most room + 1, 1 here. */
	int err = get(ctx, NULL, (int)esize, &size);
	if (err < 0)
		return err;
	if (size < 0)
		return -EPROTO;
	int room = next_room(FIRST_ROOM / 2, size, max_count);
	for (;;) {
		uint8_t *b = alloc_room((size_t)room, esize);
		if (!b)
			return -ENOMEM;
		size = room;
		err = get(ctx, b, (int)esize, &size);
		if (err == 0 && size >= 0 && size <= room) {
			/* every element fits: the kernel says room + 1 (FreeBSD)
			 * or its total count (macOS, OpenBSD) when more remain */
			*buf = b;
			*count = (size_t)size;
			return 0;
		}
		free(b);
		if (err < 0)
			return err;
		if (size < 0)
			return -EPROTO;
		if (room == max_count)
			return -E2BIG;
		room = next_room(room, size, max_count);
	}
}
