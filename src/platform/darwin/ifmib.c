/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <string.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/sysctl.h>

#include "decode/darwin_if.h"
#include "decode/darwin_layout.h"
#include "platform/darwin/ifmib.h"

int nlg_dw_ifmib_counters(struct nlg_raw_link *l)
{
	int mib[6] = { CTL_NET, PF_LINK, NLG_DW_NETLINK_GENERIC, NLG_DW_IFMIB_IFDATA,
		       l->ifindex, NLG_DW_IFDATA_GENERAL };
	uint8_t buf[NLG_DW_IFMD_SIZE + 64];
	struct nlg_raw_link mib_l;
	size_t len = sizeof(buf);

	int err = 0;
	if (sysctl(mib, 6, buf, &len, NULL, 0) < 0)
		err = -errno;
	else if (nlg_dw_decode_ifmibdata(buf, len, &mib_l) < 0 || strcmp(mib_l.name, l->name) != 0)
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
