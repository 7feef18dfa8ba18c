/* SPDX-License-Identifier: MIT */
/* test_ledger.c - connections, processes and apps with fake owners. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <netinet/in.h>

#include "core/ledger.h"

#define SEC 1000000000ull

/* The fake machine: inode -> pid, pid -> (ppid, start, comm, cgroup). */
struct fake_proc {
	int pid, ppid;
	uint64_t start;
	const char *comm, *cgroup;
	const char *exe;
};
static struct fake_proc procs[8];
static struct { uint64_t inode; int pid; } owners[16];
static struct { uint64_t cgroup_id; int pid; const char *path; } cgroups[4];

static const struct fake_proc *proc_by_pid(int pid)
{
	for (size_t i = 0; i < 8; i++)
		if (procs[i].pid == pid)
			return &procs[i];
	return NULL;
}

static void desc(const struct fake_proc *fp, struct Nlg_proc_desc *d)
{
	memset(d, 0, sizeof(*d));
	d->pid = fp->pid;
	d->ppid = fp->ppid;
	d->start_ticks = fp->start;
	strcpy(d->comm, fp->comm);
	d->cgroup = fp->cgroup;
	d->exe = fp->exe;
}

static bool by_inode(void *ctx, uint64_t inode, struct Nlg_proc_desc *out, enum nlg_owner_why *why)
{
	(void)ctx;
	for (size_t i = 0; i < 16; i++)
		if (owners[i].inode == inode && proc_by_pid(owners[i].pid)) {
			desc(proc_by_pid(owners[i].pid), out);
			return true;
		}
	*why = NLG_OWNER_NOT_FOUND;
	return false;
}

static bool by_cgroup(void *ctx, uint64_t id, uint32_t uid, struct Nlg_proc_desc *out,
		      const char **path, enum nlg_owner_why *why)
{
	(void)ctx;
	(void)uid;
	*why = NLG_OWNER_CLOSED_UNSEEN;
	*path = NULL;
	for (size_t i = 0; i < 4; i++) {
		if (cgroups[i].cgroup_id != id || !id)
			continue;
		*path = cgroups[i].path;
		if (cgroups[i].pid && proc_by_pid(cgroups[i].pid)) {
			desc(proc_by_pid(cgroups[i].pid), out);
			return true;
		}
		*why = NLG_OWNER_AMBIGUOUS;
	}
	return false;
}

static bool by_pid(void *ctx, int pid, struct Nlg_proc_desc *out)
{
	(void)ctx;
	const struct fake_proc *fp = proc_by_pid(pid);
	if (!fp)
		return false;
	desc(fp, out);
	return true;
}

/* The creator runs if it is known and started before the socket. */
static bool by_creator(void *ctx, uint32_t tgid, uint64_t created_ns, const char *comm,
		       struct Nlg_proc_desc *out)
{
	(void)ctx;
	(void)comm;
	const struct fake_proc *fp = proc_by_pid((int)tgid);
	if (!fp || fp->start > created_ns)
		return false;
	desc(fp, out);
	return true;
}

static bool alive(void *ctx, int pid, uint64_t start)
{
	(void)ctx;
	const struct fake_proc *fp = proc_by_pid(pid);
	return fp && fp->start == start;
}

static const struct Nlg_owner_ops ops = {
	.by_inode = by_inode, .by_cgroup = by_cgroup, .by_creator = by_creator, .by_pid = by_pid,
	.alive = alive,
};

struct fixture {
	struct Nlg_ledger lg;
	struct Nlg_raw_socks rs;
	uint64_t now;
	int samples;
	bool ebpf;
};

static int setup(void **state)
{
	memset(procs, 0, sizeof(procs));
	memset(owners, 0, sizeof(owners));
	memset(cgroups, 0, sizeof(cgroups));
	procs[0] = (struct fake_proc){ 100, 1, 10, "bash", "/" };
	procs[1] = (struct fake_proc){ 200, 100, 20, "sender", "/" };   /* A */
	procs[2] = (struct fake_proc){ 201, 200, 21, "helper", "/" };   /* D, child of A */
	procs[3] = (struct fake_proc){ 300, 100, 30, "burst", "/t/B" }; /* B */
	owners[0].inode = 1000; owners[0].pid = 200;
	owners[1].inode = 1001; owners[1].pid = 201;
	owners[2].inode = 1002; owners[2].pid = 200;
	cgroups[0].cgroup_id = 77; cgroups[0].pid = 300; cgroups[0].path = "/t/B";
	cgroups[1].cgroup_id = 78; cgroups[1].pid = 0; cgroups[1].path = "/t/shared";
	struct fixture *f = calloc(1, sizeof(*f));
	*state = f;
	if (f)
		f->lg.linger_ns = NLG_DEFAULT_LINGER_NS;
	return f ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	Nlg_ledger_done(&f->lg);
	Nlg_raw_socks_done(&f->rs);
	free(f);
	return 0;
}

static struct Nlg_raw_sock *sock(struct fixture *f, uint64_t cookie, uint64_t inode, int proto,
				 uint64_t rx, uint64_t tx, bool closed)
{
	struct Nlg_raw_sock *s = Nlg_raw_socks_push(&f->rs);
	assert_non_null(s);
	s->cookie = cookie;
	s->inode = inode;
	s->family = AF_INET;
	s->proto = (uint8_t)proto;
	s->state = 1;
	s->has_tcp_info = proto == IPPROTO_TCP;
	s->bytes_received = rx;
	s->bytes_acked = tx;
	s->closed = closed;
	return s;
}

static struct Nlg_raw_sock *wire(struct Nlg_raw_sock *s, uint64_t rx, uint64_t tx,
				 uint32_t tgid, uint64_t created)
{
	s->has_wire = true;
	s->wire_rx = rx;
	s->wire_tx = tx;
	s->wire_rx_packets = rx / 1028;
	s->wire_tx_packets = tx / 1028;
	s->creator_tgid = tgid;
	s->created_ns = created;
	strcpy(s->creator_comm, "x");
	return s;
}

