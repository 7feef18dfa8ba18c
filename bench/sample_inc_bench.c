/* SPDX-License-Identifier: MIT */
/*
 * sample_inc_bench RUNS - incremental sampling on the sockets held around
 * it (bench/sample holds 10 000 idle connections) plus 10 busy ones made
 * here, each moving 64 KiB before every sample: in the same run, the warm
 * sample time of a monitor sampling incrementally (eBPF notices), of one
 * dumping every socket (today's full sample, eBPF on too), and `ss -tin`.
 * Prints medians and ratios; exits 77 when the eBPF counter cannot run.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "netledger.h"
#include "timing.h"

#define BUSY 10
#define CHUNK 65536

static int busy[BUSY][2];

/* Return: 0 after making the busy pairs on loopback, or -1. */
static int make_busy(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int ls = socket(AF_INET, SOCK_STREAM, 0);
	if (ls < 0 || bind(ls, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(ls, BUSY) < 0 ||
	    getsockname(ls, (struct sockaddr *)&a, &len) < 0)
		return -1;
	for (int i = 0; i < BUSY; i++) {
		busy[i][0] = socket(AF_INET, SOCK_STREAM, 0);
		if (busy[i][0] < 0 || connect(busy[i][0], (struct sockaddr *)&a, sizeof(a)) < 0 ||
		    (busy[i][1] = accept(ls, NULL, NULL)) < 0)
			return -1;
	}
	close(ls);
	return 0;
}

/* Moves CHUNK bytes over every busy pair. */
static void move(void)
{
	static char buf[CHUNK];
	for (int i = 0; i < BUSY; i++) {
		size_t got = 0;
		if (write(busy[i][0], buf, sizeof(buf)) != (ssize_t)sizeof(buf))
			exit(1);
		while (got < sizeof(buf)) {
			ssize_t n = read(busy[i][1], buf, sizeof(buf) - got);
			if (n <= 0)
				exit(1);
			got += (size_t)n;
		}
	}
}

static struct nlg_monitor *open_mon(enum nlg_sampling mode)
{
	struct nlg_monitor *mon = nlg_monitor_new();
	if (!mon || nlg_monitor_set_watch(mon, NLG_WATCH_INTERFACES | NLG_WATCH_SOCKETS) < 0 ||
	    nlg_monitor_set_ebpf(mon, NLG_EBPF_ON) < 0 || nlg_monitor_set_sampling(mon, mode, 0) < 0)
		exit(1);
	if (nlg_monitor_sample(mon) < 0) {
		fprintf(stderr, "no eBPF socket counter: %s\n", nlg_monitor_errmsg(mon));
		exit(77);
	}
	return mon;
}

/* Return: the median warm sample time of mon in ms, traffic before each. */
static double warm(struct nlg_monitor *mon, int runs)
{
	double t[64];
	for (int i = 0; i < runs; i++) {
		move();
		double s = Nlg_bench_now_us();
		if (nlg_monitor_sample(mon) < 0) {
			fprintf(stderr, "sample failed: %s\n", nlg_monitor_errmsg(mon));
			exit(1);
		}
		t[i] = (Nlg_bench_now_us() - s) / 1e3;
	}
	return Nlg_bench_median(t, runs);
}

int main(int argc, char **argv)
{
	int runs = argc > 1 ? atoi(argv[1]) : 11;
	if (runs < 1 || runs > 64)
		runs = 11;
	if (make_busy() < 0) {
		perror("busy connections");
		return 1;
	}
	struct nlg_monitor *inc = open_mon(NLG_SAMPLING_AUTO);
	struct nlg_monitor *full = open_mon(NLG_SAMPLING_FULL);
	struct nlg_sampling_stats st;
	double ti = warm(inc, runs), tf = warm(full, runs);
	char *tin[] = { "ss", "-tin", NULL };
	double sst = Nlg_bench_time_exec(tin, runs) / 1e3;
	nlg_monitor_sampling_stats(inc, &st);
	printf("sockets: %zu (%d busy connections), runs: %d (medians)\n", nlg_conn_count(inc), BUSY,
	       runs);
	printf("  %-38s %9.2f ms\n", "ss -tin", sst);
	printf("  %-38s %9.2f ms\n", "netledger full sample, warm", tf);
	printf("  %-38s %9.2f ms  (%s, %llu sockets read)\n", "netledger incremental sample, warm", ti,
	       st.incremental ? "incremental" : "NOT incremental",
	       (unsigned long long)st.last_read);
	printf("ratios:\n");
	printf("  incremental / ss -tin      %6.3f  (target <= 0.1)\n", ti / sst);
	printf("  incremental / full sample  %6.3f\n", ti / tf);
	nlg_monitor_free(inc);
	nlg_monitor_free(full);
	return 0;
}
