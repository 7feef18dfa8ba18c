/* SPDX-License-Identifier: MIT */
/*
 * snap.h - a text published by the sampling thread and read by the HTTP
 * thread (/metrics, the page's live rates). Publishing swaps a pointer;
 * a response being sent holds a reference to the text it started with,
 * so neither side ever waits for a slow client.
 */
#ifndef NLG_DAEMON_SNAP_H
#define NLG_DAEMON_SNAP_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

struct Nlg_snap {
	atomic_uint refs;
	char *text;
	size_t len;
};

struct Nlg_snap_slot {
	pthread_mutex_t lock;   /* held only to swap or take a reference */
	struct Nlg_snap *cur;
};

void Nlg_snap_slot_init(struct Nlg_snap_slot *s);
/* Drops the current text. */
void Nlg_snap_slot_done(struct Nlg_snap_slot *s);

/* Makes text (len bytes, malloc'd; owned by the slot from now on, also on
 * failure) the current one. Return: 0, or -EINVAL / -ENOMEM. */
int Nlg_snap_publish(struct Nlg_snap_slot *s, char *text, size_t len);

/* Return: a reference to the current text (release it with
 * Nlg_snap_unref), or NULL before the first publish. */
struct Nlg_snap *Nlg_snap_get(struct Nlg_snap_slot *s);

/* Releases a reference (a void * so that it serves as a free callback). */
void Nlg_snap_unref(void *snap);

#endif
