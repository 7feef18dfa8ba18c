/* SPDX-License-Identifier: MIT */
/* ledger_netns.c - the network namespaces of a ledger's connections:
 * their names, kept by inode for as long as the ledger lives (a namespace
 * keeps its name while its connections are shown), and which one is home. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/ledger.h"

static int set_name(struct Nlg_ledger *lg, uint64_t inode, const char *name)
{
	const uint64_t *slot = Nlg_u64map_get(&lg->netns_names, inode);
	char *old = slot ? (char *)(uintptr_t)*slot : NULL;
	if (old && !strcmp(old, name))
		return 0;
	char *copy = strdup(name);
	if (!copy || Nlg_u64map_put(&lg->netns_names, inode, (uint64_t)(uintptr_t)copy) < 0) {
		free(copy);
		return -ENOMEM;
	}
	/* Connections point at the old name until this apply is over: it
	 * is freed with the next rename, or with the ledger. */
	uint64_t older;
	if (Nlg_u64map_del(&lg->netns_names, ~inode, &older))
		free((char *)(uintptr_t)older);
	/* Without room to keep it, the old name is left allocated rather
	 * than freed under a connection. */
	if (old && Nlg_u64map_put(&lg->netns_names, ~inode, (uint64_t)(uintptr_t)old) < 0)
		return -ENOMEM;
	return 0;
}

int Nlg_ledger_netns(struct Nlg_ledger *lg, const struct Nlg_raw_socks *rs)
{
	lg->home_netns = 0;
	lg->nnetns = rs->nns;
	for (size_t i = 0; i < rs->nns; i++) {
		const struct Nlg_raw_netns *ns = &rs->ns[i];
		if (ns->self)
			lg->home_netns = ns->inode;
		if (ns->name[0] && set_name(lg, ns->inode, ns->name) < 0)
			return -ENOMEM;
	}
	return 0;
}

const char *Nlg_ledger_netns_name(const struct Nlg_ledger *lg, uint64_t inode)
{
	const uint64_t *v = inode ? Nlg_u64map_get(&lg->netns_names, inode) : NULL;
	return v ? (const char *)(uintptr_t)*v : "";
}

const char *Nlg_ledger_netns_of(struct Nlg_ledger *lg, const struct nlg_conn *c)
{
	const char *name = Nlg_ledger_netns_name(lg, c->last.netns);
	/* A namespace without an ip netns name is a container's when a
	 * container's process has a socket there: the first one names it
	 * (the containers of a pod share one). */
	if (name[0] || !c->last.netns || !c->app || c->app->kind != NLG_APP_CONTAINER ||
	    c->last.netns == lg->home_netns || set_name(lg, c->last.netns, c->app->name) < 0)
		return name;
	return Nlg_ledger_netns_name(lg, c->last.netns);
}

static bool drop(uint64_t key, uint64_t *val, void *ctx)
{
	(void)key, (void)ctx;
	free((char *)(uintptr_t)*val);
	return false;
}

void Nlg_ledger_netns_done(struct Nlg_ledger *lg)
{
	Nlg_u64map_filter(&lg->netns_names, drop, NULL);
	Nlg_u64map_done(&lg->netns_names);
}
