/* SPDX-License-Identifier: MIT */
/* run.h - the running daemon: start-up, the sampling loop, shutdown. */
#ifndef NLG_DAEMON_RUN_H
#define NLG_DAEMON_RUN_H

#include "daemon/daemon.h"

struct Nlg_http;
struct Nlg_prom;

/* Health numbers, also published on /metrics. */
struct Nlgd_health {
	uint64_t samples;
	double sample_seconds_sum;
	double last_sample_seconds;
	uint64_t db_flushes;
	uint64_t db_write_errors;
	double start_time;
};

struct nlgd {
	struct Nlgd_config cfg;
	const char *config_path;
	const char *db_override;
	bool foreground;
	int status_fd;          /* to the waiting parent, until started; else -1 */
	int lock_fd;
	struct Nlg_store *store;
	struct nlg_monitor *mon;
	uint64_t last_apps_ns;   /* monotonic time of the last socket sample */
	uint64_t full_dumps;     /* full socket dumps seen so far */
	struct Nlgd_tracker tracker;
	struct Nlgd_health health;
	struct Nlg_http *http;
	struct Nlg_prom *prom;   /* series kept across scrapes */
	struct Nlg_web *web;     /* the history page on the same endpoint */
	/* Wall clock in unix seconds, for buckets; replaceable in tests. */
	int64_t (*clock)(void *ctx);
	void *clock_ctx;
	char last_err[256];
	char errmsg[512];
};

void Nlgd_init(struct nlgd *d, bool foreground);

/* log.c: to syslog in the background, else to stderr. */
void Nlgd_log_open(bool foreground);
void Nlgd_log(struct nlgd *d, int prio, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Records a start-up failure. Return: code. */
int Nlgd_fail(struct nlgd *d, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* signals.c: SIGTERM/SIGINT stop, SIGHUP reloads, both end a sleep. */
void Nlgd_signals_install(void);
bool Nlgd_stopping(void);
/* Return: whether a reload was asked for since the last call. */
bool Nlgd_take_reload(void);
/* Sleeps until the CLOCK_MONOTONIC deadline (ns) or a signal. */
void Nlgd_sleep_until(uint64_t deadline);

/* memory.c: the C library's heap: tuned at start, given back after a
 * flush. */
void Nlgd_memory_tune(void);
void Nlgd_memory_give_back(void);

/* reload.c: applies what a running daemon can change of its configuration. */
void Nlgd_reload(struct nlgd *d);

/* detach.c: forks; the parent waits for the child's start-up verdict and
 * exits with it. Return: the parent's exit code, or -1 in the child. */
int Nlgd_background(struct nlgd *d);

/* Creates the monitor, takes the first sample, publishes the metrics.
 * Return: an exit code, 0 on success. */
int Nlgd_start(struct nlgd *d);

/* detach.c: tells the waiting parent (if any) how start-up went; in the
 * background lets go of the terminal. */
void Nlgd_started(struct nlgd *d, int rc);

/* Samples until SIGTERM/SIGINT, then flushes. Return: an exit code. */
int Nlgd_run(struct nlgd *d);

void Nlgd_done(struct nlgd *d);

/* metrics.c: publishes /metrics after a sample (no-op without the endpoint). */
void Nlgd_metrics_publish(struct nlgd *d);
/* Starts the endpoint (before the database opens: a port in use must not
 * cost the database a write). Return: an exit code. */
int Nlgd_metrics_start(struct nlgd *d);
void Nlgd_metrics_stop(struct nlgd *d);

#endif
