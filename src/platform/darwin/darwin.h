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

struct Nlg_dw {
	const struct Nlg_dw_kops *ops;
	struct Nlg_dw_buf iflist;
	struct Nlg_dw_procs procs;
	struct Nlg_dw_nstat nstat;
};

void Nlg_dw_init(struct Nlg_dw *dw, const struct Nlg_dw_kops *ops);
void Nlg_dw_done(struct Nlg_dw *dw);

/* Reads every TCP and UDP socket with its bytes (sockets.c), as
 * Nlg_platform_read_socks(). Return: 0 or a negative code with eb set. */
int Nlg_dw_read_socks(struct Nlg_dw *dw, struct Nlg_raw_socks *out, struct Nlg_errbuf *eb);

/* Fills ops with the owner lookups of the last reading (sockets.c). */
void Nlg_dw_owners(struct Nlg_dw *dw, struct Nlg_owner_ops *ops);

#endif
