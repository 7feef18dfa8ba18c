/* SPDX-License-Identifier: MIT */
/*
 * kops_real.c - the kernel operations of kops.h as macOS provides them.
 * The only file of the backend's glue that calls the kernel: what the
 * calls return is interpreted elsewhere, where tests reach it.
 */
#include <errno.h>
#include <libproc.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/sysctl.h>
#include <sys/kern_control.h>

#include "platform/darwin/kops.h"

/* From sys/sys_domain.h, which the SDK used here lacks; unchanged since
 * kernel controls appeared (Mac OS X 10.2). */
#define NLG_DW_SYSPROTO_CONTROL 2
#define NLG_DW_AF_SYS_CONTROL 2
/* The smallest receive buffer worth asking for when a bigger one is
 * refused (above kern.ipc.maxsockbuf). */
#define RCVBUF_MIN (128 << 10)

static int real_sysctl(void *ctx, const int *mib, unsigned n, void *buf, size_t *len)
{
	(void)ctx;
	return sysctl((int *)mib, n, buf, len, NULL, 0) < 0 ? -errno : 0;
}

/* Asks for *rcvbuf bytes, halving while the kernel refuses, and reads
 * back what it granted. Return: 0 or a negative errno. */
static int set_rcvbuf(int fd, int *rcvbuf)
{
	int want = *rcvbuf, err = -ENOBUFS;
	for (; want >= RCVBUF_MIN; want /= 2) {
		if (setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &want, sizeof(want)) == 0) {
			err = 0;
			break;
		}
		err = -errno;
	}
	socklen_t sl = sizeof(*rcvbuf);
	if (getsockopt(fd, SOL_SOCKET, SO_RCVBUF, rcvbuf, &sl) < 0)
		return -errno;
	return err;
}

static int connect_ctl(int fd, const char *name)
{
	struct ctl_info info;
	struct sockaddr_ctl sc;

	memset(&info, 0, sizeof(info));
	strlcpy(info.ctl_name, name, sizeof(info.ctl_name));
	if (ioctl(fd, CTLIOCGINFO, &info) < 0)
		return -errno;
	memset(&sc, 0, sizeof(sc));
	sc.sc_len = sizeof(sc);
	sc.sc_family = AF_SYSTEM;
	sc.ss_sysaddr = NLG_DW_AF_SYS_CONTROL;
	sc.sc_id = info.ctl_id;
	return connect(fd, (struct sockaddr *)&sc, sizeof(sc)) < 0 ? -errno : 0;
}

static int real_ctl_open(void *ctx, const char *name, int *rcvbuf)
{
	(void)ctx;
	int fd = socket(PF_SYSTEM, SOCK_DGRAM, NLG_DW_SYSPROTO_CONTROL);
	if (fd < 0)
		return -errno;
	int err = connect_ctl(fd, name);
	if (!err)
		err = set_rcvbuf(fd, rcvbuf);
	if (err < 0) {
		close(fd);
		return err;
	}
	return fd;
}

static int real_ctl_send(void *ctx, int h, const void *buf, size_t len)
{
	(void)ctx;
	for (;;) {
		if (send(h, buf, len, 0) >= 0)
			return 0;
		if (errno != EINTR)
			return -errno;
	}
}

static int real_ctl_recv(void *ctx, int h, void *buf, size_t cap, int wait_ms)
{
	(void)ctx;
	for (;;) {
		struct pollfd p = { .fd = h, .events = POLLIN };
		int r = poll(&p, 1, wait_ms);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r < 0 ? -errno : 0;
		ssize_t n = recv(h, buf, cap, 0);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -ECONNRESET;
		return (int)n;
	}
}

static void real_ctl_close(void *ctx, int h)
{
	(void)ctx;
	close(h);
}

static int real_listpids(void *ctx, void *buf, int size)
{
	(void)ctx;
	int n = proc_listpids(PROC_ALL_PIDS, 0, buf, size);
	return n < 0 ? -errno : n;
}

/* libproc answers 0 (with errno set) or -1 when it cannot. */
static int real_pidinfo(void *ctx, int pid, int flavor, uint64_t arg, void *buf, int size)
{
	(void)ctx;
	errno = 0;
	int n = proc_pidinfo(pid, flavor, arg, buf, size);
	return n > 0 ? n : errno ? -errno : n;
}

static int real_pidfdinfo(void *ctx, int pid, int fd, int flavor, void *buf, int size)
{
	(void)ctx;
	errno = 0;
	int n = proc_pidfdinfo(pid, fd, flavor, buf, size);
	return n > 0 ? n : errno ? -errno : n;
}

const struct Nlg_dw_kops Nlg_dw_kops_real = {
	.sysctl = real_sysctl,
	.ctl_open = real_ctl_open,
	.ctl_send = real_ctl_send,
	.ctl_recv = real_ctl_recv,
	.ctl_close = real_ctl_close,
	.listpids = real_listpids,
	.pidinfo = real_pidinfo,
	.pidfdinfo = real_pidfdinfo,
};