static void apply(struct fixture *f, bool closures)
{
	struct Nlg_sample_ctx sc = { .now_ns = f->now, .dt_ns = f->samples ? SEC : 0,
				     .ceiling = 10000000000ull };
	f->rs.closures_seen = closures;
	f->rs.ebpf_active = f->ebpf;
	assert_int_equal(Nlg_ledger_apply(&f->lg, &f->rs, &sc, &ops), 0);
	Nlg_raw_socks_clear(&f->rs);
	f->samples++;
	f->now += SEC;
}

static const struct nlg_proc *proc(struct fixture *f, int pid)
{
	for (size_t i = 0; i < f->lg.nprocs; i++)
		if (f->lg.procs[i]->d.pid == pid && !f->lg.procs[i]->gone)
			return f->lg.procs[i];
	return NULL;
}

static size_t count_events(struct fixture *f, enum nlg_event_type t)
{
	size_t n = 0;
	for (size_t i = 0; i < f->lg.nevents; i++)
		n += f->lg.events[i].type == t;
	return n;
}

/* A connection opened after the first sample counts all its bytes; a
 * closed one's bytes stay in its process and app. */
static void lifetime_and_totals(void **state)
{
	struct fixture *f = *state;
	apply(f, true);
	sock(f, 5, 1000, IPPROTO_TCP, 0, 3000, false);
	apply(f, true);
	assert_int_equal(count_events(f, NLG_EVENT_CONN_ADDED), 1);
	sock(f, 5, 1000, IPPROTO_TCP, 10, 9000, false);
	apply(f, true);
	assert_int_equal(count_events(f, NLG_EVENT_CONN_UPDATED), 1);
	assert_int_equal(f->lg.events[0].tx_delta, 6000);
	/* closed: the destroy event carries the final counts */
	sock(f, 5, 0, IPPROTO_TCP, 10, 10000, true);
	apply(f, true);
	assert_int_equal(count_events(f, NLG_EVENT_CONN_REMOVED), 1);
	assert_int_equal(f->lg.events[0].conn->tx.since_start, 10000);
	apply(f, true);
	assert_int_equal(f->lg.nconns, 0);
	assert_int_equal(proc(f, 200)->tx, 10000);
	assert_int_equal(proc(f, 200)->rx, 10);
	assert_int_equal(proc(f, 200)->app->tx, 10000);
	/* a late duplicate of the event is not counted twice */
	sock(f, 5, 0, IPPROTO_TCP, 10, 10000, true);
	apply(f, true);
	assert_int_equal(proc(f, 200)->tx, 10000);
	assert_int_equal(f->lg.nconns, 0);
}

/* A connection no process was found for when it appeared is looked up
 * again: once its process is found, what it moves from then on is the
 * process's; what it moved before stays unattributed. A connection that
 * stays ownerless is looked up a bounded number of times. */
static void owner_found_later(void **state)
{
	struct fixture *f = *state;
	apply(f, true);
	sock(f, 7, 4242, IPPROTO_TCP, 0, 100, false);
	sock(f, 8, 4343, IPPROTO_TCP, 0, 50, false);
	apply(f, true);
	const struct nlg_conn *c = f->lg.conns[0];
	assert_null(c->proc);
	assert_int_equal(c->why, NLG_OWNER_NOT_FOUND);
	const struct nlg_app *none = c->app;
	assert_non_null(none);
	assert_int_equal(none->tx, 150);
	owners[3].inode = 4242;
	owners[3].pid = 300;
	for (uint64_t k = 1; k <= 5; k++) {
		sock(f, 7, 4242, IPPROTO_TCP, 0, 100 + 1000 * k, false);
		sock(f, 8, 4343, IPPROTO_TCP, 0, 50 + 10 * k, false);
		apply(f, true);
	}
	c = f->lg.conns[0];
	assert_non_null(c->proc);
	assert_int_equal(c->why, NLG_OWNER_OK);
	assert_int_equal(proc(f, 300)->tx, 5000);
	assert_int_equal(none->tx, 150 + 50);
	assert_null(f->lg.conns[1]->proc);
	assert_int_equal(f->lg.conns[1]->owner_tries, NLG_OWNER_RETRIES);
}

/* A and its child D fold into one app; the shell above does not. */
static void helpers_fold_into_their_app(void **state)
{
	struct fixture *f = *state;
	apply(f, true);
	sock(f, 1, 1000, IPPROTO_TCP, 0, 100, false);
	sock(f, 2, 1001, IPPROTO_TCP, 0, 50, false);
	apply(f, true);
	assert_ptr_equal(proc(f, 200)->app, proc(f, 201)->app);
	assert_string_equal(proc(f, 200)->app->name, "sender");
	assert_string_equal(proc(f, 200)->app->key, "comm:sender");
	assert_int_equal(proc(f, 200)->app->tx, 150);
	assert_int_equal(proc(f, 200)->app->nprocs, 2);
	assert_int_equal(proc(f, 200)->app->nconns, 2);
}

