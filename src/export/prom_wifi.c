/* SPDX-License-Identifier: MIT */
/* prom_wifi.c - wireless link quality and the machine's totals on
 * /metrics. A wireless field the platform could not read has no sample. */
#include <stdio.h>

#include "export/prom_int.h"

struct wifi_family {
	const char *name, *help;
	unsigned has;
};

static const struct wifi_family families[] = {
	{ "netledger_wireless_signal_dbm",
	  "Signal of the last frame received on the wireless link, in dBm", NLG_WIFI_HAS_SIGNAL },
	{ "netledger_wireless_signal_average_dbm",
	  "The driver's running average of the wireless link's signal, in dBm",
	  NLG_WIFI_HAS_SIGNAL_AVG },
	{ "netledger_wireless_bitrate_bits",
	  "Bitrate of the last frame on the wireless link, in bits per second, by direction",
	  NLG_WIFI_HAS_RX_BITRATE | NLG_WIFI_HAS_TX_BITRATE },
	{ "netledger_wireless_frequency_hertz", "Frequency of the wireless link",
	  NLG_WIFI_HAS_FREQ },
	{ "netledger_wireless_stations",
	  "Stations associated with a wireless access point, or peers of a mesh point",
	  NLG_WIFI_HAS_STATIONS },
};

static void sample(struct Nlg_prom_buf *b, const struct wifi_family *f, const char *name,
		   const struct nlg_wifi *w)
{
	struct Nlg_prom_label l[2] = { { "interface", name }, { "direction", "" } };
	if (f->has == NLG_WIFI_HAS_SIGNAL)
		Nlg_prom_sample_f64(b, f->name, l, 1, w->signal_dbm);
	else if (f->has == NLG_WIFI_HAS_SIGNAL_AVG)
		Nlg_prom_sample_f64(b, f->name, l, 1, w->signal_avg_dbm);
	else if (f->has == NLG_WIFI_HAS_FREQ)
		Nlg_prom_sample_u64(b, f->name, l, 1, (uint64_t)w->freq_mhz * 1000000);
	else if (f->has == NLG_WIFI_HAS_STATIONS)
		Nlg_prom_sample_u64(b, f->name, l, 1, w->stations);
	if (f->has & NLG_WIFI_HAS_RX_BITRATE && w->has & NLG_WIFI_HAS_RX_BITRATE) {
		l[1].value = "receive";
		Nlg_prom_sample_u64(b, f->name, l, 2, w->rx_bitrate);
	}
	if (f->has & NLG_WIFI_HAS_TX_BITRATE && w->has & NLG_WIFI_HAS_TX_BITRATE) {
		l[1].value = "transmit";
		Nlg_prom_sample_u64(b, f->name, l, 2, w->tx_bitrate);
	}
}

/* Return: true when any present interface is wireless: a machine without
 * one gets no empty families. */
static bool any_wifi(const struct nlg_monitor *mon)
{
	struct nlg_wifi w;
	for (size_t i = 0; i < nlg_iface_count(mon); i++)
		if (nlg_iface_wifi(nlg_iface_at(mon, i), &w) == 0)
			return true;
	return false;
}

void Nlg_prom_wifi_render(const struct nlg_monitor *mon, struct Nlg_prom_buf *b)
{
	if (!any_wifi(mon))
		return;
	for (size_t k = 0; k < sizeof(families) / sizeof(families[0]); k++) {
		const struct wifi_family *f = &families[k];
		Nlg_prom_family(b, f->name, "gauge", f->help);
		for (size_t i = 0; i < nlg_iface_count(mon); i++) {
			const struct nlg_iface *it = nlg_iface_at(mon, i);
			struct nlg_wifi w;
			if (nlg_iface_wifi(it, &w) == 0 && (w.has & f->has))
				sample(b, f, nlg_iface_name(it), &w);
		}
	}
}

void Nlg_prom_totals_render(const struct nlg_monitor *mon, struct Nlg_prom_buf *b)
{
	static const char *const names[] = { "netledger_total_receive_bytes_total",
					     "netledger_total_transmit_bytes_total" };
	static const char *const scopes[] = { "physical", "all" };
	char help[256];
	for (int dir = 0; dir < 2; dir++) {
		snprintf(help, sizeof(help),
			 "Bytes %s by the machine since the daemon started, interfaces that "
			 "left included; scope physical: ethernet, wifi and cellular interfaces, "
			 "all: every interface but loopback", dir ? "transmitted" : "received");
		Nlg_prom_family(b, names[dir], "counter", help);
		for (int s = 0; s < 2; s++) {
			struct nlg_total t;
			struct Nlg_prom_label l = { "scope", scopes[s] };
			if (nlg_monitor_total(mon, (enum nlg_total_scope)s, &t) == 0)
				Nlg_prom_sample_u64(b, names[dir], &l, 1,
						    dir ? t.tx_since_start : t.rx_since_start);
		}
	}
}
