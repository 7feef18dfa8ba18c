/* SPDX-License-Identifier: MIT */
/* model_xnu.c - sockets, processes and interfaces of the xnu model, seen
 * through libproc and sysctl, and the kernel control's receive buffer. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "decode/darwin_layout.h"
#include "model_xnu.h"

#define CTL_NAME "com.apple.network.statistics"
#define HANDLE 7

static void put16(uint8_t *b, size_t off, uint16_t v) { memcpy(b + off, &v, 2); }
static void put32(uint8_t *b, size_t off, uint32_t v) { memcpy(b + off, &v, 4); }
static void put64(uint8_t *b, size_t off, uint64_t v) { memcpy(b + off, &v, 8); }

static void *grow(void *p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return p;
	size_t ncap = *cap ? *cap * 2 : 64;
	while (ncap < need)
		ncap *= 2;
	p = realloc(p, ncap * size);
	if (!p)
		abort();
	*cap = ncap;
	return p;
}

void mx_init(struct mx_xnu *x)
{
	memset(x, 0, sizeof(*x));
	x->rcvbuf_max = 8 << 20;       /* kern.ipc.maxsockbuf */
	x->last_provider = MX_MAX_PROVIDER;
	x->macos_major = 15;
	x->next_srcref = 1;
}

void mx_done(struct mx_xnu *x)
{
	for (size_t i = 0; i < x->qn; i++)
		free(x->q[x->qhead + i].p);
	free(x->q);
	free(x->socks);
	free(x->srcs);
	memset(x, 0, sizeof(*x));
}

size_t mx_sock_add(struct mx_xnu *x, const struct mx_sock *s)
{
	x->socks = grow(x->socks, &x->socks_cap, x->nsocks + 1, sizeof(*x->socks));
	size_t i = x->nsocks++;
	x->socks[i] = *s;
	x->socks[i].used = true;
	if (!x->socks[i].so)
		x->socks[i].so = 0xffffff8000100000ull + i * 0x200;
	mx_ntstat_sock_added(x, i);
	return i;
}

void mx_sock_detach(struct mx_xnu *x, size_t i)
{
	mx_ntstat_sock_detached(x, i);
	x->socks[i].detached = true;
}

void mx_sock_die(struct mx_xnu *x, size_t i)
{
	x->socks[i].dead = true;
}

void mx_proc_add(struct mx_xnu *x, const struct mx_proc *p)
{
	if (x->nprocs < sizeof(x->procs) / sizeof(x->procs[0]))
		x->procs[x->nprocs++] = *p;
}

/* ---- the receive buffer (kern_control.c: ctl_rcvbspace) ------------- */

bool mx_enqueue(struct mx_xnu *x, const void *p, size_t len, bool crit)
{
	size_t space = x->used < (size_t)x->hiwat ? (size_t)x->hiwat - x->used : 0;
	bool fits = crit ? space >= len || x->used + len <= (size_t)x->hiwat * 5 / 4
			 : space >= (size_t)x->hiwat / 4 && space >= len;
	if (!fits) {
		x->dropped_records++;
		x->dropped_bytes += len;
		return false;
	}
	if (x->qhead + x->qn == x->qcap && x->qhead) {
		memmove(x->q, x->q + x->qhead, x->qn * sizeof(*x->q));
		x->qhead = 0;
	}
	x->q = grow(x->q, &x->qcap, x->qhead + x->qn + 1, sizeof(*x->q));
	struct mx_rec *r = &x->q[x->qhead + x->qn++];
	r->p = malloc(len);
	if (!r->p)
		abort();
	memcpy(r->p, p, len);
	r->len = len;
	x->used += len;
	if (x->used > x->max_used)
		x->max_used = x->used;
	return true;
}

static int ctl_open(void *ctx, const char *name, int *rcvbuf)
{
	struct mx_xnu *x = ctx;
	if (strcmp(name, CTL_NAME) != 0)
		return -ENOENT;
	if (x->open)
		return -EBUSY;
	/* sbreserve() refuses more than maxsockbuf; the glue asks again */
	x->hiwat = *rcvbuf <= x->rcvbuf_max ? *rcvbuf : x->rcvbuf_max / 2;
	*rcvbuf = x->hiwat;
	x->open = true;
	return HANDLE;
}

