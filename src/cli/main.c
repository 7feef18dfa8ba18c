/* SPDX-License-Identifier: MIT */
/* main.c - netledger: dispatches to one subcommand. */
#include <stdio.h>
#include <string.h>

#include "netledger.h"
#include "cli/cli.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "ifaces", Nlg_cmd_ifaces, "network interfaces, their counters and rates" },
	{ "conns", Nlg_cmd_conns, "TCP and UDP sockets with their process and bytes" },
	{ "apps", Nlg_cmd_apps, "traffic per app, process, cgroup or user" },
	{ "watch", Nlg_cmd_watch, "connection events: added, counts, removed" },
	{ "history", Nlg_cmd_history, "traffic recorded by netledgerd, by minute to month" },
	{ "top", Nlg_cmd_top, "live full-screen view of apps, processes, connections, hosts" },
	{ "run", Nlg_cmd_run, "run a command; the exact network cost of it and its children" },
};

static void usage(FILE *f)
{
	fputs("Usage: netledger COMMAND [OPTIONS]\n\nCommands:\n", f);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("\nRun 'netledger COMMAND --help' for a command's options.\n"
	      "Options: -h, --help  this text;  -V, --version  the version.\n"
	      "Exit status: 0 success, 1 runtime error, 2 usage error.\n", f);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return NLG_EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
		usage(stdout);
		return NLG_EXIT_OK;
	}
	if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) {
		printf("netledger %s\n", nlg_version());
		return NLG_EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(cmd, commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	Nlg_cli_error("unknown command '%s' (try 'netledger --help')", cmd);
	return NLG_EXIT_USAGE;
}
