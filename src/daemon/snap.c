/* SPDX-License-Identifier: MIT */
/* snap.c - published texts shared between two threads by reference. */
#include <errno.h>
#include <stdlib.h>

#include "daemon/snap.h"

void nlg_snap_slot_init(struct nlg_snap_slot *s)
{
	pthread_mutex_init(&s->lock, NULL);
	s->cur = NULL;
}

void nlg_snap_slot_done(struct nlg_snap_slot *s)
{
	nlg_snap_unref(s->cur);
	s->cur = NULL;
	pthread_mutex_destroy(&s->lock);
}

void nlg_snap_unref(void *snap)
{
	struct nlg_snap *s = snap;
	if (s && atomic_fetch_sub(&s->refs, 1) == 1) {
		free(s->text);
		free(s);
	}
}

struct nlg_snap *nlg_snap_get(struct nlg_snap_slot *slot)
{
	pthread_mutex_lock(&slot->lock);
	struct nlg_snap *s = slot->cur;
	if (s)
		atomic_fetch_add(&s->refs, 1);
	pthread_mutex_unlock(&slot->lock);
	return s;
}

int nlg_snap_publish(struct nlg_snap_slot *slot, char *text, size_t len)
{
	if (!slot || !text) {
		free(text);
		return -EINVAL;
	}
	struct nlg_snap *s = malloc(sizeof(*s));
	if (!s) {
		free(text);
		return -ENOMEM;
	}
	atomic_init(&s->refs, 1);
	s->text = text;
	s->len = len;
	pthread_mutex_lock(&slot->lock);
	struct nlg_snap *old = slot->cur;
	slot->cur = s;
	pthread_mutex_unlock(&slot->lock);
	nlg_snap_unref(old);
	return 0;
}