static int ctl_recv(void *ctx, int h, void *buf, size_t cap, int wait_ms)
{
	struct mx_xnu *x = ctx;
	(void)wait_ms; /* the model answers inside send(): nothing comes later */
	if (h != HANDLE || !x->open)
		return -EBADF;
	if (!x->qn)
		return 0;
	struct mx_rec *r = &x->q[x->qhead];
	size_t n = r->len < cap ? r->len : cap; /* a datagram: the rest is lost */
	memcpy(buf, r->p, n);
	x->used -= r->len;
	free(r->p);
	x->qhead++;
	x->qn--;
	return (int)n;
}

static void ctl_close(void *ctx, int h)
{
	struct mx_xnu *x = ctx;
	if (h == HANDLE)
		x->open = false;
}

/* ---- libproc (proc_info.c) ------------------------------------------ */

static const struct mx_proc *find_proc(const struct mx_xnu *x, int pid)
{
	for (size_t i = 0; i < x->nprocs; i++)
		if (x->procs[i].pid == pid)
			return &x->procs[i];
	return NULL;
}

static bool listed(const struct mx_sock *s, int pid)
{
	return s->used && !s->detached && s->pid == pid && s->fd >= 0;
}

static int listpids(void *ctx, void *buf, int size)
{
	struct mx_xnu *x = ctx;
	int need = (int)(x->nprocs * sizeof(int));
	if (!buf)
		return need;
	int n = 0;
	for (size_t i = 0; i < x->nprocs && (n + 1) * (int)sizeof(int) <= size; i++)
		((int *)buf)[n++] = x->procs[i].pid;
	return n * (int)sizeof(int);
}

static int list_fds(const struct mx_xnu *x, int pid, uint8_t *buf, int size)
{
	int n = 0;
	for (size_t i = 0; i < x->nsocks; i++) {
		if (!listed(&x->socks[i], pid))
			continue;
		if (buf && (n + 1) * NLG_DW_FDI_SIZE <= size) {
			put32(buf, (size_t)n * NLG_DW_FDI_SIZE + NLG_DW_FDI_FD_OFF,
			      (uint32_t)x->socks[i].fd);
			put32(buf, (size_t)n * NLG_DW_FDI_SIZE + NLG_DW_FDI_TYPE_OFF,
			      NLG_DW_PROX_FDTYPE_SOCKET);
		} else if (buf) {
			break;
		}
		n++;
	}
	return n * NLG_DW_FDI_SIZE;
}

static int bsdinfo(const struct mx_proc *p, uint8_t *buf, int size)
{
	if (size < NLG_DW_PBI_SIZE)
		return -ENOMEM;
	memset(buf, 0, NLG_DW_PBI_SIZE);
	put32(buf, NLG_DW_PBI_PID_OFF, (uint32_t)p->pid);
	put32(buf, NLG_DW_PBI_PPID_OFF, (uint32_t)p->ppid);
	put32(buf, NLG_DW_PBI_UID_OFF, p->uid);
	memcpy(buf + NLG_DW_PBI_COMM_OFF, p->name, strnlen(p->name, 16));
	memcpy(buf + NLG_DW_PBI_NAME_OFF, p->name, strnlen(p->name, 32));
	put64(buf, NLG_DW_PBI_START_SEC_OFF, p->start_sec);
	return NLG_DW_PBI_SIZE;
}

static int pidinfo(void *ctx, int pid, int flavor, uint64_t arg, void *buf, int size)
{
	struct mx_xnu *x = ctx;
	const struct mx_proc *p = find_proc(x, pid);
	(void)arg;
	if (!p)
		return -ESRCH;
	if (flavor == NLG_DW_PROC_PIDTBSDINFO)
		return bsdinfo(p, buf, size);
	if (flavor != NLG_DW_PROC_PIDLISTFDS)
		return -EINVAL;
	if (p->unreadable)
		return -EPERM;
	return list_fds(x, pid, buf, size);
}

