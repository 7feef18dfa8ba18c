/* SPDX-License-Identifier: MIT */
/* run.c - the sampling loop of netledgerd. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "daemon/run.h"
#include "export/termtext.h"

#define NS 1000000000ull

static volatile sig_atomic_t stop_flag, reload_flag;

static void on_signal(int sig)
{
	if (sig == SIGHUP)
		reload_flag = 1;
	else
		stop_flag = 1;
}

static void install_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a signal ends the sleep between samples. */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

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

void nlgd_init(struct nlgd *d, bool foreground)
{
	*d = (struct nlgd){ .foreground = foreground, .status_fd = -1, .lock_fd = -1,
			    .clock = wall_clock };
	if (!foreground)
		openlog("netledgerd", LOG_PID, LOG_DAEMON);
}

static void vlog(struct nlgd *d, int prio, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
static void vlog(struct nlgd *d, int prio, const char *fmt, va_list ap)
{
	/* log lines quote names other users chose: rendered as in a terminal */
	if (d->foreground || d->status_fd >= 0) {
		fputs("netledgerd: ", stderr);
		nlg_term_vprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	} else {
		char msg[1024], safe[1024];
		vsnprintf(msg, sizeof(msg), fmt, ap);
		nlg_term_render(msg, -1, safe, sizeof(safe));
		syslog(prio, "%s", safe);
	}
}

void nlgd_log(struct nlgd *d, int prio, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog(d, prio, fmt, ap);
	va_end(ap);
}

int nlgd_fail(struct nlgd *d, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(d->errmsg, sizeof(d->errmsg), fmt, ap);
	va_end(ap);
	return code;
}

int nlgd_start(struct nlgd *d)
{
	nlgd_read_boot_id(d->cfg.boot_id_file, d->tracker.boot_id, sizeof(d->tracker.boot_id));
	if (!d->tracker.boot_id[0])
		nlgd_log(d, LOG_WARNING, "cannot read the boot id from %s: restarts will count from zero",
			 d->cfg.boot_id_file);
	d->mon = nlg_monitor_new();
	if (!d->mon)
		return nlgd_fail(d, NLGD_EXIT_RUNTIME, "out of memory");
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
		return nlgd_fail(d, NLGD_EXIT_RUNTIME, "first sample failed: %s",
				 nlg_monitor_errmsg(d->mon)[0] ? nlg_monitor_errmsg(d->mon)
							       : nlg_strerror(err));
	if (d->cfg.apps && nlg_monitor_ebpf_status(d->mon)[0])
		nlgd_log(d, LOG_WARNING, "no eBPF socket counter (%s): UDP bytes of apps are not recorded",
			 nlg_monitor_ebpf_status(d->mon));
	err = nlgd_track_sample(&d->tracker, d->mon, d->store, d->cfg.apps, d->clock(d->clock_ctx));
	if (err)
		return nlgd_fail(d, NLGD_EXIT_RUNTIME, "recording the first sample: %s",
				 nlg_strerror(err));
	d->health.samples = 1;
	d->last_apps_ns = mono_ns();
	d->health.start_time = (double)d->clock(d->clock_ctx);
	nlgd_metrics_publish(d);
	return 0;
}

static void redirect_stdio(void)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return;
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	close(fd);
}

void nlgd_started(struct nlgd *d, int rc)
{
	if (d->status_fd < 0) {
		if (rc)
			nlg_term_printf(stderr, "netledgerd: %s\n", d->errmsg);
		return;
	}
	char msg[514];
	msg[0] = (char)rc;
	int n = snprintf(msg + 1, sizeof(msg) - 1, "%s", rc ? d->errmsg : "");
	if (write(d->status_fd, msg, (size_t)n + 2) < 0) {
		/* The parent is gone; nothing to tell. */
	}
	close(d->status_fd);
	d->status_fd = -1;
	if (!rc)
		redirect_stdio();
}

