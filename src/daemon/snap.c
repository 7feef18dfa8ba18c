/* SPDX-License-Identifier: MIT */
/* snap.c - published texts shared between two threads by reference. */
#include <errno.h>
#include <stdlib.h>

#include "daemon/snap.h"

void Nlg_snap_slot_init(struct Nlg_snap_slot *s)
{
	pthread_mutex_init(&s->lock, NULL);
	s->cur = NULL;
}

void Nlg_snap_slot_done(struct Nlg_snap_slot *s)
{
	Nlg_snap_unref(s->cur);
	s->cur = NULL;
	pthread_mutex_destroy(&s->lock);
}

void Nlg_snap_unref(void *snap)
{
	struct Nlg_snap *s = snap;
	if (s && atomic_fetch_sub(&s->refs, 1) == 1) {
		free(s->text);
		free(s);
	}
}

struct Nlg_snap *Nlg_snap_get(struct Nlg_snap_slot *slot)
{
	pthread_mutex_lock(&slot->lock);
	struct Nlg_snap *s = slot->cur;
	if (s)
		atomic_fetch_add(&s->refs, 1);
	pthread_mutex_unlock(&slot->lock);
	return s;
}

int Nlg_snap_publish(struct Nlg_snap_slot *slot, char *text, size_t len)
{
	if (!slot || !text) {
		free(text);
		return -EINVAL;
	}
	struct Nlg_snap *s = malloc(sizeof(*s));
	if (!s) {
		free(text);
		return -ENOMEM;
	}
	atomic_init(&s->refs, 1);
	s->text = text;
	s->len = len;
	pthread_mutex_lock(&slot->lock);
	struct Nlg_snap *old = slot->cur;
	slot->cur = s;
	pthread_mutex_unlock(&slot->lock);
	Nlg_snap_unref(old);
	return 0;
}
