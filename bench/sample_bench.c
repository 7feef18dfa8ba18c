/* SPDX-License-Identifier: MIT */
/*
 * sample_bench RUNS - in the same run and on the same sockets: one full
 * netledger sample (interfaces, every socket with its counters, process
 * attribution) in a running monitor, against `ss -tin` (the kernel's
 * socket dump alone, as a process) and `ss -tinp` (with processes).
 * Prints medians and ratios, cold (first sample) and warm.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "netledger.h"
#include "timing.h"

/* Return: CLOCK_MONOTONIC in milliseconds. */
static double now_ms(void)
{
	return Nlg_bench_now_us() / 1e3;
}

static int sample(struct nlg_monitor *mon)
{
	if (nlg_monitor_sample(mon) < 0) {
		fprintf(stderr, "sample failed: %s\n", nlg_monitor_errmsg(mon));
		exit(1);
	}
	return 0;
}

int main(int argc, char **argv)
{
	int runs = argc > 1 ? atoi(argv[1]) : 11;
	if (runs < 1 || runs > 64)
		runs = 11;
	struct nlg_monitor *mon = nlg_monitor_new();
	nlg_monitor_set_watch(mon, NLG_WATCH_INTERFACES | NLG_WATCH_SOCKETS);
	double s = now_ms();
	sample(mon);
	double cold = now_ms() - s;
	double t[64];
	for (int i = 0; i < runs; i++) {
		s = now_ms();
		sample(mon);
		t[i] = now_ms() - s;
	}
	double warm = Nlg_bench_median(t, runs);
	char *tin[] = { "ss", "-tin", NULL };
	char *tinp[] = { "ss", "-tinp", NULL };
	double sst = Nlg_bench_time_exec(tin, runs) / 1e3, sstp = Nlg_bench_time_exec(tinp, runs) / 1e3;

	printf("sockets: %zu, runs: %d (medians)\n", nlg_conn_count(mon), runs);
	printf("  %-34s %9.2f ms\n", "ss -tin", sst);
	printf("  %-34s %9.2f ms\n", "ss -tinp", sstp);
	printf("  %-34s %9.2f ms\n", "netledger sample, first (cold)", cold);
	printf("  %-34s %9.2f ms\n", "netledger sample, warm", warm);
	printf("ratios:\n");
	printf("  warm sample / ss -tin      %6.2f  (target <= 1.5)\n", warm / sst);
	printf("  warm sample / ss -tinp     %6.2f  (target <= 0.3)\n", warm / sstp);
	printf("  cold sample / ss -tinp     %6.2f\n", cold / sstp);
	nlg_monitor_free(mon);
	return 0;
}