static void sleep_until(uint64_t deadline)
{
	struct timespec ts = { (time_t)(deadline / NS), (long)(deadline % NS) };
	while (!stop_flag && !reload_flag &&
	       clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

/* Logs a failure once, not every second while it lasts. */
static void log_once(struct nlgd *d, const char *what, const char *msg)
{
	char line[256];
	snprintf(line, sizeof(line), "%s: %s", what, msg);
	if (strcmp(line, d->last_err))
		nlgd_log(d, LOG_ERR, "%s", line);
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
	if (full)
		d->last_apps_ns = t0;
	if (err)
		log_once(d, "sample", nlg_monitor_errmsg(d->mon)[0] ? nlg_monitor_errmsg(d->mon)
								   : nlg_strerror(err));
	err = nlgd_track_sample(&d->tracker, d->mon, d->store, d->cfg.apps, d->clock(d->clock_ctx));
	if (err)
		log_once(d, "recording", nlg_strerror(err));
	nlg_monitor_forget_gone(d->mon);
	double secs = (double)(mono_ns() - t0) / 1e9;
	d->health.samples++;
	d->health.sample_seconds_sum += secs;
	d->health.last_sample_seconds = secs;
	nlgd_metrics_publish(d);
}

static void flush(struct nlgd *d)
{
	int err = nlgd_track_flush(&d->tracker, d->store, &d->cfg.policy, d->clock(d->clock_ctx));
	if (err) {
		d->health.db_write_errors++;
		log_once(d, "database write", nlg_store_errmsg(d->store));
		return;
	}
	d->health.db_flushes++;
}

/* SIGHUP: settings that a running daemon can change take effect; the
 * others are kept, with a note, until a restart. */
static void reload(struct nlgd *d)
{
	struct nlgd_config c;
	char err[512];
	nlgd_config_defaults(&c);
	if (nlgd_config_load(&c, d->config_path, false, err, sizeof(err)) < 0) {
		nlgd_log(d, LOG_ERR, "reload: %s (keeping the running configuration)", err);
		return;
	}
	if (d->db_override)
		snprintf(c.db, sizeof(c.db), "%s", d->db_override);
	if (strcmp(c.db, d->cfg.db) || strcmp(c.listen, d->cfg.listen) || c.port != d->cfg.port ||
	    c.metrics != d->cfg.metrics || c.apps != d->cfg.apps ||
	    c.metrics_top_apps != d->cfg.metrics_top_apps || c.billing_day != d->cfg.billing_day)
		nlgd_log(d, LOG_NOTICE, "reload: database, apps, metrics, listen, port, "
			 "metrics_top_apps and billing_day change at restart");
	d->cfg.interval_ns = c.interval_ns;
	d->cfg.apps_interval_ns = c.apps_interval_ns;
	d->cfg.flush_ns = c.flush_ns;
	d->cfg.policy = c.policy;
	nlgd_log(d, LOG_INFO, "configuration reloaded from %s", d->config_path);
}

int nlgd_run(struct nlgd *d)
{
	install_signals();
	nlgd_log(d, LOG_INFO, "recording into %s every %.3g s", d->cfg.db,
		 (double)d->cfg.interval_ns / 1e9);
	uint64_t next = mono_ns(), last_flush = next;
	while (!stop_flag) {
		next += d->cfg.interval_ns;
		for (uint64_t now = mono_ns(); next <= now;)
			next += d->cfg.interval_ns; /* missed ticks are skipped, not bunched */
		sleep_until(next);
		if (reload_flag) {
			reload_flag = 0;
			reload(d);
		}
		if (stop_flag)
			break;
		sample_once(d);
		if (mono_ns() - last_flush >= d->cfg.flush_ns) {
			flush(d);
			last_flush = mono_ns();
		}
	}
	flush(d);
	nlgd_log(d, LOG_INFO, "stopped after %llu samples", (unsigned long long)d->health.samples);
	return d->health.db_write_errors && d->tracker.batch.n ? NLGD_EXIT_DB : NLGD_EXIT_OK;
}

void nlgd_done(struct nlgd *d)
{
	nlgd_metrics_stop(d);
	nlgd_track_free(&d->tracker);
	nlg_monitor_free(d->mon);
	nlg_store_close(d->store);
	if (d->lock_fd >= 0)
		close(d->lock_fd);
}
