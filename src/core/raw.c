/* SPDX-License-Identifier: MIT */
/* raw.c - the growable arrays that carry one sample's readings. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/array.h"
#include "core/raw.h"

/* Return: a pointer to a zeroed new last element, or NULL when out of memory. */
static void *push(void **v, size_t *n, size_t *cap, size_t size)
{
	if (Nlg_array_reserve(v, cap, *n + 1, size, 64) < 0)
		return NULL; /* the old array stays valid and owned */
	void *slot = (char *)*v + (*n)++ * size;
	memset(slot, 0, size);
	return slot;
}

struct Nlg_raw_link *Nlg_raw_links_push(struct Nlg_raw_links *rl)
{
	return push((void **)&rl->links, &rl->nlinks, &rl->links_cap, sizeof(*rl->links));
}

struct Nlg_raw_addr *Nlg_raw_addrs_push(struct Nlg_raw_links *rl)
{
	return push((void **)&rl->addrs, &rl->naddrs, &rl->addrs_cap, sizeof(*rl->addrs));
}

void Nlg_raw_links_clear(struct Nlg_raw_links *rl)
{
	rl->nlinks = 0;
	rl->naddrs = 0;
	rl->have_addrs = false;
	rl->pf_status = -ENOTSUP;
	Nlg_fail(&rl->pf_why, 0, "pf counters are not kept on this platform");
}

void Nlg_raw_links_done(struct Nlg_raw_links *rl)
{
	free(rl->links);
	free(rl->addrs);
	memset(rl, 0, sizeof(*rl));
}

/* Return: 0 once rs owns its array (a copy of a lent one), or -ENOMEM. */
static int own(struct Nlg_raw_socks *rs)
{
	if (!rs->borrowed)
		return 0;
	struct Nlg_raw_sock *v = NULL;
	size_t cap = 0;
	if (Nlg_array_reserve(&v, &cap, rs->n + 1, sizeof(*v), 64) < 0)
		return -ENOMEM;
	if (rs->n)
		memcpy(v, rs->v, rs->n * sizeof(*v));
	rs->v = v;
	rs->cap = cap;
	rs->borrowed = false;
	return 0;
}

struct Nlg_raw_sock *Nlg_raw_socks_push(struct Nlg_raw_socks *rs)
{
	if (own(rs) < 0)
		return NULL;
	return push((void **)&rs->v, &rs->n, &rs->cap, sizeof(*rs->v));
}

void Nlg_raw_socks_lend(struct Nlg_raw_socks *rs, struct Nlg_raw_sock *v, size_t n, size_t cap)
{
	if (!rs->borrowed)
		free(rs->v);
	rs->v = v;
	rs->n = n;
	rs->cap = cap;
	rs->borrowed = true;
}

void Nlg_raw_socks_clear(struct Nlg_raw_socks *rs)
{
	if (rs->borrowed) {
		rs->v = NULL;
		rs->cap = 0;
		rs->borrowed = false;
	}
	rs->n = 0;
	rs->nnotes = 0;
	rs->nns = 0;
}

struct Nlg_raw_netns *Nlg_raw_socks_push_netns(struct Nlg_raw_socks *rs)
{
	return push((void **)&rs->ns, &rs->nns, &rs->nscap, sizeof(*rs->ns));
}

void Nlg_raw_socks_note(struct Nlg_raw_socks *rs, const char *fmt, ...)
{
	va_list ap;
	if (rs->nnotes == NLG_SOCK_NOTES_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(rs->notes[rs->nnotes++].msg, sizeof(rs->notes[0].msg), fmt, ap);
	va_end(ap);
}

void Nlg_raw_socks_done(struct Nlg_raw_socks *rs)
{
	if (!rs->borrowed)
		free(rs->v);
	free(rs->ns);
	memset(rs, 0, sizeof(*rs));
}

/* 2.4 GHz channels are 5 MHz apart from 2407 (14 is Japan's odd one out),
 * 5 GHz from 5000, 6 GHz from 5950 (channel 2 aside), 60 GHz 2160 apart. */
uint32_t Nlg_wifi_channel(uint32_t f)
{
	if (f == 2484)
		return 14;
	if (f >= 2412 && f < 2484)
		return (f - 2407) / 5;
	if (f == 5935) /* 6 GHz channel 2 */
		return 2;
	if (f > 5950 && f <= 7115)
		return (f - 5950) / 5;
	if (f >= 4910 && f <= 4980)
		return (f - 4000) / 5;
	if (f >= 5000 && f < 5950)
		return (f - 5000) / 5;
	if (f >= 58320 && f <= 70200)
		return (f - 56160) / 2160;
	return 0;
}
