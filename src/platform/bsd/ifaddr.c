/* SPDX-License-Identifier: MIT */
/* ifaddr.c - interface addresses from getifaddrs(), shared by the macOS
 * and FreeBSD backends. */
#include <errno.h>
#include <string.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <net/if.h>
#include <netinet/in.h>

#include "platform/bsd/ifaddr.h"

static uint8_t prefix_len(const uint8_t *mask, size_t n)
{
	uint8_t bits = 0;
	for (size_t i = 0; i < n; i++)
		for (uint8_t b = mask[i]; b & 0x80; b = (uint8_t)(b << 1))
			bits++;
	return bits;
}

/* RT_SCOPE_* numbering of the public API: 0 global, 253 link, 254 host. */
static uint8_t v6_scope(const struct in6_addr *a)
{
	if (IN6_IS_ADDR_LOOPBACK(a))
		return 254;
	if (IN6_IS_ADDR_LINKLOCAL(a))
		return 253;
	return 0;
}

void Nlg_bsd_take_addr(const struct ifaddrs *ifa, struct Nlg_raw_addr *ra)
{
	ra->ifindex = (int)if_nametoindex(ifa->ifa_name);
	if (ifa->ifa_addr->sa_family == AF_INET) {
		const struct sockaddr_in *sin = (const void *)ifa->ifa_addr;
		const struct sockaddr_in *mask = (const void *)ifa->ifa_netmask;
		ra->addr.family = AF_INET;
		memcpy(ra->addr.addr, &sin->sin_addr, 4);
		ra->addr.scope = ra->addr.addr[0] == 127 ? 254 : 0;
		if (mask)
			ra->addr.prefixlen = prefix_len((const uint8_t *)&mask->sin_addr, 4);
	} else {
		const struct sockaddr_in6 *sin6 = (const void *)ifa->ifa_addr;
		const struct sockaddr_in6 *mask = (const void *)ifa->ifa_netmask;
		ra->addr.family = AF_INET6;
		memcpy(ra->addr.addr, &sin6->sin6_addr, 16);
		/* The kernel embeds the scope in link-local addresses. */
		if (IN6_IS_ADDR_LINKLOCAL(&sin6->sin6_addr))
			ra->addr.addr[2] = ra->addr.addr[3] = 0;
		ra->addr.scope = v6_scope(&sin6->sin6_addr);
		if (mask)
			ra->addr.prefixlen = prefix_len((const uint8_t *)&mask->sin6_addr, 16);
	}
}

int Nlg_bsd_read_addrs(struct Nlg_raw_links *out)
{
	struct ifaddrs *list;

	if (getifaddrs(&list) < 0)
		return -errno;
	for (const struct ifaddrs *ifa = list; ifa; ifa = ifa->ifa_next) {
		if (!ifa->ifa_addr || (ifa->ifa_addr->sa_family != AF_INET &&
				       ifa->ifa_addr->sa_family != AF_INET6))
			continue;
		struct Nlg_raw_addr *ra = Nlg_raw_addrs_push(out);
		if (!ra) {
			freeifaddrs(list);
			return -ENOMEM;
		}
		Nlg_bsd_take_addr(ifa, ra);
	}
	freeifaddrs(list);
	out->have_addrs = true;
	return 0;
}
