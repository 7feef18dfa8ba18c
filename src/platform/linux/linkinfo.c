/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/if_arp.h>

#include "core/array.h"
#include "platform/linux/classify.h"
#include "platform/linux/linkinfo.h"
#include "platform/linux/sysfs.h"

struct Nlg_linkinfo_entry {
	int ifindex;
	char name[NLG_NAME_MAX];
	unsigned hints;
	unsigned flags;
	enum nlg_oper_state oper;
	uint64_t speed_mbps;
	unsigned gen;
};

/* Dumps come in the same order every time, so searching from just past
 * the last hit makes a whole sample linear. */
static struct Nlg_linkinfo_entry *find(struct Nlg_linkinfo *li, int ifindex)
{
	for (size_t k = 0; k < li->n; k++) {
		size_t i = (li->cursor + k) % li->n;
		if (li->v[i].ifindex == ifindex) {
			li->cursor = i + 1;
			return &li->v[i];
		}
	}
	return NULL;
}

static struct Nlg_linkinfo_entry *add(struct Nlg_linkinfo *li)
{
	if (Nlg_array_reserve(&li->v, &li->cap, li->n + 1, sizeof(*li->v), 32) < 0)
		return NULL;
	return &li->v[li->n++];
}

/* Software links (those with a kind) and loopback need no hints, and the
 * speed their drivers report is made up (veth says 10 Gb/s): sysfs is
 * read only for the links that may be hardware. */
static bool needs_sysfs(const struct Nlg_raw_link *l, uint16_t hwtype)
{
	return !l->kind[0] && hwtype != ARPHRD_LOOPBACK;
}

static void fill(struct Nlg_linkinfo *li, struct Nlg_linkinfo_entry *e,
		 const struct Nlg_raw_link *l, uint16_t hwtype, bool renamed)
{
	bool hw = needs_sysfs(l, hwtype);
	if (renamed)
		e->hints = hw ? Nlg_sysfs_hints(li->sysfs_root, l->name) : 0;
	/* Speed is renegotiated with the carrier, which changes state. */
	e->speed_mbps = hw ? Nlg_sysfs_speed(li->sysfs_root, l->name) : 0;
	e->ifindex = l->ifindex;
	memcpy(e->name, l->name, sizeof(e->name));
	e->flags = l->flags;
	e->oper = l->oper;
}

int Nlg_linkinfo_enrich(struct Nlg_linkinfo *li, struct Nlg_raw_link *l, uint16_t hwtype)
{
	struct Nlg_linkinfo_entry tmp, *e = find(li, l->ifindex);
	int err = 0;

	if (!e) {
		e = add(li);
		if (!e) {
			e = &tmp;
			err = -ENOMEM;
		}
		fill(li, e, l, hwtype, true);
	} else if (strcmp(e->name, l->name) != 0) {
		fill(li, e, l, hwtype, true);
	} else if (e->flags != l->flags || e->oper != l->oper) {
		fill(li, e, l, hwtype, false);
	}
	e->gen = li->gen;
	l->type = Nlg_linux_classify(hwtype, l->kind, e->hints);
	l->speed_mbps = e->speed_mbps;
	return err;
}

void Nlg_linkinfo_prune(struct Nlg_linkinfo *li)
{
	size_t k = 0;
	for (size_t i = 0; i < li->n; i++)
		if (li->v[i].gen == li->gen)
			li->v[k++] = li->v[i];
	li->n = k;
	li->cursor = 0;
	li->gen++;
}

void Nlg_linkinfo_done(struct Nlg_linkinfo *li)
{
	free(li->v);
	li->v = NULL;
	li->n = li->cap = 0;
}
