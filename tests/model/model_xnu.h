/* SPDX-License-Identifier: MIT */
/*
 * model_xnu.h - a model of the parts of xnu that the macOS backend talks
 * to, written from xnu's sources (bsd/net/ntstat.c, bsd/kern/
 * kern_control.c, bsd/kern/proc_info.c, bsd/net/if_mib.c, rtsock.c),
 * behind the backend's kernel operations (src/platform/darwin/kops.h).
 *
 * One table of sockets (inpcbs) is seen two ways, each as xnu fills it:
 * libproc copies the pcb's vflag and raw address union; ntstat's
 * descriptors test INP_IPV6 first. The network-statistics control pages
 * a query only when asked (NSTAT_MSG_HDR_FLAG_CONTINUATION), 100 sources
 * a fragment, and a query with a new context restarts with EAGAIN to the
 * old one; updates are batched in 4 KiB records that a full receive
 * buffer drops silently (25% of it is kept for critical records);
 * sources whose pcb died are said goodbye to after the query that found
 * them. Byte counts of the receive buffer are record lengths (xnu counts
 * mbuf storage, a little more).
 */
#ifndef NLG_TESTS_MODEL_XNU_H
#define NLG_TESTS_MODEL_XNU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "platform/darwin/kops.h"

#define MX_MAX_PROVIDER 10

/* An inpcb, with what libproc and ntstat report of it. */
struct mx_sock {
	bool used;
	uint64_t so;                   /* libproc's opaque socket handle */
	int pid, fd;
	uint32_t uid;
	uint32_t provider;             /* 2 TCP, 4 UDP kernel; 3, 5, 8 userland */
	int family;                    /* xnu's AF_INET (2) or AF_INET6 (30) */
	uint8_t vflag;                 /* INP_IPV4 1 | INP_IPV6 2 */
	uint8_t laddr[16], faddr[16];  /* the union: IPv4 in the last 4 bytes */
	uint16_t lport, fport;
	int tcp_state;                 /* TCPS_* */
	uint64_t rxbytes, txbytes, rxpackets, txpackets;
	bool dead;                     /* INPCB_STATE_DEAD: gone at the next query */
	bool detached;                 /* freed: no longer listed anywhere */
};

struct mx_proc {
	int pid, ppid;
	uint32_t uid;
	char name[32];
	uint64_t start_sec;
	bool unreadable;               /* another user's: PROC_PIDLISTFDS fails */
};

/* One record in the control socket's receive buffer. */
struct mx_rec {
	uint8_t *p;
	size_t len;
};

struct mx_src {
	size_t sock;                   /* index in socks */
	uint64_t srcref;
	uint32_t provider;
	uint64_t seq;                  /* nts_seq */
	bool live;
};

struct mx_ifc {
	char name[16];
	int index;
	uint8_t type;
	uint64_t ibytes, obytes, ipackets, opackets;
};

struct mx_xnu {
	/* kernel objects */
	struct mx_sock *socks;
	size_t nsocks, socks_cap;
	struct mx_proc procs[64];
	size_t nprocs;
	struct mx_ifc ifcs[16];
	size_t nifcs;
	bool ifmib_missing;            /* IFMIB_IFDATA fails (ENOENT) */
	int macos_major;               /* 11 and later cast IFLIST2 counters to 32 bits */
	/* the kernel control */
	int rcvbuf_max;                /* kern.ipc.maxsockbuf */
	int hiwat;                     /* granted receive buffer */
	bool open;
	uint64_t ntc_context, ntc_seq;
	bool supports_updates;
	bool subscribed[MX_MAX_PROVIDER + 1];
	bool suppress_added[MX_MAX_PROVIDER + 1];
	int last_provider;             /* 8 (macOS 10.15+), 10 (13+); 5 before */
	struct mx_src *srcs;
	size_t nsrcs, srcs_cap;
	uint64_t next_srcref;
	struct mx_rec *q;              /* receive buffer, FIFO */
	size_t qhead, qn, qcap, used;
	uint8_t acc[4096];             /* ntc_accumulated */
	size_t acc_len;
	int restart_at_fragment;       /* >0: restart the paged query once, there */
	int fragments;                 /* of the current paged query */
	/* what happened */
	uint64_t dropped_records, dropped_bytes, queries, paged_fragments, eagain_sent;
	uint64_t max_used;
};

void mx_init(struct mx_xnu *x);
void mx_done(struct mx_xnu *x);
/* The backend's kernel operations on this model. */
struct Nlg_dw_kops mx_ops(struct mx_xnu *x);

/* A socket: added to every subscribed client as a source (SRC_ADDED
 * unless suppressed), as nstat_pcb_cache/new_pcb do. Return: its index. */
size_t mx_sock_add(struct mx_xnu *x, const struct mx_sock *s);
/* The socket closed and was detached: goodbye now (nstat_pcb_detach). */
void mx_sock_detach(struct mx_xnu *x, size_t i);
/* The socket's pcb died: the next query that reaches it says goodbye. */
void mx_sock_die(struct mx_xnu *x, size_t i);
void mx_proc_add(struct mx_xnu *x, const struct mx_proc *p);

/* Queue of the receive buffer, for the control's model (model_ntstat.c). */
bool mx_enqueue(struct mx_xnu *x, const void *p, size_t len, bool crit);
int mx_ctl_send(void *ctx, int h, const void *buf, size_t len);
void mx_ntstat_sock_added(struct mx_xnu *x, size_t sock);
void mx_ntstat_sock_detached(struct mx_xnu *x, size_t sock);

#endif
