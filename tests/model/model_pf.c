/* SPDX-License-Identifier: MIT */
/* model_pf.c - pf's interface list and DIOCIGETIFACES (FreeBSD 13, 14). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "model_pf.h"

#define HANDLE 9

/* Names in the order of pf's tree: groups and interfaces sorted. */
const char *mp_name(size_t i, char *buf, size_t size)
{
	if (i == 0)
		snprintf(buf, size, "all");
	else if (i == 1)
		snprintf(buf, size, "egress");
	else if (i == 2)
		snprintf(buf, size, "pflog0");
	else
		snprintf(buf, size, "vlan%zu", i);
	return buf;
}

uint64_t mp_bytes(size_t i, int af, int dir, int act)
{
	return 1000003ull * (i + 1) + (uint64_t)(af * 4 + dir * 2 + act);
}

static void put_kif(size_t i, uint8_t *e)
{
	const struct Nlg_pf_kif_layout *lo = &Nlg_pf_kif_freebsd_lp64;
	char name[16];
	memset(e, 0, lo->esize);
	mp_name(i, name, sizeof(name));
	memcpy(e + lo->name_off, name, strlen(name));
	for (int k = 0; k < 8; k++) {
		uint64_t b = mp_bytes(i, k / 4, (k / 2) % 2, k % 2), p = b / 100;
		memcpy(e + lo->bytes_off + 8 * (size_t)k, &b, 8);
		memcpy(e + lo->packets_off + 8 * (size_t)k, &p, 8);
	}
	uint32_t tzero = 1700000000u;
	memcpy(e + lo->tzero_off, &tzero, 4);
}

static int mp_open(void *ctx)
{
	const struct mp_pf *pf = ctx;
	return pf->not_loaded ? -ENOENT : HANDLE;
}

static int mp_get_ifaces(void *ctx, int h, void *buf, int esize, int *size)
{
	struct mp_pf *pf = ctx;
	if (h != HANDLE)
		return -EBADF;
	pf->calls++;
	if (esize != (int)Nlg_pf_kif_freebsd_lp64.esize)
		return -ENODEV;
	if (*size < 0 || *size > MP_MAXCOUNT)
		return -EINVAL;
	if (*size > pf->max_size_asked)
		pf->max_size_asked = *size;
	/* pfi_get_ifaces: "if (*size <= n++) break;" */
	int n = 0;
	for (size_t i = 0; i < pf->n; i++) {
		if (*size <= n++)
			break;
		put_kif(i, (uint8_t *)buf + (size_t)(n - 1) * (size_t)esize);
	}
	*size = n;
	return 0;
}

static void mp_close(void *ctx, int h)
{
	(void)ctx;
	(void)h;
}

struct Nlg_fbsd_kops mp_ops(struct mp_pf *pf)
{
	return (struct Nlg_fbsd_kops){
		.ctx = pf,
		.pf_open = mp_open,
		.pf_get_ifaces = mp_get_ifaces,
		.pf_close = mp_close,
		.layout = Nlg_pf_kif_freebsd_lp64,
	};
}
