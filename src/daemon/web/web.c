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

struct Nlg_web *Nlg_web_new(const struct Nlg_web_opts *o)
{
	struct Nlg_web *w = calloc(1, sizeof(*w));
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
	Nlg_snap_slot_init(&w->live);
	return w;
}

void Nlg_web_free(struct Nlg_web *w)
{
	if (!w)
		return;
	Nlg_store_close(w->store);
	Nlg_snap_slot_done(&w->live);
	free(w->db);
	free(w);
}

int64_t web_now(const struct Nlg_web *w)
{
	return w->o.clock(w->o.clock_ctx);
}

struct Nlg_store *web_store(struct Nlg_web *w, char *err, size_t errlen)
{
	/* Opened on first use, not at start: the daemon creates the file
	 * after the endpoint listens. A failure is retried next time. */
	if (!w->store && Nlg_store_open(&w->store, w->db, false, err, errlen) < 0)
		w->store = NULL;
	return w->store;
}
