/* SPDX-License-Identifier: MIT */
/* history.h - netledger history: what is asked, and its printers. */
#ifndef NLG_CLI_HISTORY_H
#define NLG_CLI_HISTORY_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

enum history_format { HISTORY_TABLE, HISTORY_JSON, HISTORY_CSV };

struct history_query {
	const char *db;
	const char *iface;          /* NULL: every interface but loopbacks */
	bool apps;
	enum Nlg_res res;
	int64_t since, until;       /* [since, until) in unix seconds */
	enum history_format format;
};

/* Formats a bucket's start for its resolution ("2026-11-25", ...), UTC. */
void history_time(enum Nlg_res res, int64_t t, char *buf, size_t size);

/* Return: 0, or -1 after an error message. */
int history_print_rows(const struct history_query *q, const struct Nlg_store_row *rows, size_t n);
int history_print_apps(const struct history_query *q, const struct Nlg_store_total *t, size_t n);

#endif
