/* SPDX-License-Identifier: MIT */
/*
 * prom.h - the Prometheus text exposition format (version 0.0.4) of a
 * monitor's state, read through the public API only.
 *
 * Every counter (a family named *_total) never decreases while the process
 * runs: interfaces that are re-created under the same name continue their
 * series, and the one app="other" series, which bounds the number of app
 * series, keeps what it counted when an app moves into the top N.
 * Continuity needs memory across scrapes: a long-running exporter keeps
 * one struct Nlg_prom per monitor and renders with Nlg_prom_render_with():
 *
 *	struct Nlg_prom *p = Nlg_prom_new(top_apps);
 *	for each sample:
 *		nlg_monitor_sample(mon); ... fill health ...
 *		if (Nlg_prom_render_with(p, mon, &health, &text, &len) == 0)
 *			Nlg_http_publish(http, text, len);
 *	Nlg_prom_free(p);
 *
 * A new monitor (after a reload, say) needs a new struct Nlg_prom too:
 * its series then start again, as after a restart.
 */
#ifndef NLG_EXPORT_PROM_H
#define NLG_EXPORT_PROM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netledger.h"

/* The daemon's own health, filled in by its sampling loop. */
struct Nlg_prom_health {
	uint64_t samples;            /* samples taken */
	double sample_seconds_sum;   /* time spent sampling, over all samples */
	double last_sample_seconds;  /* time the last sample took */
	uint64_t db_flushes;         /* database transactions committed */
	uint64_t db_write_errors;    /* database writes that failed */
	double start_time;           /* process start, seconds since the epoch */
};

/* The content type of the text Nlg_prom_render() writes. */
#define NLG_PROM_CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

/*
 * Renders the metrics of mon (after a sample) and of h (NULL leaves out
 * the sample-duration, database and start-time families) with at most
 * top_apps app series plus app="other"; the app and connection families
 * only when mon watches sockets. This one-shot form has no
 * memory of earlier scrapes: it suits a single export (a textfile); an
 * endpoint scraped repeatedly uses Nlg_prom_render_with().
 * Return: 0 with *text (NUL-terminated, caller frees) and *len set, or
 * -ENOMEM.
 */
int Nlg_prom_render(const struct nlg_monitor *mon, const struct Nlg_prom_health *h,
		    unsigned top_apps, char **text, size_t *len);

/* What an exporter remembers between scrapes of one monitor. */
struct Nlg_prom;

/* Return: new exporter state with at most top_apps app series, or NULL
 * when out of memory. */
struct Nlg_prom *Nlg_prom_new(unsigned top_apps);
void Nlg_prom_free(struct Nlg_prom *p);

/* As Nlg_prom_render(), continuing the series of the previous call on p.
 * p belongs to one monitor; a monitor lists its apps in a stable order,
 * which p relies on.
 * Return: 0 or -ENOMEM (then the next call still continues every series). */
int Nlg_prom_render_with(struct Nlg_prom *p, const struct nlg_monitor *mon,
			 const struct Nlg_prom_health *h, char **text, size_t *len);

/* Return: true when s is a valid metric name ([a-zA-Z_:][a-zA-Z0-9_:]*). */
bool Nlg_prom_metric_name_ok(const char *s);

/* Return: true when s is a valid label name ([a-zA-Z_][a-zA-Z0-9_]*, not
 * starting with "__", which Prometheus reserves). */
bool Nlg_prom_label_name_ok(const char *s);

/* Writes s escaped as a label value (\\, \" and \n) into out of size n,
 * NUL-terminated and truncated if needed; a byte that is not part of valid
 * UTF-8 becomes U+FFFD (Prometheus rejects a scrape that is not UTF-8).
 * Return: the length the full escaped text has (like snprintf). */
size_t Nlg_prom_escape_label(const char *s, char *out, size_t n);

#endif
