/* SPDX-License-Identifier: MIT */
/*
 * model_pf.h - pf's DIOCIGETIFACES as FreeBSD 13.x and 14.x answer it
 * (sys/netpfil/pf/pf_ioctl.c, pf_if.c: pfi_get_ifaces), behind the
 * backend's kernel operations (src/platform/freebsd/kops.h): pfiio_esize
 * must be sizeof(struct pfi_kif) (216 on LP64) or ENODEV; pfiio_size
 * above pf_ioctl_maxcount is EINVAL; at most pfiio_size elements are
 * copied, and pfiio_size comes back as at most room + 1, not the total.
 */
#ifndef NLG_TESTS_MODEL_PF_H
#define NLG_TESTS_MODEL_PF_H

#include <stdbool.h>
#include <stddef.h>

#include "platform/freebsd/kops.h"

#define MP_MAXCOUNT 65535            /* pf_ioctl_maxcount */

struct mp_pf {
	size_t n;                    /* interfaces and groups */
	bool not_loaded;             /* /dev/pf missing */
	int calls;                   /* DIOCIGETIFACES so far */
	int max_size_asked;
};

/* Return: the counters of kif i, as the model keeps them. */
const char *mp_name(size_t i, char *buf, size_t size);
uint64_t mp_bytes(size_t i, int af, int dir, int act);

struct Nlg_fbsd_kops mp_ops(struct mp_pf *pf);

#endif
