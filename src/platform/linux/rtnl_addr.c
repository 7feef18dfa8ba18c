/* SPDX-License-Identifier: MIT */
/* rtnl_addr.c - decodes RTM_NEWADDR. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>

#include "platform/linux/rtnl.h"

struct addr_attrs {
	const struct nlattr *local, *address;
};

static int collect(const struct nlattr *attr, void *data)
{
	struct addr_attrs *aa = data;
	switch (mnl_attr_get_type(attr)) {
	case IFA_LOCAL: aa->local = attr; break;
	case IFA_ADDRESS: aa->address = attr; break;
	}
	return MNL_CB_OK;
}

int Nlg_rtnl_parse_addr(const struct nlmsghdr *nlh, struct Nlg_raw_addr *out)
{
	struct addr_attrs aa = { 0 };
	const struct ifaddrmsg *ifa;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*ifa)))
		return -EPROTO;
	ifa = mnl_nlmsg_get_payload(nlh);
	if (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6)
		return -EAFNOSUPPORT;
	size_t alen = ifa->ifa_family == AF_INET ? 4 : 16;
	if (ifa->ifa_prefixlen > alen * 8)
		return -EPROTO;
	if (mnl_attr_parse(nlh, sizeof(*ifa), collect, &aa) != MNL_CB_OK)
		return -EPROTO;
	/* On point-to-point links IFA_ADDRESS is the peer; IFA_LOCAL is ours. */
	const struct nlattr *a = aa.local ? aa.local : aa.address;
	if (!a || mnl_attr_get_payload_len(a) != alen)
		return -EPROTO;
	memset(out, 0, sizeof(*out));
	out->ifindex = (int)ifa->ifa_index;
	out->addr.family = ifa->ifa_family;
	out->addr.prefixlen = ifa->ifa_prefixlen;
	out->addr.scope = ifa->ifa_scope;
	memcpy(out->addr.addr, mnl_attr_get_payload(a), alen);
	return 0;
}
