/* SPDX-License-Identifier: MIT */
/* runcg_none.c - platforms without cgroups: a command is accounted by
 * its process tree only, and its processes' parents are not read here
 * yet either. */
#include <errno.h>

#include "platform/runcg.h"

int nlg_runcg_create(struct nlg_runcg **out, const char *procfs_root, struct nlg_errbuf *eb)
{
	(void)procfs_root;
	*out = NULL;
	return nlg_fail(eb, -ENOTSUP, "this system has no cgroups");
}

int nlg_runcg_open(struct nlg_runcg **out, const char *procfs_root, const char *path,
		   struct nlg_errbuf *eb)
{
	(void)path;
	return nlg_runcg_create(out, procfs_root, eb);
}

const char *nlg_runcg_path(const struct nlg_runcg *cg)
{
	(void)cg;
	return "";
}

int nlg_runcg_add(struct nlg_runcg *cg, int pid)
{
	(void)cg, (void)pid;
	return -ENOTSUP;
}

int nlg_runcg_ids(struct nlg_runcg *cg, const uint64_t **ids)
{
	(void)cg;
	*ids = NULL;
	return -ENOTSUP;
}

int nlg_runcg_populated(struct nlg_runcg *cg)
{
	(void)cg;
	return -ENOTSUP;
}

int nlg_runcg_remove(struct nlg_runcg *cg, int *moved, struct nlg_errbuf *eb)
{
	(void)cg, (void)eb;
	*moved = 0;
	return 0;
}

void nlg_runcg_free(struct nlg_runcg *cg)
{
	(void)cg;
}

int nlg_runcg_ppid(const char *procfs_root, int pid)
{
	(void)procfs_root, (void)pid;
	return -ENOTSUP;
}
