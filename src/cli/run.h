/* SPDX-License-Identifier: MIT */
/* run.h - netledger run: its options, its result, and how it is shown
 * (run_print.c on the terminal, json_run.c as JSON). */
#ifndef NLG_CLI_RUN_H
#define NLG_CLI_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include "netledger.h"

/* netledger's own exit statuses, beside the command's (as env(1)). */
#define NLG_RUN_EXIT_FAILED 125
#define NLG_RUN_EXIT_CANNOT 126
#define NLG_RUN_EXIT_NOTFOUND 127

struct Nlg_run_opts {
	char **argv;             /* the command */
	int argc;
	const char *json;        /* FILE, "-" or NULL */
	uint64_t interval_ns;    /* progress lines; 0: none */
	bool quiet;
	bool wait_all;
	enum nlg_ebpf_mode ebpf;
};

struct Nlg_run_result {
	uint64_t start_ns, end_ns;  /* the command's wall time */
	int status;                 /* what netledger exits with */
	int signal;                 /* the signal that ended it, or 0 */
	int moved;                  /* processes still running at the end */
	bool json_failed;
};

/* One progress line on stderr. */
void Nlg_run_print_progress(const struct nlg_account *a, double elapsed_s);
/* The summary, on stderr. */
void Nlg_run_print_summary(const struct nlg_account *a, const struct Nlg_run_opts *o,
			   const struct Nlg_run_result *r);
/* The summary as one JSON document in path ("-": stdout).
 * Return: 0, or -1 after saying why. */
int Nlg_cli_json_run(const char *path, const struct nlg_account *a,
		     const struct Nlg_run_opts *o, const struct Nlg_run_result *r);

#endif
