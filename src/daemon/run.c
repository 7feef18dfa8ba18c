/* SPDX-License-Identifier: MIT */
/* run.c - netledgerd's life: the first sample, the sampling loop, shutdown. */
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "daemon/run.h"

#define NS 1000000000ull

static uint64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NS + (uint64_t)ts.tv_nsec;
}

static int64_t wall_clock(void *ctx)
{
	(void)ctx;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec;
}

void Nlgd_init(struct nlgd *d, bool foreground)
{
	*d = (struct nlgd){ .foreground = foreground, .status_fd = -1, .lock_fd = -1,
			    .clock = wall_clock };
	Nlgd_log_open(foreground);
}

int Nlgd_start(struct nlgd *d)
{
	Nlgd_read_boot_id(d->cfg.boot_id_file, d->tracker.boot_id, sizeof(d->tracker.boot_id));
	if (!d->tracker.boot_id[0])
		Nlgd_log(d, LOG_WARNING, "cannot read the boot id from %s: restarts will count from zero",
			 d->cfg.boot_id_file);
	d->mon = nlg_monitor_new();
	if (!d->mon)
		return Nlgd_fail(d, NLGD_EXIT_RUNTIME, "out of memory");
	unsigned watch = NLG_WATCH_INTERFACES | (d->cfg.apps ? NLG_WATCH_SOCKETS : 0);
	int err = nlg_monitor_set_watch(d->mon, watch);
	if (!err)
		err = nlg_monitor_set_ebpf(d->mon, d->cfg.ebpf);
	/* The apps of every namespace the daemon can enter, by default. */
	if (!err)
		err = nlg_monitor_set_netns(d->mon, d->cfg.netns[0] ? d->cfg.netns :
						    geteuid() == 0 ? "all" : "current");
	if (!err)
		err = nlg_monitor_set_all_netns_ifaces(d->mon, d->cfg.all_netns_interfaces);
	/* No one looks at exited processes here: the daemon frees them (and
	 * apps left empty) at once, their bytes already in the app totals. */
	if (!err)
		err = nlg_monitor_set_linger(d->mon, 0);
	if (!err)
		err = nlg_monitor_set_sampling(d->mon, d->cfg.sampling, d->cfg.reconcile_ns);
	if (!err)
		err = nlg_monitor_sample(d->mon);
	if (err)
		return Nlgd_fail(d, NLGD_EXIT_RUNTIME, "first sample failed: %s",
				 nlg_monitor_errmsg(d->mon)[0] ? nlg_monitor_errmsg(d->mon)
							       : nlg_strerror(err));
	if (d->cfg.apps && nlg_monitor_ebpf_status(d->mon)[0])
		Nlgd_log(d, LOG_WARNING, "no eBPF socket counter (%s): UDP bytes of apps are not recorded",
			 nlg_monitor_ebpf_status(d->mon));
	err = Nlgd_track_sample(&d->tracker, d->mon, d->store, d->cfg.apps, d->clock(d->clock_ctx));
	if (err)
		return Nlgd_fail(d, NLGD_EXIT_RUNTIME, "recording the first sample: %s",
				 nlg_strerror(err));
	d->health.samples = 1;
	d->last_apps_ns = mono_ns();
	d->health.start_time = (double)d->clock(d->clock_ctx);
	Nlgd_metrics_publish(d);
	return 0;
}

/* Logs a failure once, not every second while it lasts. */
static void log_once(struct nlgd *d, const char *what, const char *msg)
{
	char line[256];
	snprintf(line, sizeof(line), "%s: %s", what, msg);
	if (strcmp(line, d->last_err))
		Nlgd_log(d, LOG_ERR, "%s", line);
	snprintf(d->last_err, sizeof(d->last_err), "%s", line);
}

/* Interfaces every interval; sockets, the costly part with many of them,
 * every apps_interval: the destroy events and the eBPF counter keep what
 * closes in between, so a longer interval loses nothing. */
static bool apps_due(const struct nlgd *d, uint64_t now)
{
	uint64_t every = d->cfg.apps_interval_ns;
	if (!every) {
		/* An incremental sample costs what the traffic costs. */
		struct nlg_sampling_stats st;
		nlg_monitor_sampling_stats(d->mon, &st);
		every = st.incremental ? 1000000000ull : 5000000000ull;
	}
	return d->cfg.apps && now - d->last_apps_ns + d->cfg.interval_ns / 2 >= every;
}

static void sample_once(struct nlgd *d)
{
	uint64_t t0 = mono_ns();
	bool full = apps_due(d, t0);
	int err = full ? nlg_monitor_sample(d->mon) : nlg_monitor_sample_interfaces(d->mon);
	if (full) {
		d->last_apps_ns = t0;
		/* A full dump's arrays (megabytes) were just freed: their heap
		 * pages go back now, not at the next flush. */
		struct nlg_sampling_stats st;
		nlg_monitor_sampling_stats(d->mon, &st);
		if (st.full_dumps != d->full_dumps)
			Nlgd_memory_give_back();
		d->full_dumps = st.full_dumps;
	}
	if (err)
		log_once(d, "sample", nlg_monitor_errmsg(d->mon)[0] ? nlg_monitor_errmsg(d->mon)
								   : nlg_strerror(err));
	err = Nlgd_track_sample(&d->tracker, d->mon, d->store, d->cfg.apps, d->clock(d->clock_ctx));
	if (err)
		log_once(d, "recording", nlg_strerror(err));
	nlg_monitor_forget_gone(d->mon);
	double secs = (double)(mono_ns() - t0) / 1e9;
	d->health.samples++;
	d->health.sample_seconds_sum += secs;
	d->health.last_sample_seconds = secs;
	Nlgd_metrics_publish(d);
}

static void flush(struct nlgd *d)
{
	int err = Nlgd_track_flush(&d->tracker, d->store, &d->cfg.policy, d->clock(d->clock_ctx));
	if (err) {
		d->health.db_write_errors++;
		log_once(d, "database write", Nlg_store_errmsg(d->store));
		return;
	}
	d->health.db_flushes++;
}

int Nlgd_run(struct nlgd *d)
{
	Nlgd_log(d, LOG_INFO, "recording into %s every %.3g s", d->cfg.db,
		 (double)d->cfg.interval_ns / 1e9);
	uint64_t next = mono_ns(), last_flush = next;
	while (!Nlgd_stopping()) {
		next += d->cfg.interval_ns;
		for (uint64_t now = mono_ns(); next <= now;)
			next += d->cfg.interval_ns; /* missed ticks are skipped, not bunched */
		Nlgd_sleep_until(next);
		if (Nlgd_take_reload())
			Nlgd_reload(d);
		if (Nlgd_stopping())
			break;
		sample_once(d);
		if (mono_ns() - last_flush >= d->cfg.flush_ns) {
			flush(d);
			Nlgd_memory_give_back();
			last_flush = mono_ns();
		}
	}
	flush(d);
	Nlgd_log(d, LOG_INFO, "stopped after %llu samples", (unsigned long long)d->health.samples);
	return d->health.db_write_errors && d->tracker.batch.n ? NLGD_EXIT_DB : NLGD_EXIT_OK;
}

void Nlgd_done(struct nlgd *d)
{
	Nlgd_metrics_stop(d);
	Nlgd_track_free(&d->tracker);
	nlg_monitor_free(d->mon);
	Nlg_store_close(d->store);
	if (d->lock_fd >= 0)
		close(d->lock_fd);
}
