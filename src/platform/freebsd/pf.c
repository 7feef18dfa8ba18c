/* SPDX-License-Identifier: MIT */
/*
 * pf.c - DIOCIGETIFACES through the kernel operations of kops.h, sized
 * with Nlg_pf_fetch() and decoded by Nlg_pf_kif_decode() with the layout
 * the operations give (the system's own struct pfi_kif on FreeBSD).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "platform/freebsd/pf.h"

struct fetch_ctx {
	const struct Nlg_fbsd_kops *ops;
	int h;
};

static int get_ifaces(void *ctx, void *buf, int esize, int *size)
{
	const struct fetch_ctx *fc = ctx;
	return fc->ops->pf_get_ifaces(fc->ops->ctx, fc->h, buf, esize, size);
}

static int decode(const struct Nlg_pf_kif_layout *lo, const uint8_t *buf, size_t count,
		  struct Nlg_pf_kif **kifs, size_t *n)
{
	*kifs = calloc(count ? count : 1, sizeof(**kifs));
	if (!*kifs)
		return -ENOMEM;
	int err = Nlg_pf_kif_decode(buf, count * lo->esize, count, lo, *kifs, count);
	if (err < 0) {
		free(*kifs);
		*kifs = NULL;
		return err;
	}
	*n = count;
	return 0;
}

int Nlg_fbsd_pf_read(const struct Nlg_fbsd_kops *ops, struct Nlg_pf_kif **kifs, size_t *n,
		     struct Nlg_errbuf *eb)
{
	struct fetch_ctx fc = { .ops = ops };
	uint8_t *buf;
	size_t count;

	*kifs = NULL;
	*n = 0;
	fc.h = ops->pf_open(ops->ctx);
	if (fc.h < 0)
		return Nlg_fail(eb, fc.h, "/dev/pf: %s (%s)", strerror(-fc.h),
				fc.h == -ENOENT ? "pf is not loaded" : "reading pf needs root");
	int err = Nlg_pf_fetch(get_ifaces, &fc, ops->layout.esize, NLG_PF_MAX_COUNT, &buf, &count);
	ops->pf_close(ops->ctx, fc.h);
	if (err == -ENODEV)
		return Nlg_fail(eb, err, "pf's interface record differs from this build's");
	if (err == -E2BIG)
		return Nlg_fail(eb, err, "pf lists more than %d interfaces and groups",
				NLG_PF_MAX_COUNT);
	if (err < 0)
		return Nlg_fail(eb, err, "DIOCIGETIFACES: %s", strerror(-err));
	err = decode(&ops->layout, buf, count, kifs, n);
	free(buf);
	return err < 0 ? Nlg_fail(eb, err, "malformed pf interface list") : 0;
}
