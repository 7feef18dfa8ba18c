/* SPDX-License-Identifier: MIT */
/*
 * kops.h - the FreeBSD kernel entry points behind pf's counters, as a
 * table of operations: kops_real.c fills it with /dev/pf and ioctl()
 * (FreeBSD only), the unit tests with a model of pf_ioctl.c, so that
 * pf.c compiles and runs on Linux too.
 */
#ifndef NLG_FREEBSD_KOPS_H
#define NLG_FREEBSD_KOPS_H

#include "decode/pf_kif.h"

struct Nlg_fbsd_kops {
	void *ctx;
	/* Opens /dev/pf. Return: a handle (>= 0) or a negative errno. */
	int (*pf_open)(void *ctx);
	/* DIOCIGETIFACES on handle h, as Nlg_pf_get_ifaces_fn. */
	int (*pf_get_ifaces)(void *ctx, int h, void *buf, int esize, int *size);
	void (*pf_close)(void *ctx, int h);
	/* The layout of this system's struct pfi_kif. */
	struct Nlg_pf_kif_layout layout;
};

/* The real calls (kops_real.c, built on FreeBSD only). */
extern const struct Nlg_fbsd_kops Nlg_fbsd_kops_real;

#endif
