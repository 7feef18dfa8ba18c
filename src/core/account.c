/* SPDX-License-Identifier: MIT */
/*
 * account.c - the accounting of one command: its sockets are those of the
 * monitor's connections made in its cgroup (or by its process tree); a
 * live one is followed sample by sample and, once closed, its final bytes
 * are summed for good. The monitor's socket table, its destroy events and
 * the eBPF counter (which keeps a socket until its final counts are taken)
 * are what makes sockets that live and die between samples count.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/account.h"
#include "core/array.h"
#include "core/error.h"
#include "platform/runcg.h"

/* The last samples of stop(): apart, and at most this many. */
#define SETTLE_NS 100000000ull
#define SETTLE_MAX 20

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

struct nlg_account *nlg_account_new(void)
{
	struct nlg_account *a = calloc(1, sizeof(*a));
	if (!a)
		return NULL;
	a->ebpf = NLG_EBPF_AUTO;
	Nlg_u64map_init(&a->ids);
	Nlg_u64map_init(&a->tree);
	Nlg_u64map_init(&a->live_index);
	Nlg_u64map_init(&a->done);
	for (int k = 0; k < NLG_ROWS_KINDS; k++) {
		Nlg_rowtab_init(&a->closed_rows[k]);
		Nlg_rowtab_init(&a->rows[k]);
	}
	return a;
}

void nlg_account_free(struct nlg_account *a)
{
	if (!a)
		return;
	if (a->scope != NLG_SCOPE_NONE)
		nlg_account_stop(a, NULL);
	nlg_monitor_free(a->mon);
	Nlg_runcg_free(a->cg);
	Nlg_u64map_done(&a->ids);
	Nlg_u64map_done(&a->tree);
	Nlg_u64map_done(&a->live_index);
	Nlg_u64map_done(&a->done);
	for (int k = 0; k < NLG_ROWS_KINDS; k++) {
		Nlg_rowtab_done(&a->closed_rows[k]);
		Nlg_rowtab_done(&a->rows[k]);
	}
	free(a->live);
	free(a);
}

int nlg_account_set_ebpf(struct nlg_account *a, enum nlg_ebpf_mode mode)
{
	if (mode != NLG_EBPF_OFF && mode != NLG_EBPF_AUTO && mode != NLG_EBPF_ON)
		return -EINVAL;
	if (a->scope != NLG_SCOPE_NONE)
		return -EBUSY;
	a->ebpf = mode;
	return 0;
}

/* The monitor, and its first sample: the counters run from here on. */
static int begin(struct nlg_account *a, enum Nlg_account_scope scope)
{
	int err;
	a->mon = nlg_monitor_new();
	if (!a->mon)
		return Nlg_fail(&a->err, -ENOMEM, "out of memory");
	if ((err = nlg_monitor_set_watch(a->mon, NLG_WATCH_SOCKETS)) < 0 ||
	    (err = nlg_monitor_set_ebpf(a->mon, a->ebpf)) < 0)
		return Nlg_fail(&a->err, err, "%s", nlg_strerror(err));
	a->scope = scope;
	a->start_ns = a->last_ns = now_ns();
	err = nlg_account_sample(a);
	if (err < 0) {
		a->scope = NLG_SCOPE_NONE;
		return err;
	}
	/* the time counts from here: loading the counters is not the command's */
	a->start_ns = a->last_ns = now_ns();
	a->t.rx_peak = a->t.tx_peak = 0;
	a->lost0 = nlg_monitor_lost_sock_events(a->mon);
	a->overflow0 = nlg_monitor_ebpf_overflow(a->mon);
	return 0;
}

static int start_check(struct nlg_account *a)
{
	a->err.msg[0] = '\0';
	return a->scope == NLG_SCOPE_NONE ? 0 : Nlg_fail(&a->err, -EBUSY, "already started");
}

int nlg_account_start_new_cgroup(struct nlg_account *a)
{
	int err = start_check(a);
	if (err == 0 && (err = Nlg_runcg_create(&a->cg, NLG_ACCOUNT_PROCFS, &a->err)) == 0 &&
	    (err = begin(a, NLG_SCOPE_NEW_CGROUP)) < 0) {
		int moved;
		Nlg_runcg_remove(a->cg, &moved, NULL);
	}
	return err;
}

int nlg_account_start_cgroup(struct nlg_account *a, const char *path)
{
	int err = start_check(a);
	if (err == 0 && !path)
		err = Nlg_fail(&a->err, -EINVAL, "no cgroup path");
	if (err == 0 && (err = Nlg_runcg_open(&a->cg, NLG_ACCOUNT_PROCFS, path, &a->err)) == 0)
		err = begin(a, NLG_SCOPE_CGROUP);
	return err;
}

int nlg_account_start_tree(struct nlg_account *a, int pid)
{
	int err = start_check(a);
	if (err == 0 && pid <= 0)
		err = Nlg_fail(&a->err, -EINVAL, "invalid pid %d", pid);
	if (err == 0 && Nlg_u64map_put(&a->tree, (uint64_t)pid, 1) < 0)
		err = Nlg_fail(&a->err, -ENOMEM, "out of memory");
	if (err == 0) {
		a->root_pid = pid;
		err = begin(a, NLG_SCOPE_TREE);
	}
	return err;
}