/* struct socket_fdinfo as fill_socketinfo() writes it. */
static void put_socket(const struct mx_sock *s, uint8_t *b)
{
	uint8_t *si = b + NLG_DW_SFI_PSI_OFF, *in = si + NLG_DW_SOI_PROTO_OFF;
	bool tcp = s->provider == 2 || s->provider == 3;
	memset(b, 0, NLG_DW_SFI_SIZE);
	put32(si, NLG_DW_SOI_UID_OFF, s->uid);
	put64(si, NLG_DW_SOI_SO_OFF, s->so);
	put32(si, NLG_DW_SOI_PROTOCOL_OFF, tcp ? 6 : 17);
	put32(si, NLG_DW_SOI_FAMILY_OFF, (uint32_t)s->family);
	put32(si, NLG_DW_SOI_KIND_OFF, tcp ? NLG_DW_SOCKINFO_TCP : NLG_DW_SOCKINFO_IN);
	/* ports: network order in the int's first two bytes */
	in[NLG_DW_INSI_FPORT_OFF] = (uint8_t)(s->fport >> 8);
	in[NLG_DW_INSI_FPORT_OFF + 1] = (uint8_t)s->fport;
	in[NLG_DW_INSI_LPORT_OFF] = (uint8_t)(s->lport >> 8);
	in[NLG_DW_INSI_LPORT_OFF + 1] = (uint8_t)s->lport;
	in[NLG_DW_INSI_VFLAG_OFF] = s->vflag;
	memcpy(in + NLG_DW_INSI_FADDR_OFF, s->faddr, 16);
	memcpy(in + NLG_DW_INSI_LADDR_OFF, s->laddr, 16);
	if (tcp)
		put32(in, NLG_DW_TCPSI_STATE_OFF, (uint32_t)s->tcp_state);
}

static int pidfdinfo(void *ctx, int pid, int fd, int flavor, void *buf, int size)
{
	struct mx_xnu *x = ctx;
	if (flavor != NLG_DW_PROC_PIDFDSOCKETINFO || size < NLG_DW_SFI_SIZE)
		return -EINVAL;
	for (size_t i = 0; i < x->nsocks; i++) {
		if (listed(&x->socks[i], pid) && x->socks[i].fd == fd) {
			put_socket(&x->socks[i], buf);
			return NLG_DW_SFI_SIZE;
		}
	}
	return -EBADF;
}

/* ---- sysctl: NET_RT_IFLIST2 (rtsock.c) and IFMIB_IFDATA (if_mib.c) -- */

/* What a third-party reader of NET_RT_IFLIST2 gets: the count rounded
 * down to 1 KiB (P2ALIGN) for bytes, and since macOS 11 cut to 32 bits. */
static uint64_t third_party(const struct mx_xnu *x, uint64_t v, bool bytes)
{
	if (bytes)
		v &= ~(uint64_t)1023;
	return x->macos_major >= 11 ? (uint32_t)v : v;
}

static void put_ifdata64(const struct mx_xnu *x, const struct mx_ifc *f, uint8_t *d, bool exact)
{
	memset(d, 0, NLG_DW_IFD64_SIZE);
	d[NLG_DW_IFD64_TYPE_OFF] = f->type;
	d[NLG_DW_IFD64_ADDRLEN_OFF] = 6;
	put32(d, NLG_DW_IFD64_MTU_OFF, 1500);
	put64(d, NLG_DW_IFD64_IBYTES_OFF, exact ? f->ibytes : third_party(x, f->ibytes, true));
	put64(d, NLG_DW_IFD64_OBYTES_OFF, exact ? f->obytes : third_party(x, f->obytes, true));
	put64(d, NLG_DW_IFD64_IPACKETS_OFF, exact ? f->ipackets : third_party(x, f->ipackets, false));
	put64(d, NLG_DW_IFD64_OPACKETS_OFF, exact ? f->opackets : third_party(x, f->opackets, false));
}

