/* SPDX-License-Identifier: MIT */
/*
 * linkinfo.h - what sysfs adds to a link reading (type hints and speed),
 * cached per interface so that a sample costs no file reads unless a link
 * is new, renamed, or changed state.
 */
#ifndef NLG_LINUX_LINKINFO_H
#define NLG_LINUX_LINKINFO_H

#include <stdint.h>

#include "platform/platform.h"

struct Nlg_linkinfo_entry;

struct Nlg_linkinfo {
	const char *sysfs_root;
	struct Nlg_linkinfo_entry *v;
	size_t n, cap, cursor;
	unsigned gen;   /* entries not enriched in this generation are pruned */
};

/*
 * Fills l->type and l->speed_mbps, reading sysfs only when the cache has
 * nothing current for this link.
 * Return: 0 or -ENOMEM (then l is filled uncached).
 */
int Nlg_linkinfo_enrich(struct Nlg_linkinfo *li, struct Nlg_raw_link *l, uint16_t hwtype);

/* Drops entries of links not enriched since the last prune. */
void Nlg_linkinfo_prune(struct Nlg_linkinfo *li);

void Nlg_linkinfo_done(struct Nlg_linkinfo *li);

#endif
