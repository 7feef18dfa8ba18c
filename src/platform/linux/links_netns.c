/* SPDX-License-Identifier: MIT */
/* links_netns.c - the links of every other network namespace, each read
 * through an rtnetlink socket opened inside it and kept. */
#include <errno.h>

#include "platform/linux/linux.h"

int nlg_links_all_netns(struct nlg_platform *p, struct nlg_raw_links *out,
			struct nlg_errbuf *eb)
{
	int err;
	if (!p->links_netns.open &&
	    (err = nlg_netns_reg_open_links(&p->links_netns, p->procfs_root, eb)) < 0)
		return err;
	if ((err = nlg_netns_reg_scan(&p->links_netns)) < 0)
		return nlg_fail(eb, err, "out of memory");
	for (size_t i = 0; i < p->links_netns.n; i++) {
		struct nlg_netns *ns = p->links_netns.v[i];
		if (ns->self || ns->err || ns->unseen)
			continue;
		/* A namespace going away meanwhile is skipped, not an error. */
		err = nlg_platform_dump_links(p, &ns->route, ns->inode, ns->name, out, eb);
		if (err == -ENOMEM)
			return err;
	}
	if (eb)
		eb->msg[0] = '\0';
	return 0;
}
