/* SPDX-License-Identifier: MIT */
/*
 * darwin.h - the macOS backend's state, shared by its files. Everything
 * here runs through the kernel operations of kops.h, so the unit tests
 * run it on Linux against models of xnu; platform.c (macOS only) wires it
 * to the real calls and to the platform interface.
 */
#ifndef NLG_DARWIN_H
#define NLG_DARWIN_H

#include "core/raw.h"
#include "platform/darwin/kops.h"
#include "platform/darwin/libproc_socks.h"
#include "platform/darwin/nstat.h"
#include "platform/darwin/sysctl_buf.h"
#include "platform/platform.h"

struct nlg_dw {
	const struct nlg_dw_kops *ops;
	struct nlg_dw_buf iflist;
	struct nlg_dw_procs procs;
	struct nlg_dw_nstat nstat;
};

void nlg_dw_init(struct nlg_dw *dw, const struct nlg_dw_kops *ops);
void nlg_dw_done(struct nlg_dw *dw);

/* Reads every TCP and UDP socket with its bytes (sockets.c), as
 * nlg_platform_read_socks(). Return: 0 or a negative code with eb set. */
int nlg_dw_read_socks(struct nlg_dw *dw, struct nlg_raw_socks *out, struct nlg_errbuf *eb);

/* Fills ops with the owner lookups of the last reading (sockets.c). */
void nlg_dw_owners(struct nlg_dw *dw, struct nlg_owner_ops *ops);

#endif