/* One RTM_IFINFO2 message: if_msghdr2, then the RTAX_IFP sockaddr_dl. */
static size_t put_ifinfo2(const struct mx_xnu *x, const struct mx_ifc *f, uint8_t *b)
{
	size_t nlen = strlen(f->name), sdl = NLG_DW_SDL_SIZE;
	size_t len = NLG_DW_IFM2_SIZE + sdl;
	memset(b, 0, len);
	put16(b, NLG_DW_MSG_LEN_OFF, (uint16_t)len);
	b[NLG_DW_MSG_VERSION_OFF] = NLG_DW_RTM_VERSION;
	b[NLG_DW_MSG_TYPE_OFF] = NLG_DW_RTM_IFINFO2;
	put32(b, NLG_DW_IFM2_ADDRS_OFF, 1u << NLG_DW_RTAX_IFP);
	put32(b, NLG_DW_IFM2_FLAGS_OFF, 0x8863);
	put16(b, NLG_DW_IFM2_INDEX_OFF, (uint16_t)f->index);
	put_ifdata64(x, f, b + NLG_DW_IFM2_DATA_OFF, false);
	uint8_t *s = b + NLG_DW_IFM2_SIZE;
	s[NLG_DW_SDL_LEN_OFF] = (uint8_t)sdl;
	s[NLG_DW_SDL_FAMILY_OFF] = NLG_DW_AF_LINK;
	put16(s, NLG_DW_SDL_INDEX_OFF, (uint16_t)f->index);
	s[NLG_DW_SDL_TYPE_OFF] = f->type;
	s[NLG_DW_SDL_NLEN_OFF] = (uint8_t)nlen;
	memcpy(s + NLG_DW_SDL_DATA_OFF, f->name, nlen);
	return len;
}

static int iflist2(const struct mx_xnu *x, void *buf, size_t *len)
{
	uint8_t tmp[NLG_DW_IFM2_SIZE + NLG_DW_SDL_SIZE];
	size_t need = x->nifcs * sizeof(tmp);
	if (!buf) {
		*len = need;
		return 0;
	}
	if (*len < need)
		return -ENOMEM;
	size_t off = 0;
	for (size_t i = 0; i < x->nifcs; i++)
		off += put_ifinfo2(x, &x->ifcs[i], (uint8_t *)buf + off);
	*len = off;
	return 0;
}

static int ifmib(const struct mx_xnu *x, int index, void *buf, size_t *len)
{
	for (size_t i = 0; i < x->nifcs && !x->ifmib_missing; i++) {
		const struct mx_ifc *f = &x->ifcs[i];
		if (f->index != index)
			continue;
		if (*len < NLG_DW_IFMD_SIZE)
			return -ENOMEM;
		uint8_t *b = buf;
		memset(b, 0, NLG_DW_IFMD_SIZE);
		memcpy(b + NLG_DW_IFMD_NAME_OFF, f->name, strlen(f->name));
		put32(b, NLG_DW_IFMD_FLAGS_OFF, 0x8863);
		put_ifdata64(x, f, b + NLG_DW_IFMD_DATA_OFF, true);
		*len = NLG_DW_IFMD_SIZE;
		return 0;
	}
	return -ENOENT;
}

static int mx_sysctl(void *ctx, const int *mib, unsigned n, void *buf, size_t *len)
{
	const struct mx_xnu *x = ctx;
	if (n == 6 && mib[0] == NLG_DW_CTL_NET && mib[1] == NLG_DW_PF_ROUTE && mib[2] == 0 &&
	    mib[3] == 0 && mib[4] == NLG_DW_NET_RT_IFLIST2 && mib[5] == 0)
		return iflist2(x, buf, len);
	if (n == 6 && mib[0] == NLG_DW_CTL_NET && mib[1] == NLG_DW_PF_LINK &&
	    mib[2] == NLG_DW_NETLINK_GENERIC && mib[3] == NLG_DW_IFMIB_IFDATA &&
	    mib[5] == NLG_DW_IFDATA_GENERAL)
		return ifmib(x, mib[4], buf, len);
	return -ENOENT;
}

struct Nlg_dw_kops mx_ops(struct mx_xnu *x)
{
	return (struct Nlg_dw_kops){
		.ctx = x,
		.sysctl = mx_sysctl,
		.ctl_open = ctl_open,
		.ctl_send = mx_ctl_send,
		.ctl_recv = ctl_recv,
		.ctl_close = ctl_close,
		.listpids = listpids,
		.pidinfo = pidinfo,
		.pidfdinfo = pidfdinfo,
	};
}
