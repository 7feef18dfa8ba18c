/* SPDX-License-Identifier: MIT */
/* darwin.h - the macOS backend's state, shared by its files. */
#ifndef NLG_DARWIN_H
#define NLG_DARWIN_H

#include "platform/darwin/libproc_socks.h"
#include "platform/darwin/nstat.h"
#include "platform/darwin/sysctl_buf.h"
#include "platform/platform.h"

struct nlg_platform {
	struct nlg_dw_buf iflist;
	struct nlg_dw_procs procs;
	struct nlg_dw_nstat nstat;
};

/* Releases the socket state (sockets.c). */
void nlg_dw_sockets_done(struct nlg_platform *p);

#endif
