/* SPDX-License-Identifier: MIT */
/*
 * kops.h - the few macOS kernel entry points the backend uses, as a table
 * of operations. kops_real.c fills it with the real calls (macOS only);
 * the unit tests fill it with models of xnu's behaviour, so that every
 * other file of this folder compiles and runs on Linux too. Those files
 * include only portable headers and this one.
 *
 * Every operation returns a byte count (or 0) on success and a negative
 * errno on failure.
 */
#ifndef NLG_DARWIN_KOPS_H
#define NLG_DARWIN_KOPS_H

#include <stddef.h>
#include <stdint.h>

struct Nlg_dw_kops {
	void *ctx;
	/* sysctl(3): with buf NULL, *len gets the size needed; -ENOMEM when
	 * *len is too small. */
	int (*sysctl)(void *ctx, const int *mib, unsigned n, void *buf, size_t *len);
	/* A kernel-control socket connected to the control called name, its
	 * receive buffer asked to be *rcvbuf bytes; *rcvbuf gets what the
	 * kernel granted. Return: a handle (>= 0) or a negative errno. */
	int (*ctl_open)(void *ctx, const char *name, int *rcvbuf);
	/* Sends one request. Return: 0 or a negative errno. */
	int (*ctl_send)(void *ctx, int h, const void *buf, size_t len);
	/* Waits at most wait_ms for one record and reads it into buf.
	 * Return: its length, 0 when none came in time, or a negative errno
	 * (-ECONNRESET when the control closed). */
	int (*ctl_recv)(void *ctx, int h, void *buf, size_t cap, int wait_ms);
	void (*ctl_close)(void *ctx, int h);
	/* libproc: proc_listpids(PROC_ALL_PIDS, 0, buf, size),
	 * proc_pidinfo() and proc_pidfdinfo(). Return: bytes filled (with buf
	 * NULL: bytes needed), or a negative errno. */
	int (*listpids)(void *ctx, void *buf, int size);
	int (*pidinfo)(void *ctx, int pid, int flavor, uint64_t arg, void *buf, int size);
	int (*pidfdinfo)(void *ctx, int pid, int fd, int flavor, void *buf, int size);
};

/* The real calls (kops_real.c, built on macOS only). */
extern const struct Nlg_dw_kops Nlg_dw_kops_real;

#endif
