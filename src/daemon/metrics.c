/* SPDX-License-Identifier: MIT */
/* metrics.c - netledgerd's /metrics: rendered after each sample, served
 * by the endpoint's own thread. */
#include <stdio.h>
#include <syslog.h>

#include "daemon/http.h"
#include "daemon/run.h"
#include "export/prom.h"

int nlgd_metrics_start(struct nlgd *d)
{
	if (!d->cfg.metrics)
		return 0;
	d->prom = nlg_prom_new(d->cfg.metrics_top_apps);
	if (!d->prom)
		return nlgd_fail(d, NLGD_EXIT_RUNTIME, "out of memory");
	char err[256];
	if (nlg_http_start(&d->http, d->cfg.listen, d->cfg.port, err, sizeof(err)) < 0)
		return nlgd_fail(d, NLGD_EXIT_HTTP, "%s", err);
	return 0;
}

void nlgd_metrics_publish(struct nlgd *d)
{
	if (!d->http || !d->mon)
		return;
	const struct nlgd_health *h = &d->health;
	struct nlg_prom_health ph = {
		.samples = h->samples,
		.sample_seconds_sum = h->sample_seconds_sum,
		.last_sample_seconds = h->last_sample_seconds,
		.db_flushes = h->db_flushes,
		.db_write_errors = h->db_write_errors,
		.start_time = h->start_time,
	};
	char *text;
	size_t len;
	if (nlg_prom_render_with(d->prom, d->mon, &ph, &text, &len) < 0) {
		nlgd_log(d, LOG_ERR, "metrics: out of memory");
		return;
	}
	nlg_http_publish(d->http, text, len);
}

void nlgd_metrics_stop(struct nlgd *d)
{
	nlg_http_stop(d->http);
	d->http = NULL;
	nlg_prom_free(d->prom);
	d->prom = NULL;
}