/* Opened and closed between two samples: attributed by its cgroup. */
static void closed_unseen_by_cgroup(void **state)
{
	struct fixture *f = *state;
	apply(f, true);
	for (uint64_t c = 100; c < 110; c++) {
		struct Nlg_raw_sock *s = sock(f, c, 0, IPPROTO_TCP, 0, 20480, true);
		s->cgroup_id = 77;
	}
	struct Nlg_raw_sock *s = sock(f, 200, 0, IPPROTO_TCP, 0, 5, true);
	s->cgroup_id = 78; /* several members: the app only */
	s = sock(f, 201, 0, IPPROTO_TCP, 0, 7, true);
	s->cgroup_id = 0;  /* nothing to go by */
	apply(f, true);
	assert_int_equal(count_events(f, NLG_EVENT_CONN_ADDED), 12);
	assert_int_equal(count_events(f, NLG_EVENT_CONN_REMOVED), 12);
	assert_int_equal(proc(f, 300)->tx, 10 * 20480);
	assert_string_equal(proc(f, 300)->app->name, "/t/B");
	const struct nlg_conn *shared = NULL, *lost = NULL;
	for (size_t i = 0; i < f->lg.nconns; i++) {
		if (f->lg.conns[i]->last.cookie == 200)
			shared = f->lg.conns[i];
		if (f->lg.conns[i]->last.cookie == 201)
			lost = f->lg.conns[i];
	}
	assert_null(shared->proc);
	assert_int_equal(shared->why, NLG_OWNER_AMBIGUOUS);
	assert_string_equal(shared->app->name, "/t/shared");
	assert_null(lost->proc);
	assert_int_equal(lost->why, NLG_OWNER_CLOSED_UNSEEN);
	assert_int_equal(lost->app->kind, NLG_APP_UNATTRIBUTED);
	assert_int_equal(lost->app->tx, 7);
}

/* The kernel may repeat a destroy event: one connection, counted once. */
static void repeated_event_in_one_sample(void **state)
{
	struct fixture *f = *state;
	apply(f, true);
	sock(f, 40, 0, IPPROTO_TCP, 0, 300, true);
	sock(f, 41, 0, IPPROTO_TCP, 0, 100, true);
	sock(f, 40, 0, IPPROTO_TCP, 0, 300, true);
	apply(f, true);
	assert_int_equal(f->lg.nconns, 2);
	assert_int_equal(count_events(f, NLG_EVENT_CONN_REMOVED), 2);
	assert_int_equal(f->lg.apps[0]->tx, 400);
}

/* A socket born after the last sample, read in the dump and closed before
 * the destroy events were read: both readings in one sample, and all its
 * bytes reach its process. */
static void dump_then_event_in_one_sample(void **state)
{
	struct fixture *f = *state;
	apply(f, true);
	sock(f, 50, 1000, IPPROTO_TCP, 0, 700, false);
	sock(f, 50, 0, IPPROTO_TCP, 0, 900, true);
	apply(f, true);
	assert_int_equal(proc(f, 200)->tx, 900);
	/* and a known one, updated by the dump and then closed */
	sock(f, 51, 1002, IPPROTO_TCP, 0, 100, false);
	apply(f, true);
	sock(f, 51, 1002, IPPROTO_TCP, 0, 300, false);
	sock(f, 51, 0, IPPROTO_TCP, 0, 350, true);
	apply(f, true);
	assert_int_equal(proc(f, 200)->tx, 900 + 350);
}

/* Without destroy events a vanished connection closes at once with its
 * last counts; with them, it waits one sample for its final counts. */
static void absence(void **state)
{
	struct fixture *f = *state;
	apply(f, false);
	sock(f, 9, 1000, IPPROTO_TCP, 0, 100, false);
	apply(f, false);
	apply(f, false);
	assert_int_equal(count_events(f, NLG_EVENT_CONN_REMOVED), 1);
	assert_int_equal(proc(f, 200)->tx, 100);

	sock(f, 10, 1002, IPPROTO_TCP, 0, 100, false);
	apply(f, true);
	apply(f, true); /* absent: waits */
	assert_int_equal(count_events(f, NLG_EVENT_CONN_REMOVED), 0);
	sock(f, 10, 0, IPPROTO_TCP, 0, 400, true); /* its event, a sample late */
	apply(f, true);
	assert_int_equal(count_events(f, NLG_EVENT_CONN_REMOVED), 1);
	assert_int_equal(proc(f, 200)->tx, 500);
}

/* A connection last sampled before its bytes were acked leaves the dump
 * in a sample whose destroy events overflowed: its last counts are not its
 * final ones, so it says so (no bytes, its app's totals may miss some),
 * while one that leaves long after a loss keeps its counts. */
static void absence_with_lost_events(void **state)
{
	struct fixture *f = *state;
	apply(f, true);
	sock(f, 11, 1000, IPPROTO_TCP, 0, 0, false);
	sock(f, 12, 1002, IPPROTO_TCP, 0, 100, false);
	apply(f, true);
	sock(f, 12, 1002, IPPROTO_TCP, 0, 100, false);
	f->rs.lost_events = 1;   /* 11's event was in the overflow */
	apply(f, true);          /* absent: waits */
	sock(f, 12, 1002, IPPROTO_TCP, 0, 100, false);
	f->rs.lost_events = 1;
	apply(f, true);
	assert_int_equal(count_events(f, NLG_EVENT_CONN_REMOVED), 1);
	const struct nlg_conn *c = f->lg.events[0].conn;
	assert_true(nlg_conn_final_unknown(c));
	assert_false(nlg_conn_has_bytes(c));
	assert_true(nlg_app_has_unknown_bytes(c->app));
	for (int i = 0; i < 3; i++) {
		sock(f, 12, 1002, IPPROTO_TCP, 0, 100, false);
		f->rs.lost_events = 1;
		apply(f, true);
	}
	f->rs.lost_events = 1;
	apply(f, true);          /* 12 absent, no loss lately: waits */
	f->rs.lost_events = 1;
	apply(f, true);
	assert_int_equal(count_events(f, NLG_EVENT_CONN_REMOVED), 1);
	c = f->lg.events[0].conn;
	assert_false(nlg_conn_final_unknown(c));
	assert_true(nlg_conn_has_bytes(c));
	assert_int_equal(nlg_conn_tx_since_start(c), 100);
}

