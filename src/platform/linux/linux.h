/* SPDX-License-Identifier: MIT */
/* linux.h - the Linux backend's state, shared by its files. */
#ifndef NLG_LINUX_LINUX_H
#define NLG_LINUX_LINUX_H

#include "platform/platform.h"
#include "platform/linux/cgroup.h"
#include "platform/linux/ebpf.h"
#include "platform/linux/linkinfo.h"
#include "platform/linux/netlink.h"
#include "platform/linux/netns.h"
#include "platform/linux/procfs.h"
#include "platform/linux/sockets.h"
#include "platform/linux/sockinc.h"
#include "platform/linux/sockjoin.h"
#include "platform/linux/wifi.h"

struct nlg_platform {
	char *procfs_root;
	enum nlg_link_source source;
	struct nlg_nl route;
	struct nlg_nl events;       /* sock unset when the group was refused */
	struct nlg_linkinfo linkinfo;
	uint64_t lost_events;
	char *netns_spec;           /* whose sockets: see nlg_netns_resolve() */
	struct nlg_netns_reg netns; /* opened with the first socket read */
	char fwd_path[2][512];      /* the snmp files of the links' namespace */
	bool all_links;             /* links of every namespace too */
	struct nlg_netns_reg links_netns;  /* their rtnetlink sockets */
	struct nlg_procfs *procfs;  /* opened with the first owner lookup */
	struct nlg_cgroups *cgroups;
	uint64_t *inodes;           /* this sample's live socket inodes */
	uint32_t *uids;             /* and their owners' uids */
	size_t inodes_cap, uids_cap;
	enum nlg_ebpf_mode ebpf_mode;
	struct nlg_ebpf *ebpf;      /* NULL when off or refused */
	char ebpf_status[256];      /* why it does not run */
	struct nlg_sockjoin join;
	enum nlg_sampling sampling;
	struct nlg_sockinc inc;     /* incremental samples, with the counter */
	struct nlg_wifisrc wifi;    /* opened with the first wireless link */
	uint64_t fetch_overflow;    /* the table's overflow count at the last fetch */
};

/* The eBPF socket counter (ebpf_source.c). Opening fails only in
 * NLG_EBPF_ON mode; otherwise a refusal is kept as its status. Reading
 * joins its counts to out. Return: 0 or a negative error code, eb set. */
int nlg_ebpf_source_open(struct nlg_platform *p, struct nlg_errbuf *eb);
int nlg_ebpf_source_read(struct nlg_platform *p, struct nlg_raw_socks *out,
			 struct nlg_errbuf *eb);
/* Reads the counter's table before the dumps, to tell which namespaces
 * are idle. Return: as above. */
int nlg_ebpf_source_fetch(struct nlg_platform *p, struct nlg_errbuf *eb);
void nlg_ebpf_source_done(struct nlg_platform *p);

/* Incremental samples (sockinc.c, sockrecon.c), with the counter's
 * notices. read: one sample, full or incremental, into out; step: reads
 * the noticed sockets and appends the closures to closed; output: the
 * view and closed into out; take_notices: the waiting notices, to read at
 * the next step. Return: 0 or a negative error code (eb set where given). */
int nlg_sockinc_read(struct nlg_platform *p, struct nlg_raw_socks *out, struct nlg_errbuf *eb);
int nlg_sockinc_step(struct nlg_platform *p, struct nlg_raw_socks *closed, struct nlg_errbuf *eb);
int nlg_sockinc_output(struct nlg_platform *p, struct nlg_raw_socks *out,
		       const struct nlg_raw_socks *closed);
int nlg_sockinc_take_notices(struct nlg_platform *p);
/* Return: destroy events the kernel dropped, in every namespace, so far. */
uint64_t nlg_sockinc_lost_events(const struct nlg_platform *p);
/* Every namespace's dump and destroy events, joined to the counter's
 * table (platform.c). Return: 0 or a negative error code with eb set. */
int nlg_platform_full_socks(struct nlg_platform *p, struct nlg_raw_socks *out,
			    struct nlg_errbuf *eb);
/* Frees the owner-lookup state (owners.c). */
void nlg_owners_done(struct nlg_platform *p);

#endif
