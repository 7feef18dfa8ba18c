/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <string.h>

#include "decode/darwin_if.h"
#include "decode/darwin_layout.h"
#include "platform/darwin/ifmib.h"

int Nlg_dw_ifmib_counters(const struct Nlg_dw_kops *ops, struct Nlg_raw_link *l)
{
	int mib[6] = { NLG_DW_CTL_NET, NLG_DW_PF_LINK, NLG_DW_NETLINK_GENERIC,
		       NLG_DW_IFMIB_IFDATA, l->ifindex, NLG_DW_IFDATA_GENERAL };
	uint8_t buf[NLG_DW_IFMD_SIZE + 64];
	struct Nlg_raw_link mib_l;
	size_t len = sizeof(buf);

	int err = ops->sysctl(ops->ctx, mib, 6, buf, &len);
	if (err == 0 && (Nlg_dw_decode_ifmibdata(buf, len, &mib_l) < 0 ||
			 strcmp(mib_l.name, l->name) != 0))
		err = -EPROTO; /* or renamed in between: keep the list's reading */
	if (err < 0) {
		l->counter_width = 32; /* what a third-party reader gets here */
		return err;
	}
	l->counter_width = 64;
	l->counter_mask = mib_l.counter_mask;
	memcpy(l->counters, mib_l.counters, sizeof(l->counters));
	return 0;
}

int Nlg_dw_read_iflist(const struct Nlg_dw_kops *ops, struct Nlg_dw_buf *iflist,
		       struct Nlg_raw_links *out, struct Nlg_errbuf *eb)
{
	int mib[6] = { NLG_DW_CTL_NET, NLG_DW_PF_ROUTE, 0, 0, NLG_DW_NET_RT_IFLIST2, 0 };
	size_t first = out->nlinks;
	int err = Nlg_dw_sysctl_read(ops, mib, 6, iflist);
	if (err < 0)
		return Nlg_fail(eb, err, "sysctl NET_RT_IFLIST2: %s", strerror(-err));
	err = Nlg_dw_decode_iflist2(iflist->p, iflist->len, out);
	if (err == -EPROTO)
		return Nlg_fail(eb, err, "malformed NET_RT_IFLIST2 routing message");
	if (err < 0)
		return Nlg_fail(eb, err, "out of memory");
	/* Without IFMIB_IFDATA a counter keeps the truncated reading, which
	 * the accumulator then treats as 32 bits wide. */
	for (size_t i = first; i < out->nlinks; i++)
		Nlg_dw_ifmib_counters(ops, &out->links[i]);
	return 0;
}
