/* SPDX-License-Identifier: MIT */
/*
 * nlg-account - the accounting API of libnetledger as an embedder uses it,
 * for netledger's tests:
 *
 *   nlg-account cgroup PATH SECONDS   accounts an existing cgroup v2
 *   nlg-account tree PID SECONDS      accounts a process tree
 *
 * Samples every 0.2 s for SECONDS (or, for a tree, until its root exits),
 * stops, and prints one line: "ready" first (the counters run), then
 * "tcp_tx N tcp_rx N tx N rx N sockets N exact 0|1 notes N".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "netledger.h"

static int report(struct nlg_account *a)
{
	struct nlg_account_totals t;
	if (nlg_account_stop(a, NULL) < 0 || nlg_account_totals(a, &t) < 0) {
		fprintf(stderr, "nlg-account: %s\n", nlg_account_errmsg(a));
		return 1;
	}
	printf("tcp_tx %llu tcp_rx %llu tx %llu rx %llu sockets %llu exact %d notes %zu\n",
	       (unsigned long long)t.tcp_tx_payload, (unsigned long long)t.tcp_rx_payload,
	       (unsigned long long)t.tx_bytes, (unsigned long long)t.rx_bytes,
	       (unsigned long long)t.sockets, t.exact, nlg_account_note_count(a));
	for (size_t i = 0; i < nlg_account_note_count(a); i++)
		fprintf(stderr, "note: %s\n", nlg_account_note_at(a, i));
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 4 || (strcmp(argv[1], "cgroup") && strcmp(argv[1], "tree"))) {
		fprintf(stderr, "usage: nlg-account cgroup PATH SECONDS | tree PID SECONDS\n");
		return 2;
	}
	struct nlg_account *a = nlg_account_new();
	if (!a)
		return 1;
	bool tree = !strcmp(argv[1], "tree");
	int err = tree ? nlg_account_start_tree(a, atoi(argv[2]))
		       : nlg_account_start_cgroup(a, argv[2]);
	if (err < 0) {
		fprintf(stderr, "nlg-account: %s\n", nlg_account_errmsg(a));
		nlg_account_free(a);
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	long rounds = (long)(atof(argv[3]) * 5);
	struct timespec tick = { 0, 200000000 };
	for (long i = 0; i < rounds && (!tree || nlg_account_populated(a) > 0); i++) {
		nanosleep(&tick, NULL);
		if (nlg_account_sample(a) < 0)
			fprintf(stderr, "nlg-account: %s\n", nlg_account_errmsg(a));
	}
	int rc = report(a);
	nlg_account_free(a);
	return rc;
}
