/* SPDX-License-Identifier: MIT */
/*
 * kops_real.c - pf's DIOCIGETIFACES on /dev/pf, and the layout of this
 * system's own struct pfi_kif, taken with offsetof().
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <net/if.h>
#include <net/pfvar.h>

#include "platform/freebsd/kops.h"

_Static_assert(sizeof(((struct pfi_kif *)0)->pfik_bytes) == 8 * sizeof(uint64_t),
	       "pfik_bytes is u64 [2][2][2]");

static int real_open(void *ctx)
{
	(void)ctx;
	int fd = open("/dev/pf", O_RDONLY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

static int real_get_ifaces(void *ctx, int h, void *buf, int esize, int *size)
{
	struct pfioc_iface io;
	(void)ctx;
	memset(&io, 0, sizeof(io));
	io.pfiio_buffer = buf;
	io.pfiio_esize = esize;
	io.pfiio_size = *size;
	if (ioctl(h, DIOCIGETIFACES, &io) < 0)
		return -errno;
	*size = io.pfiio_size;
	return 0;
}

static void real_close(void *ctx, int h)
{
	(void)ctx;
	close(h);
}

const struct Nlg_fbsd_kops Nlg_fbsd_kops_real = {
	.pf_open = real_open,
	.pf_get_ifaces = real_get_ifaces,
	.pf_close = real_close,
	.layout = {
		.esize = sizeof(struct pfi_kif),
		.name_off = offsetof(struct pfi_kif, pfik_name),
		.packets_off = offsetof(struct pfi_kif, pfik_packets),
		.bytes_off = offsetof(struct pfi_kif, pfik_bytes),
		.tzero_off = offsetof(struct pfi_kif, pfik_tzero),
		.tzero_size = sizeof(((struct pfi_kif *)0)->pfik_tzero),
	},
};
