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

struct Nlg_platform {
	char *procfs_root;
	enum nlg_link_source source;
	struct Nlg_nl route;
	struct Nlg_nl events;       /* sock unset when the group was refused */
	struct Nlg_linkinfo linkinfo;
	uint64_t lost_events;
	char *netns_spec;           /* whose sockets: see Nlg_netns_resolve() */
	struct Nlg_netns_reg netns; /* opened with the first socket read */
	char fwd_path[2][512];      /* the snmp files of the links' namespace */
	bool all_links;             /* links of every namespace too */
	struct Nlg_netns_reg links_netns;  /* their rtnetlink sockets */
	struct Nlg_procfs *procfs;  /* opened with the first owner lookup */
	struct Nlg_cgroups *cgroups;
	uint64_t *inodes;           /* this sample's live socket inodes */
	uint32_t *uids;             /* and their owners' uids */
	size_t inodes_cap, uids_cap;
	enum nlg_ebpf_mode ebpf_mode;
	struct Nlg_ebpf *ebpf;      /* NULL when off or refused */
	char ebpf_status[256];      /* why it does not run */
	struct Nlg_sockjoin join;
	enum nlg_sampling sampling;
	struct Nlg_sockinc inc;     /* incremental samples, with the counter */
	struct Nlg_wifisrc wifi;    /* opened with the first wireless link */
	uint64_t fetch_overflow;    /* the table's overflow count at the last fetch */
};

/* The eBPF socket counter (ebpf_source.c). Opening fails only in
 * NLG_EBPF_ON mode; otherwise a refusal is kept as its status. Reading
 * joins its counts to out. Return: 0 or a negative error code, eb set. */
int Nlg_ebpf_source_open(struct Nlg_platform *p, struct Nlg_errbuf *eb);
int Nlg_ebpf_source_read(struct Nlg_platform *p, struct Nlg_raw_socks *out,
			 struct Nlg_errbuf *eb);
/* Reads the counter's table before the dumps, to tell which namespaces
 * are idle. Return: as above. */
int Nlg_ebpf_source_fetch(struct Nlg_platform *p, struct Nlg_errbuf *eb);
void Nlg_ebpf_source_done(struct Nlg_platform *p);

/* Incremental samples (sockinc.c, sockrecon.c), with the counter's
 * notices. read: one sample, full or incremental, into out; step: reads
 * the noticed sockets and appends the closures to closed; output: the
 * view and closed into out; take_notices: the waiting notices, to read at
 * the next step. Return: 0 or a negative error code (eb set where given). */
int Nlg_sockinc_read(struct Nlg_platform *p, struct Nlg_raw_socks *out, struct Nlg_errbuf *eb);
int Nlg_sockinc_step(struct Nlg_platform *p, struct Nlg_raw_socks *closed, struct Nlg_errbuf *eb);
int Nlg_sockinc_output(struct Nlg_platform *p, struct Nlg_raw_socks *out,
		       const struct Nlg_raw_socks *closed);
int Nlg_sockinc_take_notices(struct Nlg_platform *p);
/* Return: destroy events the kernel dropped, in every namespace, so far. */
uint64_t Nlg_sockinc_lost_events(const struct Nlg_platform *p);
/* Every namespace's dump and destroy events, joined to the counter's
 * table (platform.c). Return: 0 or a negative error code with eb set. */
int Nlg_platform_full_socks(struct Nlg_platform *p, struct Nlg_raw_socks *out,
			    struct Nlg_errbuf *eb);
/* Frees the owner-lookup state (owners.c). */
void Nlg_owners_done(struct Nlg_platform *p);

#endif
