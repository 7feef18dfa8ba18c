/* SPDX-License-Identifier: MIT */
/* run.h - the running daemon: start-up, the sampling loop, shutdown. */
#ifndef NLG_DAEMON_RUN_H
#define NLG_DAEMON_RUN_H

#include "daemon/daemon.h"

struct nlg_http;
struct nlg_prom;

/* Health numbers, also published on /metrics. */
struct nlgd_health {
	uint64_t samples;
	double sample_seconds_sum;
	double last_sample_seconds;
	uint64_t db_flushes;
	uint64_t db_write_errors;
	double start_time;
};

struct nlgd {
	struct nlgd_config cfg;
	const char *config_path;
	const char *db_override;
	bool foreground;
	int status_fd;          /* to the waiting parent, until started; else -1 */
	int lock_fd;
	struct nlg_store *store;
	struct nlg_monitor *mon;
	uint64_t last_apps_ns;   /* monotonic time of the last socket sample */
	struct nlgd_tracker tracker;
	struct nlgd_health health;
	struct nlg_http *http;
	struct nlg_prom *prom;   /* series kept across scrapes */
	struct nlg_web *web;     /* the history page on the same endpoint */
	/* Wall clock in unix seconds, for buckets; replaceable in tests. */
	int64_t (*clock)(void *ctx);
	void *clock_ctx;
	char last_err[256];
	char errmsg[512];
};

void nlgd_init(struct nlgd *d, bool foreground);

/* Records a start-up failure. Return: code. */
int nlgd_fail(struct nlgd *d, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

void nlgd_log(struct nlgd *d, int prio, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Creates the monitor, takes the first sample, publishes the metrics.
 * Return: an exit code, 0 on success. */
int nlgd_start(struct nlgd *d);

/* Tells the waiting parent (if any) how start-up went; in the background
 * detaches from the terminal. */
void nlgd_started(struct nlgd *d, int rc);

/* Samples until SIGTERM/SIGINT, then flushes. Return: an exit code. */
int nlgd_run(struct nlgd *d);

void nlgd_done(struct nlgd *d);

/* Publishes /metrics after a sample (no-op without the endpoint). */
void nlgd_metrics_publish(struct nlgd *d);
/* Starts the endpoint (before the database opens: a port in use must not
 * cost the database a write). Return: an exit code. */
int nlgd_metrics_start(struct nlgd *d);
void nlgd_metrics_stop(struct nlgd *d);

#endif
