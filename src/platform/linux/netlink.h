/* SPDX-License-Identifier: MIT */
/*
 * netlink.h - the netlink plumbing every Linux query shares: a socket, a
 * dump with its replies checked for sequence, port id and interrupted
 * dumps, and the kernel's extended error text.
 */
#ifndef NLG_LINUX_NETLINK_H
#define NLG_LINUX_NETLINK_H

#include <stddef.h>
#include <libmnl/libmnl.h>

#include "core/error.h"

/* Large enough for the kernel to pack many links into one read. */
#define NLG_NL_BUFSIZE (64 * 1024)

struct Nlg_nl {
	struct mnl_socket *sock;
	unsigned int portid;
	unsigned int seq;
	char *buf;
};

/*
 * Opens a netlink socket on bus and joins the given multicast groups (0 for
 * none); a socket with groups is non-blocking.
 * Return: 0 on success or a negative error code with eb set.
 */
int Nlg_nl_open(struct Nlg_nl *nl, int bus, unsigned int group, struct Nlg_errbuf *eb);
void Nlg_nl_close(struct Nlg_nl *nl);

/* Joins one more multicast group. Return: 0 or a negative error code. */
int Nlg_nl_join(struct Nlg_nl *nl, unsigned int group);

/* Return: a request header for a dump of type in nl's buffer. */
struct nlmsghdr *Nlg_nl_dump_request(struct Nlg_nl *nl, uint16_t type);

/*
 * Sends req and runs cb over every reply until the dump is done.
 * Return: 0 on success, -EINTR when the kernel flagged the dump as
 * interrupted (the caller starts over), or another negative error code,
 * with the kernel's own error text in eb when it gave one.
 */
int Nlg_nl_dump(struct Nlg_nl *nl, struct nlmsghdr *req, mnl_cb_t cb, void *data,
		struct Nlg_errbuf *eb);

/*
 * Runs cb over every message waiting on a multicast socket, without blocking.
 * Return: the number of times the kernel dropped messages (ENOBUFS) or a
 * negative error code.
 */
int Nlg_nl_drain(struct Nlg_nl *nl, mnl_cb_t cb, void *data, struct Nlg_errbuf *eb);

#endif
