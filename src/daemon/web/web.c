/* SPDX-License-Identifier: MIT */
/* web.c - the page's context: options, its own read-only connection to
 * the history, and the live rates last published. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "daemon/web/web_int.h"

static int64_t real_clock(void *ctx)
{
	(void)ctx;
	return (int64_t)time(NULL);
}

struct nlg_web *nlg_web_new(const struct nlg_web_opts *o)
{
	struct nlg_web *w = calloc(1, sizeof(*w));
	if (!w)
		return NULL;
	w->o = *o;
	w->db = strdup(o->db ? o->db : "");
	if (!w->db) {
		free(w);
		return NULL;
	}
	w->o.db = w->db;
	if (!w->o.clock)
		w->o.clock = real_clock;
	nlg_snap_slot_init(&w->live);
	return w;
}

void nlg_web_free(struct nlg_web *w)
{
	if (!w)
		return;
	nlg_store_close(w->store);
	nlg_snap_slot_done(&w->live);
	free(w->db);
	free(w);
}

int64_t web_now(const struct nlg_web *w)
{
	return w->o.clock(w->o.clock_ctx);
}

struct nlg_store *web_store(struct nlg_web *w, char *err, size_t errlen)
{
	/* Opened on first use, not at start: the daemon creates the file
	 * after the endpoint listens. A failure is retried next time. */
	if (!w->store && nlg_store_open(&w->store, w->db, false, err, errlen) < 0)
		w->store = NULL;
	return w->store;
}