/* UDP: listed, owner known, bytes unknown and never counted as zero. */
static void udp_bytes_unknown(void **state)
{
	struct fixture *f = *state;
	apply(f, true);
	sock(f, 11, 1000, IPPROTO_UDP, 0, 0, false);
	apply(f, true);
	const struct nlg_conn *c = f->lg.conns[0];
	assert_false(nlg_conn_has_bytes(c));
	assert_ptr_equal(c->proc, proc(f, 200));
	assert_true(proc(f, 200)->unknown_bytes);
	assert_true(proc(f, 200)->app->unknown_bytes);
}

/* A recycled pid is a new process; the old one keeps its totals. */
static void recycled_pid(void **state)
{
	struct fixture *f = *state;
	apply(f, true);
	sock(f, 20, 1000, IPPROTO_TCP, 0, 700, false);
	apply(f, true);
	sock(f, 20, 0, IPPROTO_TCP, 0, 700, true);
	apply(f, true);
	procs[1].start = 99; /* pid 200 exits; a new process gets the pid */
	procs[1].comm = "other";
	sock(f, 21, 1000, IPPROTO_TCP, 0, 5, false);
	apply(f, true);
	const struct nlg_proc *old = NULL, *neu = proc(f, 200);
	for (size_t i = 0; i < f->lg.nprocs; i++)
		if (f->lg.procs[i]->d.pid == 200 && f->lg.procs[i]->gone)
			old = f->lg.procs[i];
	assert_non_null(old);
	assert_non_null(neu);
	assert_ptr_not_equal(old, neu);
	assert_int_equal(old->tx, 700);
	assert_int_equal(neu->tx, 5);
	assert_string_equal(neu->d.comm, "other");
}

/* Unattributed: what the interfaces moved beyond what sockets explain. */
static void attribution(void **state)
{
	struct fixture *f = *state;
	struct Nlg_iface_table t = { 0 };
	struct Nlg_raw_links rl = { 0 };
	struct Nlg_sample_ctx sc = { .now_ns = 0, .ceiling = 10000000000ull };
	struct Nlg_raw_link *l = Nlg_raw_links_push(&rl);
	l->ifindex = 2;
	l->counter_width = 64;
	l->counter_mask = 3;
	assert_int_equal(Nlg_iface_table_apply(&t, &rl, &sc), 0);
	apply(f, true);
	l->counters[NLG_TX_BYTES] = 10000;
	l->counters[NLG_RX_BYTES] = 100;
	sc.now_ns = SEC;
	sc.dt_ns = SEC;
	assert_int_equal(Nlg_iface_table_apply(&t, &rl, &sc), 0);
	sock(f, 30, 1000, IPPROTO_TCP, 40, 6000, false);
	sock(f, 31, 1001, IPPROTO_UDP, 0, 0, false);
	apply(f, true);
	Nlg_ledger_attribute(&f->lg, &t, &rl, &sc);
	assert_int_equal(f->lg.attr.wire_tx, 10000);
	assert_int_equal(f->lg.attr.payload_tx, 6000);
	assert_int_equal(f->lg.attr.unattributed_tx, 4000);
	assert_true(f->lg.attr.coverage_tx == 0.6);
	assert_int_equal(f->lg.attr.conns_without_bytes, 1);
	/* the unattributed row holds what the line calls unattributed */
	const struct nlg_app *u = NULL;
	for (size_t i = 0; i < f->lg.napps; i++)
		if (f->lg.apps[i]->kind == NLG_APP_UNATTRIBUTED)
			u = f->lg.apps[i];
	assert_non_null(u);
	assert_int_equal(u->tx, f->lg.attr.total_unattributed_tx);
	assert_int_equal(u->rx, f->lg.attr.total_unattributed_rx);
	assert_int_equal(u->tx, 4000);
	Nlg_iface_table_done(&t);
	Nlg_raw_links_done(&rl);
}

/* A forwarding host: bytes in on one interface and out on another with no
 * socket are forwarded, counted once, never more than the kernel's count
 * of forwarded packets could carry. */
static void attribution_forwarding(void **state)
{
	struct fixture *f = *state;
	struct Nlg_iface_table t = { 0 };
	struct Nlg_raw_links rl = { 0 };
	struct Nlg_sample_ctx sc = { .now_ns = 0, .ceiling = 10000000000ull };
	for (int i = 0; i < 2; i++) {
		struct Nlg_raw_link *l = Nlg_raw_links_push(&rl);
		l->ifindex = 2 + i;
		l->mtu = 1500;
		l->counter_width = 64;
		l->counter_mask = 15;
	}
	rl.have_fwd = true;
	assert_int_equal(Nlg_iface_table_apply(&t, &rl, &sc), 0);
	apply(f, true);
	Nlg_ledger_attribute(&f->lg, &t, &rl, &sc);
	/* 30 000 bytes in 20 packets through: in on 2, out on 3, plus 500
	 * bytes of something else in on 2 */
	rl.links[0].counters[NLG_RX_BYTES] = 30500;
	rl.links[0].counters[NLG_RX_PACKETS] = 21;
	rl.links[1].counters[NLG_TX_BYTES] = 30000;
	rl.links[1].counters[NLG_TX_PACKETS] = 20;
	rl.fwd_packets = 20;
	sc.now_ns = sc.dt_ns = SEC;
	assert_int_equal(Nlg_iface_table_apply(&t, &rl, &sc), 0);
	apply(f, true);
	Nlg_ledger_attribute(&f->lg, &t, &rl, &sc);
	assert_int_equal(f->lg.attr.forwarded, 30000);
	assert_int_equal(f->lg.attr.unattributed_rx, 500);
	assert_int_equal(f->lg.attr.unattributed_tx, 0);
	/* without forwarded packets, nothing is called forwarded */
	rl.links[0].counters[NLG_RX_BYTES] += 1000;
	rl.links[1].counters[NLG_TX_BYTES] += 1000;
	sc.now_ns += SEC;
	assert_int_equal(Nlg_iface_table_apply(&t, &rl, &sc), 0);
	apply(f, true);
	Nlg_ledger_attribute(&f->lg, &t, &rl, &sc);
	assert_int_equal(f->lg.attr.forwarded, 0);
	assert_int_equal(f->lg.attr.unattributed_rx, 1000);
	assert_int_equal(f->lg.attr.unattributed_tx, 1000);
	assert_int_equal(f->lg.attr.total_forwarded, 30000);
	Nlg_iface_table_done(&t);
	Nlg_raw_links_done(&rl);
}


