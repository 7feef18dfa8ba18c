/* SPDX-License-Identifier: MIT */
/*
 * nstat.h - a session with the network-statistics kernel control
 * (com.apple.network.statistics): every TCP and UDP source added once,
 * then all of them brought up to date once a sample. src/decode/ntstat.c
 * decodes the messages and ntstat_flows.c keeps the sources.
 */
#ifndef NLG_DARWIN_NSTAT_H
#define NLG_DARWIN_NSTAT_H

#include <stdbool.h>
#include <stdint.h>

#include "platform/darwin/ntstat_flows.h"
#include "platform/darwin/kops.h"

#define NLG_DW_NSTAT_BUF 65536

struct Nlg_dw_nstat {
	const struct Nlg_dw_kops *ops;
	int h;                         /* control handle, -1 until opened */
	int open_err;                  /* errno of the failed open, 0 if none */
	int rcvbuf;                    /* receive buffer the kernel granted */
	uint64_t context;              /* of the last request */
	uint32_t providers;            /* bit p: provider p subscribed */
	uint64_t restarts;             /* paged polls the kernel restarted */
	struct Nlg_ntstat_flows flows;
	uint8_t buf[NLG_DW_NSTAT_BUF];
};

void Nlg_dw_nstat_init(struct Nlg_dw_nstat *ns, const struct Nlg_dw_kops *ops);
void Nlg_dw_nstat_done(struct Nlg_dw_nstat *ns);

/* Opens the control and subscribes to every TCP and UDP source of the
 * kernel and of the userland stacks the kernel lets us see, once; a failure
 * is remembered in open_err and not retried.
 * Return: 0 or a negative errno. */
int Nlg_dw_nstat_open(struct Nlg_dw_nstat *ns);

/* Forgets the sources removed last time, then reads what arrived since
 * and asks for the counts and descriptions of every source.
 * Return: 0 or a negative errno (the session is then closed). */
int Nlg_dw_nstat_update(struct Nlg_dw_nstat *ns);

#endif
