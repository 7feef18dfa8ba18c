/* SPDX-License-Identifier: MIT */
/*
 * fallback.c - interfaces from /proc/net/dev and sysfs, for a process that
 * may not open netlink sockets (some sandboxes). Addresses and driver kinds
 * are not available this way.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/if.h>

#include "platform/linux/fallback.h"
#include "platform/linux/procnetdev.h"
#include "platform/linux/readfile.h"
#include "platform/linux/sysfs.h"

/* /proc/net/dev of a host with a million links stays under this. */
#define PROCNETDEV_MAX (64u << 20)

static long sysfs_long(const char *root, const char *name, const char *attr, int base,
		       long dflt)
{
	char buf[64], *end;
	if (Nlg_sysfs_read(root, name, attr, buf, sizeof(buf)) <= 0)
		return dflt;
	long v = strtol(buf, &end, base);
	return end == buf ? dflt : v;
}

static enum nlg_oper_state parse_oper(const char *s)
{
	static const char *const names[] = { "unknown", "notpresent", "down",
					     "lowerlayerdown", "testing", "dormant", "up" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i]) == 0)
			return (enum nlg_oper_state)i;
	return NLG_OPER_UNKNOWN;
}

static void parse_mac(struct Nlg_raw_link *l, const char *s)
{
	unsigned byte;
	int used;
	while (l->mac_len < NLG_MAC_MAX && sscanf(s, "%2x%n", &byte, &used) == 1) {
		l->mac[l->mac_len++] = (uint8_t)byte;
		s += used;
		if (*s != ':')
			break;
		s++;
	}
}

static void add_sysfs_facts(struct Nlg_raw_link *l, const char *root, int synthetic)
{
	char buf[128];
	l->ifindex = (int)sysfs_long(root, l->name, "ifindex", 10, synthetic);
	l->mtu = (uint32_t)sysfs_long(root, l->name, "mtu", 10, 0);
	unsigned kflags = (unsigned)sysfs_long(root, l->name, "flags", 16, 0);
	static const struct { unsigned k, n; } map[] = {
		{ IFF_UP, NLG_IFF_UP }, { IFF_RUNNING, NLG_IFF_RUNNING },
		{ IFF_LOOPBACK, NLG_IFF_LOOPBACK }, { IFF_BROADCAST, NLG_IFF_BROADCAST },
		{ IFF_MULTICAST, NLG_IFF_MULTICAST }, { IFF_POINTOPOINT, NLG_IFF_POINTOPOINT },
		{ IFF_PROMISC, NLG_IFF_PROMISC }, { IFF_NOARP, NLG_IFF_NOARP },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (kflags & map[i].k)
			l->flags |= map[i].n;
	if (Nlg_sysfs_read(root, l->name, "operstate", buf, sizeof(buf)) > 0)
		l->oper = parse_oper(buf);
	if (l->oper == NLG_OPER_UP)
		l->flags |= NLG_IFF_LOWER_UP;
	if (Nlg_sysfs_read(root, l->name, "address", buf, sizeof(buf)) > 0)
		parse_mac(l, buf);
}

int Nlg_fallback_read(const char *procfs_root, struct Nlg_linkinfo *li,
		      struct Nlg_raw_links *out, struct Nlg_errbuf *eb)
{
	char path[PATH_MAX];
	size_t len = 0;

	snprintf(path, sizeof(path), "%s/net/dev", procfs_root);
	int err;
	char *text = Nlg_read_alloc_at(AT_FDCWD, path, PROCNETDEV_MAX, &len, &err);
	if (!text)
		return Nlg_fail(eb, err, "cannot read %s: %s", path, strerror(-err));
	err = Nlg_procnetdev_parse(text, len, out);
	free(text);
	if (err < 0)
		return Nlg_fail(eb, err, "%s: %s", path,
				err == -ENOMEM ? "out of memory" : "unexpected format");
	for (size_t i = 0; i < out->nlinks; i++) {
		struct Nlg_raw_link *l = &out->links[i];
		add_sysfs_facts(l, li->sysfs_root, -(int)(i + 1));
		long hw = sysfs_long(li->sysfs_root, l->name, "type", 10, 0xffff);
		Nlg_linkinfo_enrich(li, l, (uint16_t)hw);
	}
	Nlg_linkinfo_prune(li);
	return 0;
}
