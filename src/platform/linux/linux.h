/* SPDX-License-Identifier: MIT */
/* linux.h - the Linux backend's state, shared by its files. */
#ifndef NLG_LINUX_LINUX_H
#define NLG_LINUX_LINUX_H

#include "platform/platform.h"
#include "platform/linux/cgroup.h"
#include "platform/linux/linkinfo.h"
#include "platform/linux/netlink.h"
#include "platform/linux/procfs.h"
#include "platform/linux/sockets.h"

struct nlg_platform {
	char *procfs_root;
	enum nlg_link_source source;
	struct nlg_nl route;
	struct nlg_nl events;       /* sock unset when the group was refused */
	struct nlg_linkinfo linkinfo;
	uint64_t lost_events;
	struct nlg_socksrc socks;
	struct nlg_procfs *procfs;  /* opened with the first owner lookup */
	struct nlg_cgroups *cgroups;
	uint64_t *inodes;           /* this sample's live socket inodes */
	uint32_t *uids;             /* and their owners' uids */
	size_t inodes_cap, uids_cap;
};

/* Frees the owner-lookup state (owners.c). */
void nlg_owners_done(struct nlg_platform *p);

#endif
