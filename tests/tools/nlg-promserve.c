/* SPDX-License-Identifier: MIT */
/*
 * nlg-promserve - serves this machine's metrics on /metrics the way
 * netledgerd does, for load tests: samples, renders and publishes HZ times
 * a second for S seconds, then prints what it managed.
 *
 *   nlg-promserve [--seconds S] [--hz HZ] [--top N] [--port P] [--sockets]
 *       prints "port P" once listening, and at the end
 *       "published N of M, late-max-ms X, sample-render-max-ms Y, bytes B".
 *   nlg-promserve --once [--sockets]
 *       prints one rendering on stdout and exits.
 *   --sockets also watches connections, processes and apps (a sample then
 *   costs far more: every new process is looked at).
 *
 * Exit status: 0 ok, 1 runtime error, 2 usage.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "daemon/http.h"
#include "export/prom.h"
#include "netledger.h"

struct opts {
	double seconds, hz;
	unsigned top, port;
	int once, sockets;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int parse(int argc, char **argv, struct opts *o)
{
	*o = (struct opts){ .seconds = 10, .hz = 10, .top = 20 };
	for (int i = 1; i < argc; i++) {
		char *end = NULL;
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--once") || !strcmp(a, "--sockets")) {
			*(a[2] == 'o' ? &o->once : &o->sockets) = 1;
			continue;
		}
		if (!v)
			return -1;
		double d = strtod(v, &end);
		if (end == v || *end || d < 0 || d > 86400)
			return -1;
		if (!strcmp(a, "--seconds"))
			o->seconds = d;
		else if (!strcmp(a, "--hz") && d >= 0.1 && d <= 1000)
			o->hz = d;
		else if (!strcmp(a, "--top"))
			o->top = (unsigned)d;
		else if (!strcmp(a, "--port") && d <= 65535)
			o->port = (unsigned)d;
		else
			return -1;
		i++;
	}
	return 0;
}

/* Samples and renders once. Return: 0 or a negative error code. */
static int render(struct nlg_monitor *mon, struct Nlg_prom *p, struct Nlg_prom_health *h,
		  char **text, size_t *len)
{
	double t0 = mono();
	int err = nlg_monitor_sample(mon);
	if (err < 0 && nlg_iface_count(mon) == 0)
		return err;
	h->last_sample_seconds = mono() - t0;
	h->sample_seconds_sum += h->last_sample_seconds;
	h->samples++;
	return Nlg_prom_render_with(p, mon, h, text, len);
}

static int serve(const struct opts *o, struct nlg_monitor *mon, struct Nlg_prom *p,
		 struct Nlg_prom_health *h)
{
	struct Nlg_http *http;
	char err[256], *text;
	size_t len = 0;
	if (Nlg_http_start(&http, NULL, o->port, err, sizeof(err)) < 0) {
		fprintf(stderr, "nlg-promserve: %s\n", err);
		return 1;
	}
	printf("port %u\n", Nlg_http_port(http));
	fflush(stdout);
	/* Ticks on a fixed grid; a tick whose time has passed while the last
	 * one was still at work is missed, not made up (as a daemon would). */
	double period = 1 / o->hz, start = mono(), render_max = 0, publish_max = 0;
	unsigned long due = (unsigned long)(o->seconds * o->hz), done = 0, missed = 0;
	int rc = 0;
	for (unsigned long i = 0; i < due && !stop; i++) {
		double at = start + (double)i * period, t = mono();
		if (t >= at + period) {
			missed++;
			continue;
		}
		if (at > t) {
			double w = at - t;
			struct timespec ts = { (time_t)w, (long)((w - (double)(time_t)w) * 1e9) };
			nanosleep(&ts, NULL);
		}
		t = mono();
		int e = render(mon, p, h, &text, &len);
		if (e < 0) {
			fprintf(stderr, "nlg-promserve: %s\n", nlg_strerror(e));
			rc = 1;
			break;
		}
		double t2 = mono();
		Nlg_http_publish(http, text, len);
		double t3 = mono();
		render_max = t2 - t > render_max ? t2 - t : render_max;
		publish_max = t3 - t2 > publish_max ? t3 - t2 : publish_max;
		done++;
	}
	Nlg_http_stop(http);
	printf("published %lu of %lu, missed %lu, sample-render-max-ms %.1f, publish-max-ms %.3f, "
	       "bytes %zu\n", done, due, missed, render_max * 1e3, publish_max * 1e3, len);
	return rc;
}

int main(int argc, char **argv)
{
	struct opts o;
	if (parse(argc, argv, &o) < 0) {
		fprintf(stderr, "usage: nlg-promserve [--seconds S] [--hz HZ] [--top N] "
				"[--port P] [--sockets] | --once [--sockets]\n");
		return 2;
	}
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	struct nlg_monitor *mon = nlg_monitor_new();
	struct Nlg_prom *p = Nlg_prom_new(o.top);
	struct Nlg_prom_health h = { .start_time = (double)time(NULL) };
	int rc = 1;
	unsigned watch = NLG_WATCH_INTERFACES | (o.sockets ? NLG_WATCH_SOCKETS : 0);
	if (!mon || !p || nlg_monitor_set_watch(mon, watch) < 0) {
		fprintf(stderr, "nlg-promserve: out of memory\n");
	} else if (o.once) {
		char *text;
		size_t len;
		int e = render(mon, p, &h, &text, &len);
		if (e < 0) {
			fprintf(stderr, "nlg-promserve: %s\n", nlg_strerror(e));
		} else {
			rc = fwrite(text, 1, len, stdout) == len ? 0 : 1;
			free(text);
		}
	} else {
		rc = serve(&o, mon, p, &h);
	}
	Nlg_prom_free(p);
	nlg_monitor_free(mon);
	return rc;
}
