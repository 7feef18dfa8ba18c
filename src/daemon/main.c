/* SPDX-License-Identifier: MIT */
/* main.c - netledgerd: options, start-up checks, then start and run. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <syslog.h>
#include <unistd.h>

#include "daemon/daemon.h"
#include "daemon/run.h"
#include "export/termtext.h"

static void help(FILE *f)
{
	fputs("Usage: netledgerd [OPTIONS]\n"
	      "Record traffic per interface and per app into an SQLite history, and\n"
	      "serve Prometheus metrics.\n\n"
	      "  -f, --foreground     stay in the foreground, log to stderr\n"
	      "  -c, --config PATH    configuration file (default " NLGD_DEFAULT_CONFIG ")\n"
	      "  -d, --db PATH        database file (overrides 'database' in the file)\n"
	      "  -h, --help           this text\n"
	      "  -V, --version        the version\n\n"
	      "Exit status: 0 stopped cleanly, 1 runtime error, 2 usage or configuration\n"
	      "error, 3 database error, 4 database in use by another netledgerd,\n"
	      "5 metrics endpoint cannot listen.\n", f);
}

struct opts {
	bool foreground;
	const char *config;
	bool config_given;
	const char *db;
};

/* Return: -1 usage error, 1 done (help/version), 0 run. */
static int parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "foreground", no_argument, NULL, 'f' },
		{ "config", required_argument, NULL, 'c' },
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 },
	};
	int c;
	*o = (struct opts){ .config = NLGD_DEFAULT_CONFIG };
	while ((c = getopt_long(argc, argv, "fc:d:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': o->foreground = true; break;
		case 'c': o->config = optarg; o->config_given = true; break;
		case 'd': o->db = optarg; break;
		case 'h': help(stdout); return 1;
		case 'V': printf("netledgerd %s\n", nlg_version()); return 1;
		default: return -1; /* getopt said why, in one line */
		}
	}
	if (optind < argc) {
		Nlg_term_printf(stderr, "netledgerd: unexpected argument '%s'\n", argv[optind]);
		return -1;
	}
	return 0;
}

/* Takes the database's lock: open file description locks survive the
 * fork, and SQLite's own byte-range locks are a separate mechanism. */
static int lock_db(struct nlgd *d)
{
	d->lock_fd = open(d->cfg.db, O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY, 0640);
	if (d->lock_fd < 0)
		return Nlgd_fail(d, NLGD_EXIT_DB, "cannot open %s: %s", d->cfg.db, strerror(errno));
	if (flock(d->lock_fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno == EWOULDBLOCK)
			return Nlgd_fail(d, NLGD_EXIT_LOCKED,
					 "%s is in use by another netledgerd", d->cfg.db);
		return Nlgd_fail(d, NLGD_EXIT_DB, "cannot lock %s: %s", d->cfg.db, strerror(errno));
	}
	return 0;
}

static int start(struct nlgd *d)
{
	int rc = lock_db(d);
	char err[300];
	/* The endpoint first: a port in use must not cost the database a
	 * write. */
	if (!rc)
		rc = Nlgd_metrics_start(d);
	if (!rc && Nlg_store_open(&d->store, d->cfg.db, true, err, sizeof(err)) < 0)
		rc = Nlgd_fail(d, NLGD_EXIT_DB, "%s: %s", d->cfg.db, err);
	if (!rc)
		rc = Nlgd_start(d);
	return rc;
}

int main(int argc, char **argv)
{
	Nlgd_memory_tune();
	struct opts o;
	int rc = parse_opts(argc, argv, &o);
	if (rc)
		return rc < 0 ? NLGD_EXIT_USAGE : NLGD_EXIT_OK;

	static struct nlgd d;
	Nlgd_init(&d, o.foreground);
	char err[512];
	Nlgd_config_defaults(&d.cfg);
	if (Nlgd_config_load(&d.cfg, o.config, o.config_given, err, sizeof(err)) < 0) {
		Nlg_term_printf(stderr, "netledgerd: %s\n", err);   /* quotes the file */
		return NLGD_EXIT_USAGE;
	}
	d.config_path = o.config;
	d.db_override = o.db;
	if (o.db)
		snprintf(d.cfg.db, sizeof(d.cfg.db), "%s", o.db);
	if (!o.foreground && (rc = Nlgd_background(&d)) >= 0)
		return rc;
	/* Before the listener opens: a SIGHUP or SIGTERM sent as soon as the
	 * port answers must find its handler, not be lost or kill us. */
	Nlgd_signals_install();
	rc = start(&d);
	Nlgd_started(&d, rc);
	if (!rc)
		rc = Nlgd_run(&d);
	Nlgd_done(&d);
	return rc;
}
