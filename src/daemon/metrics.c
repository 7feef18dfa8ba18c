/* SPDX-License-Identifier: MIT */
/* metrics.c - netledgerd's endpoint: /metrics and the history page's live
 * rates, rendered after each sample, served by the endpoint's own thread. */
#include <stdio.h>
#include <syslog.h>
#include <time.h>

#include "daemon/http.h"
#include "daemon/run.h"
#include "daemon/web/web.h"
#include "export/prom.h"

static int web_new(struct nlgd *d)
{
	struct Nlg_web_opts o = { .db = d->cfg.db, .billing_day = d->cfg.billing_day };
	for (int r = 0; r < NLG_RES_COUNT; r++)
		o.keep[r] = d->cfg.policy.keep[r];
	d->web = Nlg_web_new(&o);
	return d->web ? 0 : -1;
}

int Nlgd_metrics_start(struct nlgd *d)
{
	if (!d->cfg.metrics)
		return 0;
	d->prom = Nlg_prom_new(d->cfg.metrics_top_apps);
	if (!d->prom || web_new(d) < 0)
		return Nlgd_fail(d, NLGD_EXIT_RUNTIME, "out of memory");
	char err[256];
	if (Nlg_http_start_web(&d->http, d->cfg.listen, d->cfg.port, d->web, err, sizeof(err)) < 0)
		return Nlgd_fail(d, NLGD_EXIT_HTTP, "%s", err);
	return 0;
}

static double wall_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void Nlgd_metrics_publish(struct nlgd *d)
{
	if (!d->http || !d->mon)
		return;
	const struct Nlgd_health *h = &d->health;
	struct Nlg_prom_health ph = {
		.samples = h->samples,
		.sample_seconds_sum = h->sample_seconds_sum,
		.last_sample_seconds = h->last_sample_seconds,
		.db_flushes = h->db_flushes,
		.db_write_errors = h->db_write_errors,
		.start_time = h->start_time,
	};
	char *text;
	size_t len;
	if (Nlg_prom_render_with(d->prom, d->mon, &ph, &text, &len) < 0) {
		Nlgd_log(d, LOG_ERR, "metrics: out of memory");
		return;
	}
	Nlg_http_publish(d->http, text, len);
	if (Nlg_web_publish_live(d->web, d->mon, wall_seconds(), h->samples) < 0)
		Nlgd_log(d, LOG_ERR, "live rates: out of memory");
}

void Nlgd_metrics_stop(struct nlgd *d)
{
	Nlg_http_stop(d->http);
	d->http = NULL;
	Nlg_web_free(d->web);
	d->web = NULL;
	Nlg_prom_free(d->prom);
	d->prom = NULL;
}
