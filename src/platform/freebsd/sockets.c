/* SPDX-License-Identifier: MIT */
/*
 * sockets.c - connections on FreeBSD are not read yet: a monitor asked to
 * watch sockets gets a clear error rather than an empty, wrong list.
 */
#include <errno.h>

#include "core/raw.h"
#include "platform/platform.h"

int Nlg_platform_read_socks(struct Nlg_platform *p, struct Nlg_raw_socks *out,
			    struct Nlg_errbuf *eb)
{
	(void)p;
	(void)out;
	return Nlg_fail(eb, -ENOTSUP, "connections and processes are not supported on FreeBSD yet");
}

int Nlg_platform_owners(struct Nlg_platform *p, const struct Nlg_raw_socks *socks,
			struct Nlg_owner_ops *ops, struct Nlg_errbuf *eb)
{
	(void)p;
	(void)socks;
	(void)ops;
	return Nlg_fail(eb, -ENOTSUP, "connections and processes are not supported on FreeBSD yet");
}