int nlg_account_add_process(struct nlg_account *a, int pid)
{
	if (a->scope != NLG_SCOPE_NEW_CGROUP || a->stopped)
		return Nlg_fail(&a->err, -EINVAL, "the account has no cgroup of its own");
	int err = Nlg_runcg_add(a->cg, pid);
	if (err < 0)
		return Nlg_fail(&a->err, err, "cannot move process %d into %s: %s", pid,
				Nlg_runcg_path(a->cg), strerror(-err));
	return 0;
}

int nlg_account_sample(struct nlg_account *a)
{
	if (a->scope == NLG_SCOPE_NONE || a->stopped)
		return Nlg_fail(&a->err, -EINVAL, "the account is not running");
	a->err.msg[0] = '\0';
	int err = Nlg_account_refresh_ids(a);
	if (err == 0 && (err = nlg_monitor_sample(a->mon)) < 0)
		Nlg_fail(&a->err, err, "%s", nlg_monitor_errmsg(a->mon));
	if (err == 0)
		err = Nlg_account_take(a, now_ns());
	if (err < 0) {
		/* what that sample would have closed may be missing: say so */
		a->failed++;
		memcpy(&a->failure, &a->err, sizeof(a->failure));
		if (a->mon && nlg_monitor_sample_count(a->mon))
			Nlg_account_notes(a);
	}
	return err;
}

int nlg_account_populated(struct nlg_account *a)
{
	if (a->scope == NLG_SCOPE_NONE)
		return -EINVAL;
	if (a->scope != NLG_SCOPE_TREE)
		return Nlg_runcg_populated(a->cg);
	int ppid = Nlg_runcg_ppid(NLG_ACCOUNT_PROCFS, a->root_pid);
	return ppid == -ESRCH ? 0 : ppid < 0 ? ppid : 1;
}

int nlg_account_stop(struct nlg_account *a, int *moved)
{
	int err = 0, n = 0;
	if (moved)
		*moved = 0;
	if (a->scope == NLG_SCOPE_NONE || a->stopped)
		return 0;
	a->stop_ns = now_ns();
	/* Two samples at least: a socket closed at the end may wait one for
	 * its destroy event. Sockets of an empty cgroup are only closing. */
	for (int i = 0; i < SETTLE_MAX; i++) {
		/* the second sample at once: it only takes what the first left
		 * waiting; later ones wait for closing sockets */
		if (i > 1) {
			struct timespec ts = { 0, (long)SETTLE_NS };
			nanosleep(&ts, NULL);
		}
		if ((err = nlg_account_sample(a)) < 0)
			break;
		if (i >= 1 && (a->nlive == 0 || nlg_account_populated(a) != 0))
			break;
	}
	a->stopped = true;
	/* the whole run is one interval too: no peak below the average */
	double secs = (double)a->t.elapsed_ns / 1e9;
	if (secs > 0 && (double)a->t.rx_bytes / secs > a->t.rx_peak)
		a->t.rx_peak = (double)a->t.rx_bytes / secs;
	if (secs > 0 && (double)a->t.tx_bytes / secs > a->t.tx_peak)
		a->t.tx_peak = (double)a->t.tx_bytes / secs;
	if (a->scope == NLG_SCOPE_NEW_CGROUP) {
		int rerr = Nlg_runcg_remove(a->cg, &n, &a->err);
		if (rerr < 0)
			err = rerr;
	}
	if (moved)
		*moved = n;
	return err;
}

const char *nlg_account_errmsg(const struct nlg_account *a)
{
	return a->err.msg;
}

const char *nlg_account_cgroup(const struct nlg_account *a)
{
	return a->cg ? Nlg_runcg_path(a->cg) : "";
}

struct nlg_monitor *nlg_account_monitor(struct nlg_account *a)
{
	return a->mon;
}

int nlg_account_totals(const struct nlg_account *a, struct nlg_account_totals *out)
{
	if (!a->mon)
		return -EINVAL;
	*out = a->t;
	return 0;
}

static const struct nlg_account_row *row_at(const struct nlg_account *a, int kind, size_t i)
{
	return i < a->rows[kind].n ? &a->rows[kind].v[i] : NULL;
}

size_t nlg_account_proto_count(const struct nlg_account *a) { return a->rows[NLG_ROWS_PROTO].n; }
size_t nlg_account_host_count(const struct nlg_account *a) { return a->rows[NLG_ROWS_HOST].n; }
size_t nlg_account_proc_count(const struct nlg_account *a) { return a->rows[NLG_ROWS_PROC].n; }

const struct nlg_account_row *nlg_account_proto_at(const struct nlg_account *a, size_t i)
{
	return row_at(a, NLG_ROWS_PROTO, i);
}

const struct nlg_account_row *nlg_account_host_at(const struct nlg_account *a, size_t i)
{
	return row_at(a, NLG_ROWS_HOST, i);
}

const struct nlg_account_row *nlg_account_proc_at(const struct nlg_account *a, size_t i)
{
	return row_at(a, NLG_ROWS_PROC, i);
}

size_t nlg_account_note_count(const struct nlg_account *a)
{
	return a->nnotes;
}

const char *nlg_account_note_at(const struct nlg_account *a, size_t i)
{
	return i < a->nnotes ? a->notes[i].msg : NULL;
}
