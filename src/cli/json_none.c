/* SPDX-License-Identifier: MIT */
/*
 * json_none.c - the --json seam of a build without json-c (the macOS
 * cross build): every JSON request is answered with one line.
 */
#include "cli/cli.h"
#include "cli/json_out.h"

static int refuse(void)
{
	Nlg_cli_error("--json is not available: this netledger was built without json-c");
	return -1;
}

int Nlg_cli_json_usable(void)
{
	return refuse();
}

int Nlg_cli_json_ifaces(const struct nlg_monitor *mon, const char *only)
{
	(void)mon;
	(void)only;
	return refuse();
}

int Nlg_cli_json_conns(const struct nlg_monitor *mon, Nlg_cli_conn_filter keep,
		       const void *ctx)
{
	(void)mon;
	(void)keep;
	(void)ctx;
	return refuse();
}

int Nlg_cli_json_groups(const struct nlg_monitor *mon, const struct Nlg_cli_group *rows,
			size_t n, bool with_procs)
{
	(void)mon;
	(void)rows;
	(void)n;
	(void)with_procs;
	return refuse();
}

int Nlg_cli_json_event(const struct nlg_event *ev, const char *type, const char *when)
{
	(void)ev;
	(void)type;
	(void)when;
	return refuse();
}

int Nlg_cli_json_lost(uint64_t lost, const char *when)
{
	(void)lost;
	(void)when;
	return refuse();
}

/* netledger run --json (cli/run.h) */
#include "cli/run.h"

int Nlg_cli_json_run(const char *path, const struct nlg_account *a,
		     const struct Nlg_run_opts *o, const struct Nlg_run_result *r)
{
	(void)path, (void)a, (void)o, (void)r;
	return refuse();
}