static const struct nlg_conn *conn(struct fixture *f, uint64_t cookie)
{
	for (size_t i = 0; i < f->lg.nconns; i++)
		if (f->lg.conns[i]->last.cookie == cookie)
			return f->lg.conns[i];
	return NULL;
}

static void netns_of(struct fixture *f, uint64_t inode, const char *name, bool self)
{
	struct Nlg_raw_netns *ns = Nlg_raw_socks_push_netns(&f->rs);
	assert_non_null(ns);
	ns->inode = inode;
	ns->self = self;
	snprintf(ns->name, sizeof(ns->name), "%s", name);
}

/* Connections of several namespaces: each carries its namespace's inode
 * and name (an ip netns name, else the container whose process has a
 * socket there); only those of the home namespace count against its
 * interfaces. */
static void netns_names(void **state)
{
	struct fixture *f = *state;
	procs[4] = (struct fake_proc){ 400, 1, 40, "nginx",
		"/system.slice/docker-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope" };
	owners[3].inode = 1004;
	owners[3].pid = 400;
	struct Nlg_iface_table none = { 0 };
	struct Nlg_raw_links nolinks = { 0 };
	struct Nlg_sample_ctx sc = { .now_ns = 0 };
	for (int round = 0; round < 2; round++) {
		netns_of(f, 1, "", true);
		netns_of(f, 8, round ? "green" : "blue", false);
		netns_of(f, 9, "", false);
		sock(f, 40, 1004, IPPROTO_TCP, 0, 500 * (round + 1), false)->netns = 9;
		sock(f, 41, 1000, IPPROTO_TCP, 0, 700 * (round + 1), false)->netns = 8;
		sock(f, 42, 1002, IPPROTO_TCP, 0, 100 * (round + 1), false)->netns = 1;
		assert_int_equal(Nlg_ledger_netns(&f->lg, &f->rs), 0);
		apply(f, true);
	}
	assert_int_equal(nlg_conn_netns(conn(f, 40)), 9);
	assert_string_equal(nlg_conn_netns_name(conn(f, 40)), "docker:0123456789ab");
	/* a namespace's inode reused under another name */
	assert_string_equal(nlg_conn_netns_name(conn(f, 41)), "green");
	assert_string_equal(nlg_conn_netns_name(conn(f, 42)), "");
	Nlg_ledger_attribute(&f->lg, &none, &nolinks, &sc);
	assert_int_equal(f->lg.attr.payload_tx, 100);
	assert_int_equal(f->lg.nnetns, 3);
	/* the container's TCP payload, by protocol */
	assert_int_equal(nlg_app_tcp_payload_tx(conn(f, 40)->app), 500);
	assert_int_equal(nlg_app_udp_ip_tx(conn(f, 40)->app), 0);
}

/* With the eBPF counter, UDP sockets have IP bytes, processes count IP
 * bytes, and a socket born and gone between samples keeps its creator. */
static void ebpf_udp_and_creators(void **state)
{
	struct fixture *f = *state;
	f->ebpf = true;
	apply(f, true);
	wire(sock(f, 9, 1000, IPPROTO_UDP, 0, 0, false), 0, 10280, 200, 25);
	apply(f, true);
	wire(sock(f, 9, 1000, IPPROTO_UDP, 0, 0, false), 0, 20560, 200, 25);
	/* made by B (no inode, closed unseen), and by a process that exited */
	wire(sock(f, 11, 0, IPPROTO_UDP, 0, 0, true), 0, 1028, 300, 35);
	wire(sock(f, 12, 0, IPPROTO_UDP, 0, 0, true), 0, 2056, 900, 90);
	apply(f, true);
	const struct nlg_conn *c = f->lg.conns[0];
	assert_true(nlg_conn_has_bytes(c));
	assert_int_equal(nlg_conn_tx_since_start(c), 20560);
	assert_int_equal(proc(f, 200)->tx, 20560);
	assert_false(proc(f, 200)->unknown_bytes);
	assert_int_equal(proc(f, 300)->tx, 1028);
	/* the exited creator is a gone process with its bytes */
	const struct nlg_proc *gone = NULL;
	for (size_t i = 0; i < f->lg.nprocs; i++)
		if (f->lg.procs[i]->d.pid == 900)
			gone = f->lg.procs[i];
	assert_non_null(gone);
	assert_true(gone->gone);
	assert_int_equal(gone->tx, 2056);
	struct Nlg_iface_table none = { 0 };
	struct Nlg_raw_links nolinks = { 0 };
	struct Nlg_sample_ctx sc = { .now_ns = 0 };
	Nlg_ledger_attribute(&f->lg, &none, &nolinks, &sc);
	assert_int_equal(f->lg.attr.payload_tx, 10280 + 1028 + 2056);
	assert_true(f->lg.attr.ip_bytes);
}

/* A recycled pid: the creator's pid now runs a process that started after
 * the socket was made, so the socket is not given to it. */
static void ebpf_recycled_creator(void **state)
{
	struct fixture *f = *state;
	f->ebpf = true;
	owners[3].inode = 1003; owners[3].pid = 300;
	sock(f, 14, 1003, IPPROTO_TCP, 0, 0, false);
	apply(f, true);
	sock(f, 14, 1003, IPPROTO_TCP, 0, 0, false);
	wire(sock(f, 13, 0, IPPROTO_UDP, 0, 0, true), 0, 1028, 300, 29); /* B started at 30 */
	apply(f, true);
	assert_int_equal(f->lg.nconns, 2);
	const struct nlg_proc *p = f->lg.conns[0]->proc;
	assert_non_null(p);
	assert_true(p->gone);
	assert_int_equal(p->d.start_ticks, 0);
	/* the live B keeps its identity and its pid */
	assert_non_null(proc(f, 300));
}

