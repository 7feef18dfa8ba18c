/* SPDX-License-Identifier: MIT */
/*
 * ebpf.c - the eBPF socket counter, with libbpf: the programs are embedded
 * in the library (a skeleton generated at build time), attached to the
 * cgroup v2 root through bpf links. A link lives as long as its file
 * descriptor: when the process exits, however it exits, the kernel
 * detaches the programs; nothing is pinned, so nothing is left behind.
 * Links are multi-attach: programs that others attached stay and run.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "core/array.h"
#include "platform/linux/ebpf.h"
#include "sockcount.skel.h"

#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71
#endif

/* Keys and values read per batch. */
#define BATCH 1024

struct Nlg_ebpf {
	struct sockcount *skel;
	int socks_fd, stats_fd;
	int ncpus;
	uint64_t netns;
	uint64_t *keys;
	struct nlg_bpf_sock *vals;
	size_t cap;
	uint64_t *percpu;
	bool no_batch;      /* the kernel has no batch lookups */
	struct ring_buffer *ring;  /* change notices, for incremental samples */
	Nlg_ebpf_change_fn on_change;
	void *change_ctx;
};

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level, (void)fmt, (void)ap;
	return 0;
}

/* Return: the mount point of the cgroup v2 hierarchy in the mount table
 * mountinfo, in buf, or -ENOENT. */
static int cgroup2_root(const char *mountinfo, char *buf, size_t len)
{
	FILE *f = fopen(mountinfo, "re");
	char line[4096];
	int err = -ENOENT;
	if (!f)
		return -errno;
	/* id parent major:minor root mountpoint options... - fstype source */
	while (err && fgets(line, sizeof(line), f)) {
		char *sep = strstr(line, " - cgroup2 ");
		char mnt[1024];
		if (sep && sscanf(line, "%*s %*s %*s %*s %1023s", mnt) == 1 &&
		    strlen(mnt) < len) {
			strcpy(buf, mnt);
			err = 0;
		}
	}
	fclose(f);
	return err;
}

/* A mount of our own, dropped as soon as its root is open: the open
 * directory stays valid. Return: the descriptor or -errno. */
static int private_cgroup2(void)
{
	char dir[] = "/tmp/netledger-cgroup2.XXXXXX";
	if (!mkdtemp(dir))
		return -errno;
	int fd = -EPERM;
	if (mount("cgroup2", dir, "cgroup2", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) == 0) {
		fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			fd = -errno;
		umount2(dir, MNT_DETACH);
	} else {
		fd = -errno;
	}
	rmdir(dir);
	return fd;
}

/* The cgroup v2 root: from our mount table; else from init's, through
 * /proc/1/root (ip netns exec remounts /sys, which hides the hierarchy
 * from its command); else a private mount. where says which.
 * Return: an open directory or a negative error code. */
