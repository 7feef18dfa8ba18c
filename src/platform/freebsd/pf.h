/* SPDX-License-Identifier: MIT */
/* pf.h - pf's per-interface pass/block counters (DIOCIGETIFACES). */
#ifndef NLG_FREEBSD_PF_H
#define NLG_FREEBSD_PF_H

#include <stddef.h>

#include "core/error.h"
#include "decode/pf_kif.h"
#include "platform/freebsd/kops.h"

/* Reads pf's counters of every interface and interface group into a
 * malloc'ed array (*kifs, *n), owned by the caller.
 * Return: 0 on success, or a negative error code with eb saying why:
 * -ENOENT or -EACCES when /dev/pf is missing or not readable (pf not
 * loaded, or not root), -ENODEV when the kernel's pfi_kif differs from
 * the one this program was built with. */
int Nlg_fbsd_pf_read(const struct Nlg_fbsd_kops *ops, struct Nlg_pf_kif **kifs, size_t *n,
		     struct Nlg_errbuf *eb);

#endif