/* A TCP connection known before the counter saw it counts IP bytes from
 * zero once it appears; its payload columns stay payload. */
static void ebpf_tcp_wire_beside_payload(void **state)
{
	struct fixture *f = *state;
	f->ebpf = true;
	sock(f, 20, 1000, IPPROTO_TCP, 100, 100, false);
	apply(f, true);
	sock(f, 20, 1000, IPPROTO_TCP, 100, 1100, false);
	apply(f, true);
	wire(sock(f, 20, 1000, IPPROTO_TCP, 100, 2100, false), 52, 1104, 0, 0);
	apply(f, true);
	const struct nlg_conn *c = f->lg.conns[0];
	assert_int_equal(nlg_conn_tx_since_start(c), 2000);
	assert_true(nlg_conn_has_wire(c));
	assert_int_equal(nlg_conn_tx_wire_bytes(c), 1104);
	/* with the counter running, the process counts IP bytes only: a socket
	 * it has no entry for moved nothing since it was loaded */
	assert_int_equal(proc(f, 200)->tx, 1104);
	assert_false(proc(f, 200)->unknown_bytes);
}

static const struct nlg_app *app_keyed(struct fixture *f, const char *key)
{
	for (size_t i = 0; i < f->lg.napps; i++)
		if (!strcmp(f->lg.apps[i]->key, key))
			return f->lg.apps[i];
	return NULL;
}

/* One run of a short program: a process with one connection of 100 bytes,
 * seen by one sample, then gone with its connection closed. */
static void short_run(struct fixture *f, int i)
{
	procs[4] = (struct fake_proc){ 1000 + i, 100, 1000 + (uint64_t)i, "curl", "/", "/usr/bin/curl" };
	owners[3].inode = 5000 + (uint64_t)i;
	owners[3].pid = 1000 + i;
	sock(f, 7000 + (uint64_t)i, 5000 + (uint64_t)i, IPPROTO_TCP, 1, 100, false);
	apply(f, true);
	procs[4].pid = 0;
	sock(f, 7000 + (uint64_t)i, 0, IPPROTO_TCP, 1, 100, true);
}

/* Many runs of one program are one app holding their sum; each exited run
 * is gone at the next sample, listed for the linger, then freed; then the
 * app, left with nothing, goes too. What the ledger holds stays bounded. */
static void runs_are_one_app_and_retire(void **state)
{
	struct fixture *f = *state;
	apply(f, true);
	for (int i = 0; i < 200; i++) {
		short_run(f, i);
		assert_true(f->lg.nprocs < 20);
	}
	apply(f, true);
	const struct nlg_app *a = app_keyed(f, "exe:/usr/bin/curl");
	assert_non_null(a);
	assert_string_equal(a->name, "curl");
	assert_int_equal(a->tx, 200 * 100);
	assert_int_equal(a->rx, 200);
	size_t napps = 0;
	for (size_t i = 0; i < f->lg.napps; i++)
		napps += !strcmp(f->lg.apps[i]->name, "curl");
	assert_int_equal(napps, 1);
	/* the last run: gone at once, still listed */
	bool last_listed = false;
	for (size_t i = 0; i < f->lg.nprocs; i++)
		if (f->lg.procs[i]->d.pid == 1199) {
			assert_true(f->lg.procs[i]->gone);
			last_listed = true;
		}
	assert_true(last_listed);
	for (int i = 0; i < 10; i++)
		apply(f, true);
	for (size_t i = 0; i < f->lg.nprocs; i++)
		assert_true(f->lg.procs[i]->d.pid < 1000);
	assert_int_equal(app_keyed(f, "exe:/usr/bin/curl")->tx, 200 * 100);
	for (int i = 0; i < 11; i++)
		apply(f, true);
	assert_null(app_keyed(f, "exe:/usr/bin/curl"));
}

/* A process that exits while it holds nothing is gone at the next sample. */
static void exit_is_seen_next_sample(void **state)
{
	struct fixture *f = *state;
	apply(f, true);
	sock(f, 30, 1000, IPPROTO_TCP, 0, 10, false);
	apply(f, true);
	sock(f, 30, 0, IPPROTO_TCP, 0, 10, true);
	apply(f, true);
	assert_non_null(proc(f, 200));
	procs[1].pid = 0;    /* exits */
	apply(f, true);
	assert_null(proc(f, 200));
	assert_int_equal(f->lg.procs[0]->gone, true);
	assert_int_equal(f->lg.procs[0]->tx, 10);
}

/* With the eBPF counter, a run that exited before any sample is known by
 * its name only: it joins the program of that name seen running. */
static void exited_run_joins_its_program(void **state)
{
	struct fixture *f = *state;
	f->ebpf = true;
	apply(f, true);
	procs[4] = (struct fake_proc){ 1000, 100, 1000, "curl", "/", "/usr/bin/curl" };
	owners[3].inode = 5000;
	owners[3].pid = 1000;
	wire(sock(f, 7000, 5000, IPPROTO_TCP, 0, 100, false), 0, 1028, 1000, 1000);
	apply(f, true);
	struct Nlg_raw_sock *s = wire(sock(f, 7001, 0, IPPROTO_TCP, 0, 100, true), 0, 2056, 4242, 1500);
	strcpy(s->creator_comm, "curl");
	apply(f, true);
	const struct nlg_app *a = app_keyed(f, "exe:/usr/bin/curl");
	assert_non_null(a);
	assert_int_equal(a->tx, 1028 + 2056);
	assert_null(app_keyed(f, "comm:curl"));
}

