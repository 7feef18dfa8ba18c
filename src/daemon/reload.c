/* SPDX-License-Identifier: MIT */
/* reload.c - SIGHUP: the configuration read again. */
#include <stdio.h>
#include <string.h>
#include <syslog.h>

#include "daemon/run.h"

/* SIGHUP: settings that a running daemon can change take effect; the
 * others are kept, with a note, until a restart. */
void Nlgd_reload(struct nlgd *d)
{
	struct Nlgd_config c;
	char err[512];
	Nlgd_config_defaults(&c);
	if (Nlgd_config_load(&c, d->config_path, false, err, sizeof(err)) < 0) {
		Nlgd_log(d, LOG_ERR, "reload: %s (keeping the running configuration)", err);
		return;
	}
	if (d->db_override)
		snprintf(c.db, sizeof(c.db), "%s", d->db_override);
	if (strcmp(c.db, d->cfg.db) || strcmp(c.listen, d->cfg.listen) || c.port != d->cfg.port ||
	    c.metrics != d->cfg.metrics || c.apps != d->cfg.apps ||
	    c.metrics_top_apps != d->cfg.metrics_top_apps || c.billing_day != d->cfg.billing_day)
		Nlgd_log(d, LOG_NOTICE, "reload: database, apps, metrics, listen, port, "
			 "metrics_top_apps and billing_day change at restart");
	d->cfg.interval_ns = c.interval_ns;
	d->cfg.apps_interval_ns = c.apps_interval_ns;
	d->cfg.flush_ns = c.flush_ns;
	d->cfg.policy = c.policy;
	Nlgd_log(d, LOG_INFO, "configuration reloaded from %s", d->config_path);
}
