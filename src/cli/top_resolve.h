/* SPDX-License-Identifier: MIT */
/* top_resolve.h - names of remote hosts, looked up by a worker thread so
 * that the view never waits for DNS; a bounded cache keeps the answers. */
#ifndef NLG_CLI_TOP_RESOLVE_H
#define NLG_CLI_TOP_RESOLVE_H

#include <stddef.h>
#include <stdint.h>

#include "netledger.h"

struct top_resolver;

/* Looks up the name of ep's address (the port is 0).
 * Return: 0 with name filled, or -1 when it has none. */
typedef int (*top_lookup_fn)(const struct nlg_endpoint *ep, char *name, size_t size);

/* Return: a resolver holding at most slots names and queueing at most
 * queue lookups, with lookup (NULL: getnameinfo), or NULL when out of
 * memory or without a thread. */
struct top_resolver *top_resolver_new(size_t slots, size_t queue, top_lookup_fn lookup);

/* Stops the worker without waiting for a lookup in progress. */
void top_resolver_free(struct top_resolver *r);

/* A top_name_fn: never blocks. Return: the known name of ep's address
 * copied into buf, or NULL (unknown yet: a lookup is queued; or none). */
const char *top_resolver_name(void *r, const struct nlg_endpoint *ep, char *buf, size_t size);

/* Return: a number that changes whenever a lookup finishes. */
uint64_t top_resolver_generation(struct top_resolver *r);

#endif
