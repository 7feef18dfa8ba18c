/* SPDX-License-Identifier: MIT */
/*
 * sockets.c - connections on FreeBSD are not read yet: a monitor asked to
 * watch sockets gets a clear error rather than an empty, wrong list.
 */
#include <errno.h>

#include "core/raw.h"
#include "platform/platform.h"

int nlg_platform_read_socks(struct nlg_platform *p, struct nlg_raw_socks *out,
			    struct nlg_errbuf *eb)
{
	(void)p;
	(void)out;
	return nlg_fail(eb, -ENOTSUP, "connections and processes are not supported on FreeBSD yet");
}

int nlg_platform_owners(struct nlg_platform *p, const struct nlg_raw_socks *socks,
			struct nlg_owner_ops *ops, struct nlg_errbuf *eb)
{
	(void)p;
	(void)socks;
	(void)ops;
	return nlg_fail(eb, -ENOTSUP, "connections and processes are not supported on FreeBSD yet");
}
