/* SPDX-License-Identifier: MIT */
/* top_resolve.c - reverse DNS for netledger top in a worker thread.
 * The cache is direct-mapped (an address has one slot, a newer address
 * takes it over), so its size is fixed; the queue of lookups is bounded
 * too, and an address that finds it full is asked for again later.
 * The worker may sit in a slow lookup when the view quits: the view does
 * not wait for it; whichever side lets go last frees the state. */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cli/top_model.h"
#include "cli/top_resolve.h"

enum slot_state { SLOT_EMPTY = 0, SLOT_PENDING, SLOT_DONE };

struct slot {
	enum slot_state state;
	struct nlg_endpoint addr;
	char name[TOP_NAME_MAX];   /* "" after a failed lookup */
};

struct top_resolver {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct slot *slots;
	size_t nslots;
	struct nlg_endpoint *queue;
	size_t qcap, qhead, qlen;
	top_lookup_fn lookup;
	uint64_t generation;
	int refs;                  /* the view and the worker */
	bool stop;
};

static int lookup_dns(const struct nlg_endpoint *ep, char *name, size_t size)
{
	struct sockaddr_storage ss = { 0 };
	socklen_t len;
	if (ep->family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
		s6->sin6_family = AF_INET6;
		memcpy(&s6->sin6_addr, ep->addr, 16);
		len = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
		s4->sin_family = AF_INET;
		memcpy(&s4->sin_addr, ep->addr, 4);
		len = sizeof(*s4);
	}
	return getnameinfo((struct sockaddr *)&ss, len, name, (socklen_t)size, NULL, 0,
			   NI_NAMEREQD) == 0 ? 0 : -1;
}

static void release(struct top_resolver *r)
{
	pthread_mutex_lock(&r->lock);
	bool last = --r->refs == 0;
	pthread_mutex_unlock(&r->lock);
	if (!last)
		return;
	pthread_cond_destroy(&r->wake);
	pthread_mutex_destroy(&r->lock);
	free(r->slots);
	free(r->queue);
	free(r);
}

static bool same_addr(const struct nlg_endpoint *a, const struct nlg_endpoint *b)
{
	return a->family == b->family && !memcmp(a->addr, b->addr, sizeof(a->addr));
}

static struct slot *slot_of(struct top_resolver *r, const struct nlg_endpoint *ep)
{
	return &r->slots[top_host_key(ep) % r->nslots];
}

static void store(struct top_resolver *r, const struct nlg_endpoint *ep, const char *name, int err)
{
	struct slot *s = slot_of(r, ep);
	if (s->state != SLOT_PENDING || !same_addr(&s->addr, ep))
		return; /* the slot went to another address meanwhile */
	snprintf(s->name, sizeof(s->name), "%s", err ? "" : name);
	s->state = SLOT_DONE;
	r->generation++;
}

static void *worker(void *arg)
{
	struct top_resolver *r = arg;
	pthread_mutex_lock(&r->lock);
	for (;;) {
		while (!r->qlen && !r->stop)
			pthread_cond_wait(&r->wake, &r->lock);
		if (r->stop)
			break;
		struct nlg_endpoint ep = r->queue[r->qhead];
		r->qhead = (r->qhead + 1) % r->qcap;
		r->qlen--;
		pthread_mutex_unlock(&r->lock);
		char name[TOP_NAME_MAX];
		int err = r->lookup(&ep, name, sizeof(name));
		pthread_mutex_lock(&r->lock);
		store(r, &ep, name, err);
	}
	pthread_mutex_unlock(&r->lock);
	release(r);
	return NULL;
}

static int start_worker(struct top_resolver *r)
{
	pthread_attr_t attr;
	pthread_t t;
	if (pthread_attr_init(&attr))
		return -1;
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	int err = pthread_create(&t, &attr, worker, r);
	pthread_attr_destroy(&attr);
	return err ? -1 : 0;
}

struct top_resolver *top_resolver_new(size_t slots, size_t queue, top_lookup_fn lookup)
{
	struct top_resolver *r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->nslots = slots ? slots : 1;
	r->qcap = queue ? queue : 1;
	r->slots = calloc(r->nslots, sizeof(*r->slots));
	r->queue = calloc(r->qcap, sizeof(*r->queue));
	r->lookup = lookup ? lookup : lookup_dns;
	r->refs = 2;
	if (!r->slots || !r->queue || pthread_mutex_init(&r->lock, NULL)) {
		free(r->slots);
		free(r->queue);
		free(r);
		return NULL;
	}
	pthread_cond_init(&r->wake, NULL);
	if (start_worker(r) < 0) {
		r->refs = 1;
		release(r);
		return NULL;
	}
	return r;
}

void top_resolver_free(struct top_resolver *r)
{
	if (!r)
		return;
	pthread_mutex_lock(&r->lock);
	r->stop = true;
	pthread_cond_signal(&r->wake);
	pthread_mutex_unlock(&r->lock);
	release(r);
}

/* Queues ep unless the queue is full. Return: true when queued. */
static bool enqueue(struct top_resolver *r, const struct nlg_endpoint *ep)
{
	if (r->qlen == r->qcap)
		return false;
	r->queue[(r->qhead + r->qlen) % r->qcap] = *ep;
	r->qlen++;
	pthread_cond_signal(&r->wake);
	return true;
}

const char *top_resolver_name(void *ctx, const struct nlg_endpoint *ep, char *buf, size_t size)
{
	struct top_resolver *r = ctx;
	struct nlg_endpoint key = { .family = ep->family };
	const char *found = NULL;
	memcpy(key.addr, ep->addr, sizeof(key.addr));
	pthread_mutex_lock(&r->lock);
	struct slot *s = slot_of(r, &key);
	if (s->state != SLOT_EMPTY && same_addr(&s->addr, &key)) {
		if (s->state == SLOT_DONE && s->name[0]) {
			snprintf(buf, size, "%s", s->name);
			found = buf;
		}
	} else if (enqueue(r, &key)) {
		*s = (struct slot){ .state = SLOT_PENDING, .addr = key };
	}
	pthread_mutex_unlock(&r->lock);
	return found;
}

uint64_t top_resolver_generation(struct top_resolver *r)
{
	pthread_mutex_lock(&r->lock);
	uint64_t g = r->generation;
	pthread_mutex_unlock(&r->lock);
	return g;
}