/* A socket's counters only grow for its life (its cookie is never reused):
 * a reading lower than the last one is an older view of it (a reused dump,
 * a reading merged late), never a reset to count again in full. */
static void stale_reading_not_recounted(void **state)
{
	struct fixture *f = *state;
	apply(f, true);
	sock(f, 5, 1000, IPPROTO_TCP, 0, 3000, false);
	apply(f, true);
	sock(f, 5, 1000, IPPROTO_TCP, 0, 9000, false);
	apply(f, true);
	sock(f, 5, 1000, IPPROTO_TCP, 0, 3000, false);  /* stale */
	apply(f, true);
	assert_int_equal(f->lg.conns[0]->tx.since_start, 9000);
	sock(f, 5, 1000, IPPROTO_TCP, 0, 10000, false);
	apply(f, true);
	assert_int_equal(f->lg.conns[0]->tx.since_start, 10000);
	/* the eBPF counter's bytes the same, live and final */
	const uint64_t udp[] = { 5000, 2000 /* stale */, 6000 };
	for (size_t i = 0; i < 3; i++) {
		sock(f, 5, 1000, IPPROTO_TCP, 0, 10000, false);
		wire(sock(f, 6, 1001, IPPROTO_UDP, 0, 0, i == 2), 0, udp[i], 200, 1);
		apply(f, true);
	}
	assert_non_null(conn(f, 6)->w);
	assert_int_equal(conn(f, 6)->w->tx.since_start, 6000);
	sock(f, 5, 0, IPPROTO_TCP, 0, 10000, true);
	apply(f, true);
	apply(f, true);
	assert_int_equal(proc(f, 200)->tx, 10000);
}

/* A connection closed by absence (missing from two dumps) that is listed
 * again, however late: only what it moved since its last reading counts,
 * never its whole count a second time; a late destroy event's growth over
 * that last reading counts too. */
static void reappearing_cookie_not_recounted(void **state)
{
	struct fixture *f = *state;
	apply(f, true);
	wire(sock(f, 20, 1000, IPPROTO_TCP, 0, 5000, false), 0, 6000, 200, 1);
	apply(f, true);
	for (int i = 0; i < 2 + 8; i++)
		apply(f, true);  /* absent: closed, then 8 samples later listed again */
	assert_int_equal(proc(f, 200)->tx, 5000);
	wire(sock(f, 20, 1000, IPPROTO_TCP, 0, 5000, false), 0, 6000, 200, 1);
	apply(f, true);
	assert_int_equal(proc(f, 200)->tx, 5000);
	wire(sock(f, 20, 1000, IPPROTO_TCP, 0, 5500, false), 0, 6600, 200, 1);
	apply(f, true);
	assert_int_equal(proc(f, 200)->tx, 5500);
	assert_int_equal(conn(f, 20)->w->tx.since_start, 600);

	/* closed by absence, then its destroy event with more bytes */
	wire(sock(f, 21, 1002, IPPROTO_TCP, 0, 100, false), 0, 200, 200, 100);
	apply(f, true);
	apply(f, true);
	apply(f, true);
	assert_int_equal(proc(f, 200)->tx, 5500 + 100);
	wire(sock(f, 21, 0, IPPROTO_TCP, 0, 400, true), 0, 500, 200, 100);
	apply(f, true);
	assert_int_equal(proc(f, 200)->tx, 5500 + 400);
	/* and the same event once more: nothing */
	wire(sock(f, 21, 0, IPPROTO_TCP, 0, 400, true), 0, 500, 200, 100);
	apply(f, true);
	apply(f, true);
	assert_int_equal(proc(f, 200)->tx, 5500 + 400);
}

/* An incremental view's reading that nothing moved on is only confirmed:
 * no delta, no event, still open. One flagged unchanged whose counts do
 * differ (a reading the ledger never took) is counted in full. */
static void unchanged_reading_confirmed(void **state)
{
	struct fixture *f = *state;
	apply(f, true);
	wire(sock(f, 5, 1000, IPPROTO_TCP, 0, 3000, false), 100, 3100, 200, 1);
	apply(f, true);
	wire(sock(f, 5, 1000, IPPROTO_TCP, 0, 3000, false), 100, 3100, 200, 1)->unchanged = true;
	apply(f, true);
	assert_int_equal(f->lg.nevents, 0);
	assert_int_equal(conn(f, 5)->tx.last_delta, 0);
	assert_int_equal(conn(f, 5)->tx.since_start, 3000);
	assert_int_equal(conn(f, 5)->w->tx.since_start, 3100);
	assert_false(conn(f, 5)->closed);
	wire(sock(f, 5, 1000, IPPROTO_TCP, 0, 5000, false), 100, 5200, 200, 1)->unchanged = true;
	apply(f, true);
	assert_int_equal(count_events(f, NLG_EVENT_CONN_UPDATED), 1);
	assert_int_equal(conn(f, 5)->tx.last_delta, 2000);
	assert_int_equal(conn(f, 5)->w->tx.since_start, 5200);
	sock(f, 5, 0, IPPROTO_TCP, 0, 6000, true);
	apply(f, true);
	apply(f, true);
	assert_int_equal(proc(f, 200)->tx, 6000);
}

/* What a connection keeps of its readings: a later reading without TCP
 * counters, inode or endpoints (a time-wait entry, a destroy event, an
 * eBPF-only reading) leaves the last known ones; a UDP socket's totals
 * are its eBPF counts. */
