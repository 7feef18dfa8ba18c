/* SPDX-License-Identifier: MIT */
/* daemon.h - netledgerd's parts: configuration, traffic tracking, batch. */
#ifndef NLG_DAEMON_H
#define NLG_DAEMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netledger.h"
#include "store/store.h"

/* Exit codes, documented in netledgerd(8). */
#define NLGD_EXIT_OK 0
#define NLGD_EXIT_RUNTIME 1
#define NLGD_EXIT_USAGE 2    /* bad option or configuration line */
#define NLGD_EXIT_DB 3       /* database missing, unwritable, damaged, foreign or newer */
#define NLGD_EXIT_LOCKED 4   /* another netledgerd writes this database */
#define NLGD_EXIT_HTTP 5     /* the metrics endpoint cannot listen */

#define NLGD_DEFAULT_CONFIG "/etc/netledger/netledgerd.conf"

struct Nlgd_config {
	char db[4096];
	uint64_t interval_ns;        /* between samples */
	uint64_t apps_interval_ns;   /* between samples of sockets (apps); 0: 1 s
				      * with incremental samples, else 5 s */
	uint64_t flush_ns;           /* between database transactions */
	struct Nlg_store_policy policy;
	bool apps;                   /* watch sockets and record apps */
	enum nlg_ebpf_mode ebpf;     /* the eBPF socket counter, with apps */
	enum nlg_sampling sampling;  /* incremental where the counter runs, or full */
	uint64_t reconcile_ns;       /* the incremental view's check; 0: 60 s */
	char netns[64];              /* whose apps: "" (all as root, else current),
				      * all, current, a NAME or a PID */
	bool all_netns_interfaces;   /* record every namespace's interfaces too */
	bool metrics;                /* serve /metrics */
	char listen[64];
	unsigned port;
	unsigned metrics_top_apps;
	unsigned billing_day;        /* the page's billing month starts on this day */
	char boot_id_file[4096];
};

void Nlgd_config_defaults(struct Nlgd_config *c);

/* Reads the file over the settings in c. A missing file is an error only
 * when must_exist. Return: 0, or -1 with a one-line "FILE:LINE: ..."
 * message in err. */
int Nlgd_config_load(struct Nlgd_config *c, const char *path, bool must_exist,
		     char *err, size_t errlen);

/* Parses a duration: "500ms", "10", "10s", "5m", "48h", "90d", "3y";
 * "forever" is 0 when allow_forever. Return: 0 and *ns, or -1. */
int Nlgd_parse_duration(const char *s, bool allow_forever, uint64_t *ns);

/* Deltas waiting for the next transaction, one per series and minute. */
struct Nlgd_pending {
	enum Nlg_series_kind kind;
	unsigned flags;
	char *name;              /* an interface's name, an app's key */
	char *label;             /* an app's display name, else NULL */
	const char *app_kind;    /* an app's kind name (static), else NULL */
	int64_t minute;
	uint64_t rx, tx;
};

struct Nlgd_batch {
	struct Nlgd_pending *v;
	size_t n, cap;
};

/* Return: 0 or -ENOMEM. */
int Nlgd_batch_add(struct Nlgd_batch *b, enum Nlg_series_kind kind, const char *name,
		   unsigned flags, int64_t t, uint64_t rx, uint64_t tx);
/* The same for an app: its key, display name and kind name. */
int Nlgd_batch_add_app(struct Nlgd_batch *b, const char *key, const char *label,
		       const char *app_kind, int64_t t, uint64_t rx, uint64_t tx);
/* Writes every pending delta into the store (inside its transaction). */
int Nlgd_batch_write(const struct Nlgd_batch *b, struct Nlg_store *st);
void Nlgd_batch_clear(struct Nlgd_batch *b);

/* Last totals seen of an interface or app. */
struct Nlgd_seen {
	char *name;
	int ifindex;
	uint64_t rx, tx;
	bool present;
	unsigned flags;
};

struct Nlgd_seen_set {
	struct Nlgd_seen *v;
	size_t n, cap;
};

/* Return: the entry of that name (looked for at index hint first), added
 * (zeroed, *added true) when new, or NULL when out of memory. */
struct Nlgd_seen *Nlgd_seen_get(struct Nlgd_seen_set *s, const char *name, size_t hint,
				bool *added);
/* Removes the entries not marked present, keeping the order of the rest. */
void Nlgd_seen_drop_absent(struct Nlgd_seen_set *s);
void Nlgd_seen_free(struct Nlgd_seen_set *s);

/* Traffic accounting between the monitor and the store. */
struct Nlgd_tracker {
	struct Nlgd_seen_set ifaces, apps;
	struct Nlgd_batch batch;
	char boot_id[64];
};

/* Records the deltas of the last sample at unix time t. An interface seen
 * for the first time continues from its stored raw reading (same boot and
 * ifindex), or from zero (another boot, a re-created interface, or a
 * counter that went back). Return: 0 or a negative code. */
int Nlgd_track_sample(struct Nlgd_tracker *tr, const struct nlg_monitor *mon,
		      struct Nlg_store *st, bool apps, int64_t t);

/* One transaction: pending deltas, raw readings, rollups and retention.
 * On failure nothing is lost from the batch. Return: 0 or a negative code. */
int Nlgd_track_flush(struct Nlgd_tracker *tr, struct Nlg_store *st,
		     const struct Nlg_store_policy *p, int64_t now);

void Nlgd_track_free(struct Nlgd_tracker *tr);

/* Reads the boot id (one line) from path into buf; "" when unreadable. */
void Nlgd_read_boot_id(const char *path, char *buf, size_t size);

#endif
