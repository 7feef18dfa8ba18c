/* SPDX-License-Identifier: MIT */
/*
 * web_bench STORE_SIZE NETLEDGER [RUNS] - the history page's year query
 * against `netledger history` on the same range, in the same run.
 *
 * A year of 10 interfaces and 50 apps is written by STORE_SIZE (the
 * store_size bench, default retention), then, over that year at day
 * resolution:
 *   - the API answers (apps per range, all interfaces' series, one app's
 *     series) in process, as the endpoint's thread runs them;
 *   - the same answers through HTTP on loopback, fetched by curl;
 *   - `netledger history --apps --days` and `netledger history --days`
 *     with --json over the same range, as processes.
 * Medians of RUNS (default 30). Prints the numbers; the target (under
 * 50 ms for the API) is for a reader to compare, not asserted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../timing.h"
#include "daemon/http.h"
#include "daemon/web/web.h"

#define START 1735689600 /* 2025-01-01 UTC, as store_size writes */
#define END (START + 365 * 86400)

static int64_t year_end(void *ctx)
{
	(void)ctx;
	return END;
}

/* Return: the median microseconds of one in-process answer. */
static double time_handler(struct Nlg_web *w, const char *path, const struct Nlg_web_arg *a,
			   size_t n, int runs, size_t *len)
{
	double *v = calloc((size_t)runs, sizeof(*v));
	if (!v)
		exit(1);
	for (int i = 0; i < runs; i++) {
		struct Nlg_web_resp r;
		double t0 = Nlg_bench_now_us();
		if (Nlg_web_handle(w, "GET", path, a, n, &r) < 0 || r.status != 200) {
			fprintf(stderr, "web_bench: %s answered %u: %.*s\n", path, r.status,
				(int)r.len, r.body);
			exit(1);
		}
		v[i] = Nlg_bench_now_us() - t0;
		*len = r.len;
		if (r.release)
			r.release(r.release_cls);
	}
	double m = Nlg_bench_median(v, runs);
	free(v);
	return m;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: web_bench STORE_SIZE NETLEDGER [RUNS]\n");
		return 2;
	}
	int runs = argc > 3 ? atoi(argv[3]) : 30;
	char db[64], since[32], until[32], at_since[32], at_until[32], url[3][256];
	snprintf(db, sizeof(db), "/tmp/nlg-web-bench-%d.db", (int)getpid());
	snprintf(since, sizeof(since), "%d", START);
	snprintf(until, sizeof(until), "%d", END);
	snprintf(at_since, sizeof(at_since), "@%d", START);
	snprintf(at_until, sizeof(at_until), "@%d", END);
	char *fill[] = { argv[1], db, NULL };
	printf("web_bench: writing a year of 10 interfaces and 50 apps into %s\n", db);
	Nlg_bench_time_exec(fill, 1);

	struct Nlg_web_opts o = { .db = db, .billing_day = 1, .clock = year_end };
	struct Nlg_store_policy p;
	Nlg_store_policy_default(&p);
	memcpy(o.keep, p.keep, sizeof(o.keep));
	struct Nlg_web *w = Nlg_web_new(&o);
	struct Nlg_http *h;
	char err[256];
	if (!w || Nlg_http_start_web(&h, "127.0.0.1", 0, w, err, sizeof(err)) < 0) {
		fprintf(stderr, "web_bench: %s\n", w ? err : "out of memory");
		return 1;
	}
	const struct Nlg_web_arg apps[] = { { "since", since }, { "until", until }, { "res", "day" } };
	const struct Nlg_web_arg app[] = { { "since", since }, { "until", until }, { "res", "day" },
					   { "app", "app-07.service" } };
	static const char *const what[3] = { "apps per range", "series, all interfaces",
					     "series, one app" };
	static const char *const paths[3] = { "/api/v1/apps", "/api/v1/series", "/api/v1/series" };
	size_t len[3];
	double in_proc[3] = {
		time_handler(w, paths[0], apps, 3, runs, &len[0]),
		time_handler(w, paths[1], apps, 3, runs, &len[1]),
		time_handler(w, paths[2], app, 4, runs, &len[2]),
	};
	for (int i = 0; i < 3; i++)
		snprintf(url[i], sizeof(url[i]), "http://127.0.0.1:%u%s?since=%s&until=%s&res=day%s",
			 Nlg_http_port(h), paths[i], since, until, i == 2 ? "&app=app-07.service" : "");
	double http[3];
	for (int i = 0; i < 3; i++) {
		char *curl[] = { "curl", "-sf", "-o", "/dev/null", url[i], NULL };
		http[i] = Nlg_bench_time_exec(curl, runs);
	}
	char *hist_apps[] = { argv[2], "history", "--db", db, "--apps", "--days", "--since", at_since,
			      "--until", at_until, "--json", NULL };
	char *hist_rows[] = { argv[2], "history", "--db", db, "--days", "--since", at_since,
			      "--until", at_until, "--json", NULL };
	double cli[2] = { Nlg_bench_time_exec(hist_apps, runs), Nlg_bench_time_exec(hist_rows, runs) };

	printf("web_bench: a year at day resolution, medians of %d runs\n", runs);
	printf("  %-24s %10s %12s %8s\n", "query", "in process", "curl (HTTP)", "bytes");
	for (int i = 0; i < 3; i++)
		printf("  %-24s %7.2f ms %9.2f ms %8zu\n", what[i], in_proc[i] / 1000,
		       http[i] / 1000, len[i]);
	printf("  netledger history --apps --days --json:  %.2f ms (process)\n", cli[0] / 1000);
	printf("  netledger history --days --json:         %.2f ms (process)\n", cli[1] / 1000);
	printf("  ratio, apps per range over HTTP / history --apps: %.2f\n", http[0] / cli[0]);
	printf("  ratio, series over HTTP / history:                %.2f\n", http[1] / cli[1]);
	Nlg_http_stop(h);
	Nlg_web_free(w);
	unlink(db);
	char aux[80];
	snprintf(aux, sizeof(aux), "%s-wal", db);
	unlink(aux);
	snprintf(aux, sizeof(aux), "%s-shm", db);
	unlink(aux);
	return 0;
}
