/* SPDX-License-Identifier: MIT */
/*
 * pf.c - DIOCIGETIFACES on /dev/pf, sized with the two-call pattern of
 * nlg_pf_fetch() and decoded by nlg_pf_kif_decode() with the layout of
 * this system's own struct pfi_kif, taken with offsetof().
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <net/if.h>
#include <net/pfvar.h>

#include "platform/freebsd/pf.h"

#define TRIES 5

static const struct nlg_pf_kif_layout layout = {
	.esize = sizeof(struct pfi_kif),
	.name_off = offsetof(struct pfi_kif, pfik_name),
	.packets_off = offsetof(struct pfi_kif, pfik_packets),
	.bytes_off = offsetof(struct pfi_kif, pfik_bytes),
	.tzero_off = offsetof(struct pfi_kif, pfik_tzero),
	.tzero_size = sizeof(((struct pfi_kif *)0)->pfik_tzero),
};

_Static_assert(sizeof(((struct pfi_kif *)0)->pfik_bytes) == 8 * sizeof(uint64_t),
	       "pfik_bytes is u64 [2][2][2]");

static int get_ifaces(void *ctx, void *buf, int esize, int *size)
{
	struct pfioc_iface io;
	memset(&io, 0, sizeof(io));
	io.pfiio_buffer = buf;
	io.pfiio_esize = esize;
	io.pfiio_size = *size;
	if (ioctl(*(int *)ctx, DIOCIGETIFACES, &io) < 0)
		return -errno;
	*size = io.pfiio_size;
	return 0;
}

static int decode(const uint8_t *buf, size_t count, struct nlg_pf_kif **kifs, size_t *n)
{
	*kifs = calloc(count ? count : 1, sizeof(**kifs));
	if (!*kifs)
		return -ENOMEM;
	int err = nlg_pf_kif_decode(buf, count * layout.esize, count, &layout, *kifs, count);
	if (err < 0) {
		free(*kifs);
		*kifs = NULL;
		return err;
	}
	*n = count;
	return 0;
}

int nlg_fbsd_pf_read(struct nlg_pf_kif **kifs, size_t *n, struct nlg_errbuf *eb)
{
	uint8_t *buf;
	size_t count;

	*kifs = NULL;
	*n = 0;
	int fd = open("/dev/pf", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return nlg_fail(eb, -errno, "/dev/pf: %s (%s)", strerror(errno),
				errno == ENOENT ? "pf is not loaded" : "reading pf needs root");
	int err = nlg_pf_fetch(get_ifaces, &fd, layout.esize, TRIES, &buf, &count);
	close(fd);
	if (err == -ENODEV)
		return nlg_fail(eb, err, "pf's interface record differs from this build's");
	if (err < 0)
		return nlg_fail(eb, err, "DIOCIGETIFACES: %s", strerror(-err));
	err = decode(buf, count, kifs, n);
	free(buf);
	return err < 0 ? nlg_fail(eb, err, "malformed pf interface list") : 0;
}
