/* SPDX-License-Identifier: MIT */
/* prom_int.h - the pieces of the Prometheus exporter, shared by its files
 * and its tests. */
#ifndef NLG_EXPORT_PROM_INT_H
#define NLG_EXPORT_PROM_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netledger.h"

/* A growing text buffer; after an allocation failure every append is a
 * no-op and oom stays set. */
struct Nlg_prom_buf {
	char *p;
	size_t len, cap;
	bool oom;
};

/* A label of a sample. */
struct Nlg_prom_label {
	const char *name, *value;
};

void Nlg_prom_buf_printf(struct Nlg_prom_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void Nlg_prom_buf_escaped(struct Nlg_prom_buf *b, const char *s, bool quote);

/* Writes the HELP and TYPE lines of a family. */
void Nlg_prom_family(struct Nlg_prom_buf *b, const char *name, const char *type,
		     const char *help);

/* Writes one sample line: name{labels} value. */
void Nlg_prom_sample_u64(struct Nlg_prom_buf *b, const char *name,
			 const struct Nlg_prom_label *l, size_t nl, uint64_t v);
void Nlg_prom_sample_f64(struct Nlg_prom_buf *b, const char *name,
			 const struct Nlg_prom_label *l, size_t nl, double v);

/* ------------------------------------------------------------------------
 * The top-N app series and "other".
 *
 * Each render gives every app's totals (apps are identified by key, which
 * stays the same for the monitor's life). The top n by bytes get a series
 * each; the rest add what they counted to "other", which therefore never
 * decreases: an app that moves into the top takes none of what "other"
 * already counted, and an app that falls out adds only what it counts from
 * then on. An app that comes back into the top resumes its series without
 * the bytes "other" counted meanwhile, so every byte is in one series.
 */
struct Nlg_prom_app_in {
	const char *key;                 /* the app's stable identity */
	uint64_t rx, tx;
};

struct Nlg_prom_app_mem {
	const char *key;                 /* owned copy */
	uint64_t rx_seen, tx_seen;       /* totals at the last render */
	uint64_t rx_hidden, tx_hidden;   /* counted by "other" after its first
					  * time in the top */
	uint64_t rx_base, tx_base;       /* totals of its earlier lives: the
					  * monitor retired it and made it again */
	bool member, ever_member;
	bool absent;                     /* not listed by the monitor now */
};

struct Nlg_prom_apps {
	unsigned top;
	struct Nlg_prom_app_mem *v;      /* n listed apps, then nabsent retired */
	size_t n, cap, nabsent;
	uint64_t other_rx, other_tx;
};

/* Updates the top n and "other" from the totals of n apps, in the order
 * the monitor lists them (any order; retired apps are no longer listed).
 * Return: 0 or -ENOMEM (nothing changed). */
int Nlg_prom_apps_update(struct Nlg_prom_apps *t, const struct Nlg_prom_app_in *in, size_t n);

/* Return: true when the i-th app has a series; its values in *rx, *tx. */
bool Nlg_prom_apps_series(const struct Nlg_prom_apps *t, size_t i, uint64_t *rx, uint64_t *tx);

void Nlg_prom_apps_done(struct Nlg_prom_apps *t);

/* ------------------------------------------------------------------------
 * Interface series, remembered by name (see prom_iface.c).
 */
struct Nlg_prom_iface_mem;

/* Names of gone interfaces remembered at most (present ones always are);
 * beyond that the longest gone are forgotten, and should one come back its
 * series starts again from the kernel's counter. */
#define NLG_PROM_GONE_MEMORY 1024

struct Nlg_prom_ifaces {
	struct Nlg_prom_iface_mem *v;  /* sorted by name */
	size_t n, cap;
	uint64_t gen;                /* renders so far */
};

void Nlg_prom_ifaces_init(struct Nlg_prom_ifaces *t);
void Nlg_prom_ifaces_done(struct Nlg_prom_ifaces *t);

/* Updates the series of mon's present interfaces and writes their
 * families to b. Return: 0 or -ENOMEM. */
int Nlg_prom_ifaces_render(struct Nlg_prom_ifaces *t, const struct nlg_monitor *mon,
			   struct Nlg_prom_buf *b);

/* Writes the wireless families (none without a wireless interface) and
 * the machine's totals by scope (prom_wifi.c). */
void Nlg_prom_wifi_render(const struct nlg_monitor *mon, struct Nlg_prom_buf *b);
void Nlg_prom_totals_render(const struct nlg_monitor *mon, struct Nlg_prom_buf *b);

#endif