static int open_cgroup2(char *where, size_t len)
{
	char mnt[1024];
	int fd;
	if (cgroup2_root("/proc/self/mountinfo", mnt, sizeof(mnt)) == 0 &&
	    (fd = open(mnt, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		snprintf(where, len, "%s", mnt);
		return fd;
	}
	if (cgroup2_root("/proc/1/mountinfo", mnt, sizeof(mnt)) == 0) {
		snprintf(where, len, "/proc/1/root%s", mnt);
		if ((fd = open(where, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0)
			return fd;
	}
	snprintf(where, len, "a private cgroup2 mount");
	return private_cgroup2();
}

static uint64_t own_netns(void)
{
	uint64_t cookie = 0;
	socklen_t len = sizeof(cookie);
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return 0;
	if (getsockopt(fd, SOL_SOCKET, SO_NETNS_COOKIE, &cookie, &len) < 0)
		cookie = 0;
	close(fd);
	return cookie;
}

static int attach(struct Nlg_ebpf *e, int cgfd)
{
	struct sockcount *s = e->skel;
	if (!(s->links.nlg_ingress = bpf_program__attach_cgroup(s->progs.nlg_ingress, cgfd)) ||
	    !(s->links.nlg_egress = bpf_program__attach_cgroup(s->progs.nlg_egress, cgfd)) ||
	    !(s->links.nlg_sock_create = bpf_program__attach_cgroup(s->progs.nlg_sock_create, cgfd)) ||
	    !(s->links.nlg_sock_release = bpf_program__attach_cgroup(s->progs.nlg_sock_release,
								      cgfd)))
		return -errno;
	/* Without sock_ops (an old kernel), samples stay full dumps. */
	s->links.nlg_sock_ops = bpf_program__attach_cgroup(s->progs.nlg_sock_ops, cgfd);
	return 0;
}

static int on_ring(void *ctx, void *data, size_t len)
{
	struct Nlg_ebpf *e = ctx;
	if (len < sizeof(struct nlg_bpf_change) || !e->on_change)
		return 0;
	return e->on_change(e->change_ctx, data);
}

static int load(struct Nlg_ebpf *e, struct Nlg_errbuf *eb)
{
	char root[1100];
	int err, cgfd = open_cgroup2(root, sizeof(root));
	if (cgfd < 0)
		return Nlg_fail(eb, -ENOENT, "no cgroup v2 hierarchy: none in this mount table "
				"or init's, and mounting one failed (%s)", strerror(-cgfd));
	e->skel = sockcount__open_and_load();
	if (!e->skel) {
		err = -errno;
		close(cgfd);
		if (err == -EPERM || err == -EACCES)
			return Nlg_fail(eb, -EPERM, "needs root (CAP_BPF and CAP_NET_ADMIN)");
		return Nlg_fail(eb, err, "the kernel refused the eBPF programs: %s", strerror(-err));
	}
	err = attach(e, cgfd);
	close(cgfd);
	if (err < 0)
		return Nlg_fail(eb, err, "cannot attach to the cgroup %s: %s", root, strerror(-err));
	e->socks_fd = bpf_map__fd(e->skel->maps.socks);
	e->stats_fd = bpf_map__fd(e->skel->maps.stats);
	if (e->skel->links.nlg_sock_ops && e->skel->data)
		e->ring = ring_buffer__new(bpf_map__fd(e->skel->maps.changes), on_ring, e, NULL);
	return 0;
}

int Nlg_ebpf_open(struct Nlg_ebpf **out, struct Nlg_errbuf *eb)
{
	struct Nlg_ebpf *e = calloc(1, sizeof(*e));
	*out = NULL;
	if (!e)
		return Nlg_fail(eb, -ENOMEM, "out of memory");
	e->ncpus = libbpf_num_possible_cpus();
	if (e->ncpus <= 0 || !(e->percpu = calloc((size_t)e->ncpus, sizeof(uint64_t)))) {
		free(e);
		return Nlg_fail(eb, -ENOMEM, "out of memory");
	}
	/* Before the programs run: this probe socket is not one to count. */
	e->netns = own_netns();
	/* The library speaks through its error buffer only. */
	libbpf_print_fn_t prev = libbpf_set_print(quiet);
	int err = load(e, eb);
	libbpf_set_print(prev);
	if (err < 0) {
		Nlg_ebpf_close(e);
		return err;
	}
	*out = e;
	return 0;
}

void Nlg_ebpf_close(struct Nlg_ebpf *e)
{
	if (!e)
		return;
	ring_buffer__free(e->ring);
	sockcount__destroy(e->skel);
	free(e->keys);
	free(e->vals);
	free(e->percpu);
	free(e);
}

void Nlg_ebpf_read_done(struct Nlg_ebpf *e)
{
	free(e->keys);
	free(e->vals);
	e->keys = NULL;
	e->vals = NULL;
	e->cap = 0;
}

static int reserve(struct Nlg_ebpf *e, size_t need)
{
	size_t kcap = e->cap, vcap = e->cap;
	if (need <= e->cap)
		return 0;
	if (Nlg_array_reserve(&e->keys, &kcap, need, sizeof(*e->keys), BATCH) < 0 ||
	    Nlg_array_reserve(&e->vals, &vcap, need, sizeof(*e->vals), BATCH) < 0)
		return -ENOMEM;
	e->cap = kcap < vcap ? kcap : vcap;
	return 0;
}

/* Return: the number of sockets read in batches, or -errno. */
static int read_batched(struct Nlg_ebpf *e)
{
	size_t n = 0;
	uint32_t token = 0;
	void *in = NULL;
	LIBBPF_OPTS(bpf_map_batch_opts, opts);

	for (int rounds = 0; rounds < NLG_BPF_MAX_SOCKS / 64; rounds++) {
		if (reserve(e, n + BATCH) < 0)
			return -ENOMEM;
		uint32_t count = BATCH;
		int err = bpf_map_lookup_batch(e->socks_fd, in, &token, e->keys + n, e->vals + n,
					       &count, &opts);
		n += count;
		if (err == -ENOENT)
			return (int)n;  /* the whole table */
		if (err < 0)
			return err;
		in = &token;
	}
	return (int)n;
}

/* Return: the number of sockets read one by one, or -errno. */
static int read_each(struct Nlg_ebpf *e)
{
	size_t n = 0;
	uint64_t key, prev = 0;
	bool first = true;
	while (n < NLG_BPF_MAX_SOCKS &&
	       bpf_map_get_next_key(e->socks_fd, first ? NULL : &prev, &key) == 0) {
		first = false;
		prev = key;
		if (reserve(e, n + 1) < 0)
			return -ENOMEM;
		/* a socket deleted meanwhile is skipped */
		if (bpf_map_lookup_elem(e->socks_fd, &key, &e->vals[n]) == 0)
			e->keys[n++] = key;
	}
	return (int)n;
}

int Nlg_ebpf_read(struct Nlg_ebpf *e, const uint64_t **cookies, const struct nlg_bpf_sock **v)
{
	int n = -EINVAL;
	if (!e->no_batch) {
		n = read_batched(e);
		if (n == -EINVAL || n == -ENOTSUP || n == -EOPNOTSUPP)
			e->no_batch = true;
	}
	if (e->no_batch)
		n = read_each(e);
	*cookies = e->keys;
	*v = e->vals;
	return n;
}

int Nlg_ebpf_delete(struct Nlg_ebpf *e, const uint64_t *cookies, size_t n)
{
	int ret = 0;
	for (size_t i = 0; i < n; i++) {
		int err = bpf_map_delete_elem(e->socks_fd, &cookies[i]);
		if (err < 0 && err != -ENOENT)
			ret = err;
	}
	return ret;
}

static uint64_t stat_sum(struct Nlg_ebpf *e, uint32_t slot)
{
	uint64_t sum = 0;
	if (bpf_map_lookup_elem(e->stats_fd, &slot, e->percpu) < 0)
		return 0;
	for (int i = 0; i < e->ncpus; i++)
		sum += e->percpu[i];
	return sum;
}

uint64_t Nlg_ebpf_overflow(struct Nlg_ebpf *e)
{
	return stat_sum(e, NLG_BPF_FULL_PACKETS);
}

bool Nlg_ebpf_can_notify(const struct Nlg_ebpf *e)
{
	return e->ring != NULL;
}

void Nlg_ebpf_next_gen(struct Nlg_ebpf *e)
{
	/* Written before the ring is read: a packet after this store sends a
	 * notice of its own, one before it is already in the ring. */
	__atomic_add_fetch(&e->skel->data->nlg_gen, 1, __ATOMIC_SEQ_CST);
}

int Nlg_ebpf_changes(struct Nlg_ebpf *e, Nlg_ebpf_change_fn fn, void *ctx)
{
	e->on_change = fn;
	e->change_ctx = ctx;
	int n = ring_buffer__consume(e->ring);
	e->on_change = NULL;
	return n < 0 ? n : 0;
}

uint64_t Nlg_ebpf_lost_changes(struct Nlg_ebpf *e)
{
	return stat_sum(e, NLG_BPF_LOST_CHANGES);
}

int Nlg_ebpf_lookup(struct Nlg_ebpf *e, uint64_t cookie, struct nlg_bpf_sock *v)
{
	return bpf_map_lookup_elem(e->socks_fd, &cookie, v) < 0 ? -errno : 0;
}

uint64_t Nlg_ebpf_netns(struct Nlg_ebpf *e)
{
	return e->netns;
}
