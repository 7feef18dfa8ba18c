/* SPDX-License-Identifier: MIT */
/*
 * ifaces_bench - times one full interface sample against the peers, in the
 * same run and on the same interfaces, like against like:
 *   - as processes: `netledger ifaces` and `netledger ifaces --json` against
 *     `ip -s -j link` (each starts, dumps links with stats, prints, exits);
 *   - in a running monitor: nlg_monitor_sample() (links, addresses, stats)
 *     against reading /proc/net/dev whole (counters only, no parsing).
 * `ifaces --json` against `ip -s -j link` is timed again in ROUNDS rounds
 * that alternate the two, so that a neighbour's load falls on both: each
 * round's ratio of medians is printed, then the median ratio.
 * Prints medians and ratios; never asserts a time.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "netledger.h"
#include "timing.h"

static double time_sample(struct nlg_monitor *mon, int runs)
{
	double *t = calloc((size_t)runs, sizeof(*t));
	for (int i = 0; i < runs; i++) {
		double s = Nlg_bench_now_us();
		if (nlg_monitor_sample(mon) < 0) {
			fprintf(stderr, "sample failed: %s\n", nlg_monitor_errmsg(mon));
			exit(1);
		}
		t[i] = Nlg_bench_now_us() - s;
	}
	double m = Nlg_bench_median(t, runs);
	free(t);
	return m;
}

static double time_procnetdev(int runs)
{
	static char buf[1 << 20];
	double *t = calloc((size_t)runs, sizeof(*t));
	for (int i = 0; i < runs; i++) {
		double s = Nlg_bench_now_us();
		int fd = open("/proc/net/dev", O_RDONLY);
		while (fd >= 0 && read(fd, buf, sizeof(buf)) > 0)
			;
		if (fd >= 0)
			close(fd);
		t[i] = Nlg_bench_now_us() - s;
	}
	double m = Nlg_bench_median(t, runs);
	free(t);
	return m;
}

/* Return: the median over rounds of the ratio of nl's median to ip's. */
static double json_ratio(char *const ip[], char *const nl[], int runs, int rounds)
{
	double *r = calloc((size_t)rounds, sizeof(*r));
	for (int i = 0; i < rounds; i++) {
		double ipt = Nlg_bench_time_exec(ip, runs);
		double nlt = Nlg_bench_time_exec(nl, runs);
		r[i] = nlt / ipt;
		printf("  round %d: ip %6.0f us, ifaces --json %6.0f us, ratio %5.2f\n", i + 1, ipt,
		       nlt, r[i]);
	}
	double m = Nlg_bench_median(r, rounds);
	free(r);
	return m;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: ifaces_bench NETLEDGER_BINARY [RUNS [ROUNDS]]\n");
		return 2;
	}
	int runs = argc > 2 ? atoi(argv[2]) : 50;
	int rounds = argc > 3 ? atoi(argv[3]) : 5;
	if (runs < 1 || rounds < 1) {
		fprintf(stderr, "ifaces_bench: RUNS and ROUNDS must be at least 1\n");
		return 2;
	}
	struct nlg_monitor *mon = nlg_monitor_new();
	nlg_monitor_sample(mon); /* first sample: caches filled */
	size_t n = nlg_iface_count(mon);

	double lib = time_sample(mon, runs);
	double pnd = time_procnetdev(runs);
	char *ip[] = { "ip", "-s", "-j", "link", NULL };
	char *nt[] = { argv[1], "ifaces", NULL };
	char *nl[] = { argv[1], "ifaces", "--json", NULL };
	double ipt = Nlg_bench_time_exec(ip, runs);
	double ntt = Nlg_bench_time_exec(nt, runs);
	double nlt = Nlg_bench_time_exec(nl, runs);

	printf("interfaces: %zu, runs: %d (medians)\n", n, runs);
	printf("  %-38s %10.0f us\n", "ip -s -j link (process)", ipt);
	printf("  %-38s %10.0f us\n", "netledger ifaces (process)", ntt);
	printf("  %-38s %10.0f us\n", "netledger ifaces --json (process)", nlt);
	printf("  %-38s %10.0f us\n", "netledger sample (in process)", lib);
	printf("  %-38s %10.0f us\n", "read /proc/net/dev (in process)", pnd);
	printf("ratios:\n");
	printf("  ifaces / ip -s -j link            %6.2f  (target <= 1)\n", ntt / ipt);
	printf("  ifaces --json / ip -s -j link     %6.2f  (target <= 1)\n", nlt / ipt);
	printf("  sample / read of /proc/net/dev    %6.2f\n", lib / pnd);
	printf("ifaces --json / ip -s -j link, %d rounds of %d runs each, alternating:\n", rounds,
	       runs);
	printf("  median ratio                      %6.2f  (target <= 1.5)\n",
	       json_ratio(ip, nl, runs, rounds));
	nlg_monitor_free(mon);
	return 0;
}
