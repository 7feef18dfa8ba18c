/* SPDX-License-Identifier: MIT */
/*
 * ifaddr.h - interface addresses from getifaddrs(), as macOS and FreeBSD
 * both give them (portable: built on every platform).
 */
#ifndef NLG_PLATFORM_BSD_IFADDR_H
#define NLG_PLATFORM_BSD_IFADDR_H

#include <ifaddrs.h>

#include "core/raw.h"

/* Fills ra from an AF_INET or AF_INET6 entry: the address without the
 * scope the kernel embeds in link-local ones, its scope and prefix. */
void Nlg_bsd_take_addr(const struct ifaddrs *ifa, struct Nlg_raw_addr *ra);

/* Appends every IPv4 and IPv6 address to out.
 * Return: 0 on success or a negative errno. */
int Nlg_bsd_read_addrs(struct Nlg_raw_links *out);

#endif
