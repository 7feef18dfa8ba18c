/* SPDX-License-Identifier: MIT */
/*
 * web.h - netledgerd's history page: the embedded page and its JSON API
 * under /api/v1/ (ranges, series, apps, live). Requests are answered on
 * the HTTP thread: history through a read-only store connection of its
 * own (the sampling thread's writes never wait for it), live rates from
 * the text the sampling thread last published. Every answer is built in
 * full before it is sent, so a slow client holds no lock and no query.
 */
#ifndef NLG_DAEMON_WEB_H
#define NLG_DAEMON_WEB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

struct Nlg_web;
struct nlg_monitor;

struct Nlg_web_opts {
	const char *db;                   /* opened read-only on first use */
	unsigned billing_day;             /* 1-31: first day of the billing month */
	int64_t keep[NLG_RES_COUNT];      /* retention in s (0: forever) */
	int64_t (*clock)(void *ctx);      /* unix seconds; NULL: the real clock */
	void *clock_ctx;
};

/* Return: a new context (the options are copied), or NULL without memory. */
struct Nlg_web *Nlg_web_new(const struct Nlg_web_opts *o);
void Nlg_web_free(struct Nlg_web *w);

/* A query parameter; value is NULL for a bare "key". */
struct Nlg_web_arg {
	const char *key, *value;
};

struct Nlg_web_resp {
	unsigned status;
	const char *type;          /* Content-Type */
	const char *body;
	size_t len;
	void (*release)(void *);   /* frees the body when sent; NULL: static */
	void *release_cls;
	const char *allow;         /* the Allow header of a 405 */
	bool cacheable;            /* an embedded asset: may be cached briefly */
};

/* Answers one request (path without the query string). Return: 0 with
 * *out filled, or -ENOMEM. */
int Nlg_web_handle(struct Nlg_web *w, const char *method, const char *path,
		   const struct Nlg_web_arg *args, size_t nargs, struct Nlg_web_resp *out);

/* Headers that every response carries (CSP and friends), NULL-terminated
 * pairs of name and value. */
extern const char *const Nlg_web_headers[];

/* Renders the live rates of the monitor's last sample (on the sampling
 * thread) and publishes them for /api/v1/live. t is the sample's unix
 * time. Return: 0 or -ENOMEM. */
int Nlg_web_publish_live(struct Nlg_web *w, const struct nlg_monitor *mon, double t,
			 uint64_t samples);

#endif
