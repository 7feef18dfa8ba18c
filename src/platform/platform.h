/* SPDX-License-Identifier: MIT */
/*
 * platform.h - what each platform folder (src/platform/<os>/) implements.
 *
 * A backend only reads the kernel and fills plain structs; it knows nothing
 * of rates, history or output. The build picks exactly one folder.
 */
#ifndef NLG_PLATFORM_H
#define NLG_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netledger.h"
#include "core/raw.h"

struct Nlg_platform_config {
	const char *sysfs_root;  /* "/sys" unless a test points elsewhere */
	const char *procfs_root; /* "/proc" likewise */
	enum nlg_link_source link_source;
	enum nlg_ebpf_mode ebpf;
	const char *netns;       /* sockets of: NULL/"current", "all", a NAME or PID */
	bool all_netns_links;    /* also the links of every other namespace */
	enum nlg_sampling sampling;
	uint64_t reconcile_ns;   /* 0: the default */
};

struct Nlg_platform;

/* Return: 0 and *pp on success, or a negative error code with eb set. */
int Nlg_platform_open(struct Nlg_platform **pp, const struct Nlg_platform_config *cfg,
		      struct Nlg_errbuf *eb);
void Nlg_platform_close(struct Nlg_platform *p);

/* Reads every interface and its addresses into out (cleared first).
 * Return: 0 on success or a negative error code with eb set. */
int Nlg_platform_read_links(struct Nlg_platform *p, struct Nlg_raw_links *out,
			    struct Nlg_errbuf *eb);

/*
 * Reads every TCP and UDP socket (IPv4 and IPv6) into out (cleared first),
 * then the final readings of sockets destroyed since the last call
 * (closed set), and the destroy-event state.
 * Return: 0 on success or a negative error code with eb set.
 */
int Nlg_platform_read_socks(struct Nlg_platform *p, struct Nlg_raw_socks *out,
			    struct Nlg_errbuf *eb);

/*
 * Prepares owner lookups for this sample's sockets (scanning processes only
 * as needed) and fills ops; the lookups stay valid until the next call.
 * Return: 0 on success or a negative error code with eb set.
 */
struct Nlg_owner_ops;
int Nlg_platform_owners(struct Nlg_platform *p, const struct Nlg_raw_socks *socks,
			struct Nlg_owner_ops *ops, struct Nlg_errbuf *eb);

/* Return: the link source in use. */
enum nlg_link_source Nlg_platform_link_source(const struct Nlg_platform *p);

/* Return: link events the kernel dropped so far. */
uint64_t Nlg_platform_lost_link_events(const struct Nlg_platform *p);

#endif
