/* SPDX-License-Identifier: MIT */
/* top_none.c - netledger top in a build without curses (the macOS cross
 * build): it says so in one line. */
#include "cli/cli.h"

int Nlg_cmd_top(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	Nlg_cli_error("top is not available: this netledger was built without curses");
	return NLG_EXIT_UNSUPPORTED;
}
