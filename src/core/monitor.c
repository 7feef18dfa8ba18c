/* SPDX-License-Identifier: MIT */
/* monitor.c - the monitor handle: settings, the sample loop, lookups. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "netledger.h"
#include "core/iface.h"
#include "core/ledger.h"
#include "core/totals.h"

struct nlg_monitor {
	char *sysfs_root;
	char *procfs_root;
	enum nlg_link_source link_source;
	enum nlg_ebpf_mode ebpf;
	enum nlg_sampling sampling;
	uint64_t reconcile_ns;
	char *netns;                 /* whose sockets; NULL: current */
	bool all_netns_ifaces;
	uint64_t ceiling;
	nlg_clock_fn clock;
	void *clock_ctx;

	struct Nlg_platform *platform;
	struct Nlg_raw_links raw;
	struct Nlg_iface_table ifaces;
	struct Nlg_totals totals;
	unsigned watch;
	struct Nlg_raw_socks socks;
	struct Nlg_ledger ledger;
	uint64_t samples;
	uint64_t last_ns;
	uint64_t sock_samples;       /* samples that read sockets */
	uint64_t sock_last_ns;
	uint64_t interval_ns;
	struct Nlg_errbuf err;
};

const char *nlg_version(void)
{
	return NLG_VERSION_STRING;
}

/* CLOCK_BOOTTIME keeps counting through suspend, so an interval that spans
 * a suspend is as long as it really was and rates stay honest. Where it
 * does not exist (macOS), CLOCK_MONOTONIC is the clock that counts sleep. */
