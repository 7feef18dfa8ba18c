/* SPDX-License-Identifier: MIT */
/* runcg_none.c - platforms without cgroups: a command is accounted by
 * its process tree only, and its processes' parents are not read here
 * yet either. */
#include <errno.h>

#include "platform/runcg.h"

int Nlg_runcg_create(struct Nlg_runcg **out, const char *procfs_root, struct Nlg_errbuf *eb)
{
	(void)procfs_root;
	*out = NULL;
	return Nlg_fail(eb, -ENOTSUP, "this system has no cgroups");
}

int Nlg_runcg_open(struct Nlg_runcg **out, const char *procfs_root, const char *path,
		   struct Nlg_errbuf *eb)
{
	(void)path;
	return Nlg_runcg_create(out, procfs_root, eb);
}

const char *Nlg_runcg_path(const struct Nlg_runcg *cg)
{
	(void)cg;
	return "";
}

int Nlg_runcg_add(struct Nlg_runcg *cg, int pid)
{
	(void)cg, (void)pid;
	return -ENOTSUP;
}

int Nlg_runcg_ids(struct Nlg_runcg *cg, const uint64_t **ids)
{
	(void)cg;
	*ids = NULL;
	return -ENOTSUP;
}

int Nlg_runcg_populated(struct Nlg_runcg *cg)
{
	(void)cg;
	return -ENOTSUP;
}

int Nlg_runcg_remove(struct Nlg_runcg *cg, int *moved, struct Nlg_errbuf *eb)
{
	(void)cg, (void)eb;
	*moved = 0;
	return 0;
}

void Nlg_runcg_free(struct Nlg_runcg *cg)
{
	(void)cg;
}

int Nlg_runcg_ppid(const char *procfs_root, int pid)
{
	(void)procfs_root, (void)pid;
	return -ENOTSUP;
}
