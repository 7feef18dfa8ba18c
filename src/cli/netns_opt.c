/* SPDX-License-Identifier: MIT */
/*
 * netns_opt.c - the --netns of this run: set by the option table
 * (opts.c), read by the socket view (sockview.c). Kept apart so that
 * neither of them calls the other.
 */
#include <unistd.h>

#include "cli/cli.h"
#include "cli/sockview.h"

/* The --netns of this run (a program's own setting); NULL: the default. */
static const char *netns_arg;

int Nlg_opt_netns(const char *arg)
{
	if (!arg[0]) {
		Nlg_cli_error("invalid --netns '' (all, current, a NAME or a PID)");
		return -1;
	}
	netns_arg = arg;
	return 0;
}

const char *Nlg_sockview_netns(void)
{
	/* Only root can enter other namespaces: everything it can see, by
	 * default; anyone else sees their own. */
	return netns_arg ? netns_arg : geteuid() == 0 ? "all" : "current";
}