#ifndef CLOCK_BOOTTIME
#define CLOCK_BOOTTIME CLOCK_MONOTONIC
#endif
static uint64_t boottime_ns(void *ctx)
{
	(void)ctx;
	struct timespec ts;
	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

struct nlg_monitor *nlg_monitor_new(void)
{
	struct nlg_monitor *mon = calloc(1, sizeof(*mon));
	if (!mon)
		return NULL;
	mon->clock = boottime_ns;
	mon->ceiling = NLG_ACC_DEFAULT_CEILING;
	mon->watch = NLG_WATCH_INTERFACES;
	/* Incremental where the eBPF counter runs; without it, full dumps. */
	mon->sampling = NLG_SAMPLING_AUTO;
	mon->ledger.linger_ns = NLG_DEFAULT_LINGER_NS;
	return mon;
}

void nlg_monitor_free(struct nlg_monitor *mon)
{
	if (!mon)
		return;
	if (mon->platform)
		Nlg_platform_close(mon->platform);
	Nlg_raw_links_done(&mon->raw);
	Nlg_iface_table_done(&mon->ifaces);
	Nlg_raw_socks_done(&mon->socks);
	Nlg_ledger_done(&mon->ledger);
	free(mon->sysfs_root);
	free(mon->procfs_root);
	free(mon->netns);
	free(mon);
}

/* Return: 0, -EINVAL for a NULL path, -EBUSY once sampling has begun, or
 * -ENOMEM. */
static int set_path(struct nlg_monitor *mon, char **slot, const char *path)
{
	if (!path)
		return -EINVAL;
	if (mon->platform)
		return -EBUSY;
	char *copy = strdup(path);
	if (!copy)
		return -ENOMEM;
	free(*slot);
	*slot = copy;
	return 0;
}

int nlg_monitor_set_sysfs_root(struct nlg_monitor *mon, const char *path)
{
	return set_path(mon, &mon->sysfs_root, path);
}

int nlg_monitor_set_procfs_root(struct nlg_monitor *mon, const char *path)
{
	return set_path(mon, &mon->procfs_root, path);
}

int nlg_monitor_set_link_source(struct nlg_monitor *mon, enum nlg_link_source src)
{
	if (src != NLG_LINK_SOURCE_AUTO && src != NLG_LINK_SOURCE_NETLINK &&
	    src != NLG_LINK_SOURCE_PROCFS)
		return -EINVAL;
	if (mon->platform)
		return -EBUSY;
	mon->link_source = src;
	return 0;
}

int nlg_monitor_set_clock(struct nlg_monitor *mon, nlg_clock_fn fn, void *ctx)
{
	if (mon->samples)
		return -EBUSY;
	mon->clock = fn ? fn : boottime_ns;
	mon->clock_ctx = fn ? ctx : NULL;
	return 0;
}

int nlg_monitor_set_watch(struct nlg_monitor *mon, unsigned what)
{
	if (what & ~(NLG_WATCH_INTERFACES | NLG_WATCH_SOCKETS))
		return -EINVAL;
	if (mon->samples)
		return -EBUSY;
	mon->watch = what | NLG_WATCH_INTERFACES;
	return 0;
}

int nlg_monitor_set_ebpf(struct nlg_monitor *mon, enum nlg_ebpf_mode mode)
{
	if (mode != NLG_EBPF_OFF && mode != NLG_EBPF_AUTO && mode != NLG_EBPF_ON)
		return -EINVAL;
	if (mon->platform)
		return -EBUSY;
	mon->ebpf = mode;
	return 0;
}

bool nlg_monitor_ebpf_active(const struct nlg_monitor *mon)
{
	return mon->socks.ebpf_active;
}

const char *nlg_monitor_ebpf_status(const struct nlg_monitor *mon)
{
	return mon->socks.ebpf_status ? mon->socks.ebpf_status : "";
}

uint64_t nlg_monitor_ebpf_overflow(const struct nlg_monitor *mon)
{
	return mon->socks.ebpf_overflow;
}

int nlg_monitor_set_netns(struct nlg_monitor *mon, const char *spec)
{
	if (mon->platform)
		return -EBUSY;
	if (spec && !spec[0])
		return -EINVAL;
	return set_path(mon, &mon->netns, spec ? spec : "current");
}

int nlg_monitor_set_all_netns_ifaces(struct nlg_monitor *mon, bool all)
{
	if (mon->platform)
		return -EBUSY;
	mon->all_netns_ifaces = all;
	return 0;
}

size_t nlg_monitor_netns_count(const struct nlg_monitor *mon)
{
	return mon->ledger.nnetns;
}

int nlg_monitor_set_linger(struct nlg_monitor *mon, uint64_t ns)
{
	mon->ledger.linger_ns = ns;
	return 0;
}

int nlg_monitor_set_rate_ceiling(struct nlg_monitor *mon, uint64_t bytes_per_sec)
{
	mon->ceiling = bytes_per_sec ? bytes_per_sec : NLG_ACC_DEFAULT_CEILING;
	return 0;
}

static int open_platform(struct nlg_monitor *mon)
{
	struct Nlg_platform_config cfg = {
		.sysfs_root = mon->sysfs_root ? mon->sysfs_root : "/sys",
		.procfs_root = mon->procfs_root ? mon->procfs_root : "/proc",
		.link_source = mon->link_source,
		.ebpf = mon->watch & NLG_WATCH_SOCKETS ? mon->ebpf : NLG_EBPF_OFF,
		.sampling = mon->sampling,
		.reconcile_ns = mon->reconcile_ns,
		.netns = mon->netns,
		.all_netns_links = mon->all_netns_ifaces,
	};
	return Nlg_platform_open(&mon->platform, &cfg, &mon->err);
}

/* Sockets, their owners, and what moved between them this interval. */
static int sample_sockets(struct nlg_monitor *mon, const struct Nlg_sample_ctx *sc)
{
	struct Nlg_owner_ops ops;
	int err = Nlg_platform_read_socks(mon->platform, &mon->socks, &mon->err);
	if (err < 0)
		return err;
	err = Nlg_platform_owners(mon->platform, &mon->socks, &ops, &mon->err);
	if (err < 0)
		return err;
	err = Nlg_ledger_netns(&mon->ledger, &mon->socks);
	if (!err)
		err = Nlg_ledger_apply(&mon->ledger, &mon->socks, sc, &ops);
	if (err < 0)
		return Nlg_fail(&mon->err, err, "out of memory while applying sockets");
	Nlg_ledger_attribute(&mon->ledger, &mon->ifaces, &mon->raw, sc);
	return 0;
}

static int sample(struct nlg_monitor *mon, bool sockets)
{
	int err;
	mon->err.msg[0] = '\0';
	if (!mon->platform && (err = open_platform(mon)) < 0)
		return err;
	err = Nlg_platform_read_links(mon->platform, &mon->raw, &mon->err);
	if (err < 0)
		return err;
	uint64_t now = mon->clock(mon->clock_ctx);
	struct Nlg_sample_ctx sc = {
		.now_ns = now,
		.dt_ns = mon->samples && now > mon->last_ns ? now - mon->last_ns : 0,
		.ceiling = mon->ceiling,
	};
	/* A clock that did not advance still gives a later sample: take one
	 * nanosecond so that the ceiling stays meaningful. */
	if (mon->samples && sc.dt_ns == 0)
		sc.dt_ns = 1;
	err = Nlg_iface_table_apply(&mon->ifaces, &mon->raw, &sc);
	if (err < 0)
		return Nlg_fail(&mon->err, err, "out of memory while applying a sample");
	Nlg_totals_update(&mon->totals, &mon->ifaces, sc.dt_ns);
	/* The interfaces are read: the next interval starts now, even if the
	 * sockets cannot be read this time. */
	mon->interval_ns = sc.dt_ns;
	mon->last_ns = now;
	mon->samples++;
	if (!sockets)
		return 0;
	/* Sockets have their own interval: since the last sample of them. */
	sc.dt_ns = mon->sock_samples && now > mon->sock_last_ns ? now - mon->sock_last_ns : 0;
	if (mon->sock_samples && sc.dt_ns == 0)
		sc.dt_ns = 1;
	mon->sock_samples++;
	mon->sock_last_ns = now;
	return sample_sockets(mon, &sc);
}

int nlg_monitor_sample(struct nlg_monitor *mon)
{
	return sample(mon, mon->watch & NLG_WATCH_SOCKETS);
}

int nlg_monitor_sample_interfaces(struct nlg_monitor *mon)
{
	return sample(mon, false);
}

const char *nlg_monitor_errmsg(const struct nlg_monitor *mon)
{
	return mon->err.msg;
}

uint64_t nlg_monitor_sample_count(const struct nlg_monitor *mon)
{
	return mon->samples;
}

uint64_t nlg_monitor_interval_ns(const struct nlg_monitor *mon)
{
	return mon->interval_ns;
}

enum nlg_link_source nlg_monitor_link_source(const struct nlg_monitor *mon)
{
	return mon->platform ? Nlg_platform_link_source(mon->platform) : mon->link_source;
}

uint64_t nlg_monitor_lost_link_events(const struct nlg_monitor *mon)
{
	return mon->platform ? Nlg_platform_lost_link_events(mon->platform) : 0;
}

void nlg_monitor_forget_gone(struct nlg_monitor *mon)
{
	Nlg_iface_table_forget_gone(&mon->ifaces);
}

size_t nlg_iface_count(const struct nlg_monitor *mon)
{
	return mon->ifaces.n;
}

const struct nlg_iface *nlg_iface_at(const struct nlg_monitor *mon, size_t i)
{
	return i < mon->ifaces.n ? mon->ifaces.v[i] : NULL;
}

const struct nlg_iface *nlg_iface_find(const struct nlg_monitor *mon, const char *name)
{
	for (size_t i = 0; i < mon->ifaces.n; i++) {
		const struct nlg_iface *it = mon->ifaces.v[i];
		if (!it->gone && strcmp(it->last.name, name) == 0)
			return it;
	}
	return NULL;
}

bool nlg_monitor_closures_visible(const struct nlg_monitor *mon)
{
	return mon->socks.closures_seen;
}

uint64_t nlg_monitor_lost_sock_events(const struct nlg_monitor *mon)
{
	return mon->socks.lost_events;
}

size_t nlg_conn_count(const struct nlg_monitor *mon)
{
	return mon->ledger.nconns;
}

const struct nlg_conn *nlg_conn_at(const struct nlg_monitor *mon, size_t i)
{
	return i < mon->ledger.nconns ? mon->ledger.conns[i] : NULL;
}

size_t nlg_proc_count(const struct nlg_monitor *mon)
{
	return mon->ledger.nprocs;
}

const struct nlg_proc *nlg_proc_at(const struct nlg_monitor *mon, size_t i)
{
	return i < mon->ledger.nprocs ? mon->ledger.procs[i] : NULL;
}

size_t nlg_app_count(const struct nlg_monitor *mon)
{
	return mon->ledger.napps;
}

const struct nlg_app *nlg_app_at(const struct nlg_monitor *mon, size_t i)
{
	return i < mon->ledger.napps ? mon->ledger.apps[i] : NULL;
}

size_t nlg_event_count(const struct nlg_monitor *mon)
{
	return mon->ledger.nevents;
}

const struct nlg_event *nlg_event_at(const struct nlg_monitor *mon, size_t i)
{
	return i < mon->ledger.nevents ? &mon->ledger.events[i] : NULL;
}

int nlg_monitor_attribution(const struct nlg_monitor *mon, struct nlg_attribution *out)
{
	if (!(mon->watch & NLG_WATCH_SOCKETS))
		return -ENODATA;
	*out = mon->ledger.attr;
	return 0;
}

size_t nlg_monitor_note_count(const struct nlg_monitor *mon)
{
	return mon->socks.nnotes;
}

const char *nlg_monitor_note_at(const struct nlg_monitor *mon, size_t i)
{
	return i < mon->socks.nnotes ? mon->socks.notes[i].msg : NULL;
}

int nlg_monitor_pf_status(const struct nlg_monitor *mon, const char **why)
{
	if (!mon->samples) {
		if (why)
			*why = "no sample taken yet";
		return -ENODATA;
	}
	if (why)
		*why = mon->raw.pf_status == 0 ? "" : mon->raw.pf_why.msg;
	return mon->raw.pf_status;
}

int nlg_monitor_total(const struct nlg_monitor *mon, enum nlg_total_scope scope,
		      struct nlg_total *out)
{
	return Nlg_totals_get(&mon->totals, &mon->ifaces, scope, out);
}

int nlg_monitor_set_sampling(struct nlg_monitor *mon, enum nlg_sampling mode,
			     uint64_t reconcile_ns)
{
	if (mode != NLG_SAMPLING_AUTO && mode != NLG_SAMPLING_FULL)
		return -EINVAL;
	if (mon->platform)
		return -EBUSY;
	mon->sampling = mode;
	mon->reconcile_ns = reconcile_ns;
	return 0;
}

void nlg_monitor_sampling_stats(const struct nlg_monitor *mon, struct nlg_sampling_stats *out)
{
	*out = mon->socks.sampling;
}
