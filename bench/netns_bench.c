/* SPDX-License-Identifier: MIT */
/*
 * netns_bench SPEC RUNS [EBPF] - the median time of one full sample (interfaces,
 * every socket of the namespaces SPEC names, with counters and processes)
 * in a running monitor, after a first sample that fills its caches, with
 * the eBPF socket counter as EBPF says (auto, the default as root, or off).
 * Prints "NAMESPACES CONNECTIONS MS".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netledger.h"
#include "timing.h"

static void sample(struct nlg_monitor *mon)
{
	if (nlg_monitor_sample(mon) < 0) {
		fprintf(stderr, "sample failed: %s\n", nlg_monitor_errmsg(mon));
		exit(1);
	}
}

int main(int argc, char **argv)
{
	if (argc != 3 && argc != 4)
		return fprintf(stderr, "usage: netns_bench SPEC RUNS [auto|off]\n"), 2;
	enum nlg_ebpf_mode ebpf = argc == 4 && !strcmp(argv[3], "off") ? NLG_EBPF_OFF : NLG_EBPF_AUTO;
	int runs = atoi(argv[2]);
	if (runs < 1 || runs > 64)
		runs = 11;
	struct nlg_monitor *mon = nlg_monitor_new();
	if (!mon || nlg_monitor_set_watch(mon, NLG_WATCH_INTERFACES | NLG_WATCH_SOCKETS) < 0 ||
	    nlg_monitor_set_netns(mon, argv[1]) < 0 || nlg_monitor_set_ebpf(mon, ebpf) < 0)
		return fprintf(stderr, "cannot set up the monitor\n"), 1;
	sample(mon);
	double t[64];
	for (int i = 0; i < runs; i++) {
		double s = Nlg_bench_now_us();
		sample(mon);
		t[i] = (Nlg_bench_now_us() - s) / 1e3;
	}
	printf("%zu %zu %.2f\n", nlg_monitor_netns_count(mon), nlg_conn_count(mon),
	       Nlg_bench_median(t, runs));
	nlg_monitor_free(mon);
	return 0;
}