static void partial_readings_keep_the_last(void **state)
{
	struct fixture *f = *state;
	apply(f, true);
	struct Nlg_raw_sock *s = sock(f, 5, 1000, IPPROTO_TCP, 70, 3000, false);
	s->rtt_us = 250;
	s->retrans = 3;
	s->netns = 4026531840u;
	wire(sock(f, 6, 1001, IPPROTO_UDP, 0, 0, false), 500, 900, 200, 1);
	apply(f, true);
	s = sock(f, 5, 0, IPPROTO_TCP, 0, 0, false);
	s->has_tcp_info = false;
	s->family = 0;
	s->proto = 0;
	s->state = 6;
	wire(sock(f, 6, 1001, IPPROTO_UDP, 0, 0, false), 600, 1000, 200, 1);
	apply(f, true);
	const struct nlg_conn *c = conn(f, 5);
	assert_true(nlg_conn_has_bytes(c));
	assert_int_equal(nlg_conn_proto(c), IPPROTO_TCP);
	assert_int_equal(nlg_conn_inode(c), 1000);
	assert_int_equal(nlg_conn_netns(c), 4026531840u);
	assert_int_equal(nlg_conn_rx_total(c), 70);
	assert_int_equal(nlg_conn_tx_total(c), 3000);
	assert_int_equal(nlg_conn_rtt_us(c), 250);
	assert_int_equal(nlg_conn_retrans(c), 3);
	assert_int_equal(nlg_conn_state(c), NLG_CONN_TIME_WAIT);
	assert_int_equal(c->tx.since_start, 3000);
	assert_int_equal(nlg_conn_rx_total(conn(f, 6)), 600);
	assert_int_equal(nlg_conn_tx_total(conn(f, 6)), 1000);
	assert_int_equal(nlg_conn_tx_wire_bytes(conn(f, 6)), 1000);
}

/* The event list of a burst gives its room back once samples are quiet. */
static void burst_room_given_back(void **state)
{
	struct fixture *f = *state;
	apply(f, true);
	for (uint64_t k = 1; k <= 3000; k++)
		sock(f, k, 0, IPPROTO_TCP, 0, 0, false);
	apply(f, true);
	assert_int_equal(f->lg.nevents, 3000);
	assert_true(f->lg.capevents >= 3000);
	for (uint64_t k = 1; k <= 3000; k++)
		sock(f, k, 0, IPPROTO_TCP, 0, 0, false);
	apply(f, true);
	assert_int_equal(f->lg.nevents, 0);
	for (uint64_t k = 1; k <= 3000; k++)
		sock(f, k, 0, IPPROTO_TCP, 0, 0, false);
	apply(f, true);
	assert_true(f->lg.capevents <= 256);
	assert_int_equal(f->lg.nconns, 3000);
}

/* A lent array is read like an owned one, never freed by the reading, and
 * copied before the reading grows. */
static void lent_reading(void **state)
{
	(void)state;
	struct Nlg_raw_sock view[2] = { { .cookie = 1 }, { .cookie = 2 } };
	struct Nlg_raw_socks rs = { 0 };
	assert_non_null(Nlg_raw_socks_push(&rs));
	Nlg_raw_socks_lend(&rs, view, 2, 2);
	assert_ptr_equal(rs.v, view);
	struct Nlg_raw_sock *s = Nlg_raw_socks_push(&rs);
	assert_non_null(s);
	s->cookie = 3;
	assert_ptr_not_equal(rs.v, view);
	assert_int_equal(rs.n, 3);
	assert_int_equal(rs.v[1].cookie, 2);
	assert_int_equal(view[1].cookie, 2);
	Nlg_raw_socks_lend(&rs, view, 2, 2);
	Nlg_raw_socks_clear(&rs);
	assert_null(rs.v);
	Nlg_raw_socks_lend(&rs, view, 2, 2);
	Nlg_raw_socks_done(&rs);
	assert_int_equal(view[0].cookie, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(lifetime_and_totals, setup, teardown),
		cmocka_unit_test_setup_teardown(helpers_fold_into_their_app, setup, teardown),
		cmocka_unit_test_setup_teardown(owner_found_later, setup, teardown),
		cmocka_unit_test_setup_teardown(closed_unseen_by_cgroup, setup, teardown),
		cmocka_unit_test_setup_teardown(absence, setup, teardown),
		cmocka_unit_test_setup_teardown(absence_with_lost_events, setup, teardown),
		cmocka_unit_test_setup_teardown(repeated_event_in_one_sample, setup, teardown),
		cmocka_unit_test_setup_teardown(dump_then_event_in_one_sample, setup, teardown),
		cmocka_unit_test_setup_teardown(udp_bytes_unknown, setup, teardown),
		cmocka_unit_test_setup_teardown(recycled_pid, setup, teardown),
		cmocka_unit_test_setup_teardown(attribution, setup, teardown),
		cmocka_unit_test_setup_teardown(netns_names, setup, teardown),
		cmocka_unit_test_setup_teardown(attribution_forwarding, setup, teardown),
		cmocka_unit_test_setup_teardown(ebpf_udp_and_creators, setup, teardown),
		cmocka_unit_test_setup_teardown(ebpf_recycled_creator, setup, teardown),
		cmocka_unit_test_setup_teardown(ebpf_tcp_wire_beside_payload, setup, teardown),
		cmocka_unit_test_setup_teardown(runs_are_one_app_and_retire, setup, teardown),
		cmocka_unit_test_setup_teardown(exit_is_seen_next_sample, setup, teardown),
		cmocka_unit_test_setup_teardown(exited_run_joins_its_program, setup, teardown),
		cmocka_unit_test_setup_teardown(stale_reading_not_recounted, setup, teardown),
		cmocka_unit_test_setup_teardown(reappearing_cookie_not_recounted, setup, teardown),
		cmocka_unit_test_setup_teardown(unchanged_reading_confirmed, setup, teardown),
		cmocka_unit_test_setup_teardown(partial_readings_keep_the_last, setup, teardown),
		cmocka_unit_test_setup_teardown(burst_room_given_back, setup, teardown),
		cmocka_unit_test(lent_reading),
	};
	return cmocka_run_group_tests_name("ledger", tests, NULL, NULL);
}
