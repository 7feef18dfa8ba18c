/* SPDX-License-Identifier: MIT */
/*
 * json_out.h - the commands' --json output: the CLI's one seam to a JSON
 * library. json_out.c writes it with json-c; a build without json-c
 * compiles json_none.c instead, which answers --json with one line (exit
 * status 3, NLG_EXIT_UNSUPPORTED). Each function writes one line of JSON.
 * Return: 0, or -1 after printing why.
 */
#ifndef NLG_CLI_JSON_OUT_H
#define NLG_CLI_JSON_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netledger.h"

/* One row of netledger apps: an app, or processes grouped by a key. */
struct Nlg_cli_group {
	char name[256];
	const char *kind;
	const char *key;        /* an app's identity (valid for the frame); NULL otherwise */
	size_t procs, conns;
	uint64_t rx, tx;
	double rx_rate, tx_rate;
	bool unknown;
	const struct nlg_app *app;  /* an app's row: its bytes by protocol too */
};

typedef bool (*Nlg_cli_conn_filter)(const void *ctx, const struct nlg_conn *c);

/* Writes a json-c document as one line and releases it (json-c builds
 * only); built_ok false, or a NULL doc, is reported as out of memory. */
struct json_object;
int Nlg_cli_json_print(struct json_object *doc, int built_ok);

/* Return: 0 when this build can write JSON, else -1 after saying so. */
int Nlg_cli_json_usable(void);

/* The interfaces (only the one named, unless only is NULL). */
int Nlg_cli_json_ifaces(const struct nlg_monitor *mon, const char *only);
/* The connections that keep() accepts. */
int Nlg_cli_json_conns(const struct nlg_monitor *mon, Nlg_cli_conn_filter keep,
		       const void *ctx);
/* Grouped traffic, with every process when with_procs, and attribution. */
int Nlg_cli_json_groups(const struct nlg_monitor *mon, const struct Nlg_cli_group *rows,
			size_t n, bool with_procs);
/* One connection event named type ("added", ...) at time when. */
int Nlg_cli_json_event(const struct nlg_event *ev, const char *type, const char *when);
/* The running count of socket-close events the kernel dropped. */
int Nlg_cli_json_lost(uint64_t lost, const char *when);

#endif
