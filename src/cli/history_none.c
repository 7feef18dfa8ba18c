/* SPDX-License-Identifier: MIT */
/* history_none.c - netledger history in a build without SQLite or json-c
 * (the macOS cross build): it says so in one line. */
#include "cli/cli.h"

int Nlg_cmd_history(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	Nlg_cli_error("history is not available: this netledger was built without SQLite");
	return NLG_EXIT_UNSUPPORTED;
}
