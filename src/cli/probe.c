/* SPDX-License-Identifier: MIT */
/*
 * probe.c - netledger-probe: takes two samples a second apart through the
 * public API and prints each interface's totals and rates as plain text.
 * Built where the full CLI's JSON dependency is not available.
 */
#include <inttypes.h>
#include <stdio.h>
#include <unistd.h>

#include "netledger.h"

static void print_iface(const struct nlg_iface *it)
{
	printf("%-12s %-9s rx %" PRIu64 " B (%.0f B/s)  tx %" PRIu64 " B (%.0f B/s)\n",
	       nlg_iface_name(it), nlg_iface_type_name(nlg_iface_type(it)),
	       nlg_iface_total(it, NLG_RX_BYTES), nlg_iface_rate(it, NLG_RX_BYTES),
	       nlg_iface_total(it, NLG_TX_BYTES), nlg_iface_rate(it, NLG_TX_BYTES));
}

int main(void)
{
	struct nlg_monitor *mon = nlg_monitor_new();
	int err;

	if (!mon) {
		fputs("netledger-probe: out of memory\n", stderr);
		return 1;
	}
	err = nlg_monitor_sample(mon);
	if (err == 0) {
		sleep(1);
		err = nlg_monitor_sample(mon);
	}
	if (err < 0) {
		fprintf(stderr, "netledger-probe: %s: %s\n", nlg_strerror(err),
			nlg_monitor_errmsg(mon));
		nlg_monitor_free(mon);
		return 1;
	}
	for (size_t i = 0; i < nlg_iface_count(mon); i++)
		print_iface(nlg_iface_at(mon, i));
	nlg_monitor_free(mon);
	return 0;
}
