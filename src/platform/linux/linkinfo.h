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

struct nlg_linkinfo_entry;

struct nlg_linkinfo {
	const char *sysfs_root;
	struct nlg_linkinfo_entry *v;
	size_t n, cap, cursor;
	unsigned gen;   /* entries not enriched in this generation are pruned */
};

/*
 * Fills l->type and l->speed_mbps, reading sysfs only when the cache has
 * nothing current for this link.
 * Return: 0 or -ENOMEM (then l is filled uncached).
 */
int nlg_linkinfo_enrich(struct nlg_linkinfo *li, struct nlg_raw_link *l, uint16_t hwtype);

/* Drops entries of links not enriched since the last prune. */
void nlg_linkinfo_prune(struct nlg_linkinfo *li);

void nlg_linkinfo_done(struct nlg_linkinfo *li);

#endif
