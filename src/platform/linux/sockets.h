/* SPDX-License-Identifier: MIT */
/*
 * sockets.h - TCP and UDP sockets from NETLINK_SOCK_DIAG dumps, and the
 * final counts of closed sockets from its destroy groups.
 */
#ifndef NLG_LINUX_SOCKETS_H
#define NLG_LINUX_SOCKETS_H

#include "platform/linux/netlink.h"
#include "platform/platform.h"

struct Nlg_socksrc {
	struct Nlg_nl diag;
	struct Nlg_nl destroy;   /* sock unset without CAP_NET_ADMIN */
	uint64_t lost;
	bool open;
};

/* Return: 0 on success or a negative error code with eb set. */
int Nlg_socksrc_open(struct Nlg_socksrc *s, struct Nlg_errbuf *eb);
void Nlg_socksrc_close(struct Nlg_socksrc *s);

/* Appends every TCP and UDP socket of the namespace of s to out, marked
 * as of the namespace netns. Return: 0 or a negative error code, eb set. */
int Nlg_socksrc_dump(struct Nlg_socksrc *s, struct Nlg_raw_socks *out, uint64_t netns,
		     struct Nlg_errbuf *eb);
/* Appends the final readings of sockets destroyed since the last call.
 * Return: 0 or -ENOMEM with eb set. */
int Nlg_socksrc_drain(struct Nlg_socksrc *s, struct Nlg_raw_socks *out, uint64_t netns,
		      struct Nlg_errbuf *eb);

/* Appends the reading of the one socket whose endpoints, protocol, family
 * and cookie key gives. Return: 0, -ENOENT when it is gone, or -errno. */
int Nlg_socksrc_get(struct Nlg_socksrc *s, const struct Nlg_raw_sock *key,
		    struct Nlg_raw_socks *out);

#endif
