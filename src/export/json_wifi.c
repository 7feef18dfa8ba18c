/* SPDX-License-Identifier: MIT */
/*
 * json_wifi.c - the JSON form of a wireless link and of the machine's
 * totals (see netledger(1)). A field the platform could not read is
 * null, never 0.
 */
#include <stdio.h>
#include <string.h>

#include "export/json.h"
#include "export/utf8.h"

/* Return: true when s[0..n) is strict UTF-8 without NUL, which JSON
 * carries as it is. */
static bool utf8_text(const uint8_t *s, size_t n)
{
	uint32_t cp;
	for (size_t i = 0, len; i < n; i += len)
		if (!s[i] || !(len = Nlg_utf8_decode(s + i, n - i, &cp)))
			return false;
	return true;
}

/* An SSID is any 0-32 bytes: text when it is UTF-8, hex always. */
static void ssid(struct Nlg_js *js, const struct nlg_wifi *w)
{
	char hex[2 * sizeof(w->ssid) + 1] = "";
	bool known = w->has & NLG_WIFI_HAS_SSID;
	for (size_t i = 0; known && i < w->ssid_len; i++)
		snprintf(hex + 2 * i, 3, "%02x", w->ssid[i]);
	Nlg_js_key(js, "ssid");
	if (known && utf8_text(w->ssid, w->ssid_len))
		Nlg_js_str_len(js, (const char *)w->ssid, w->ssid_len);
	else
		Nlg_js_null(js);
	Nlg_js_key(js, "ssid_hex");
	Nlg_js_str_or_null(js, known ? hex : NULL);
}

/* key: v when the field is known, else null. */
static void kint_if(struct Nlg_js *js, const char *key, bool known, int64_t v)
{
	if (known)
		Nlg_js_kint(js, key, v);
	else
		Nlg_js_knull(js, key);
}

static void kuint_if(struct Nlg_js *js, const char *key, bool known, uint64_t v)
{
	if (known)
		Nlg_js_kuint(js, key, v);
	else
		Nlg_js_knull(js, key);
}

void Nlg_json_wifi(struct Nlg_js *js, const struct nlg_iface *it)
{
	struct nlg_wifi w;
	if (nlg_iface_wifi(it, &w) < 0) {
		Nlg_js_null(js); /* callers ask only about present wireless links */
		return;
	}
	unsigned h = w.has;
	char b[18];
	const uint8_t *m = w.bssid;
	snprintf(b, sizeof(b), "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
	Nlg_js_obj_open(js);
	Nlg_js_kstr(js, "mode", nlg_wifi_mode_name(w.mode));
	ssid(js, &w);
	Nlg_js_key(js, "bssid");
	Nlg_js_str_or_null(js, (h & NLG_WIFI_HAS_BSSID) ? b : NULL);
	kint_if(js, "freq_mhz", h & NLG_WIFI_HAS_FREQ, w.freq_mhz);
	kint_if(js, "channel", (h & NLG_WIFI_HAS_FREQ) && w.channel, w.channel);
	kint_if(js, "signal_dbm", h & NLG_WIFI_HAS_SIGNAL, w.signal_dbm);
	kint_if(js, "signal_avg_dbm", h & NLG_WIFI_HAS_SIGNAL_AVG, w.signal_avg_dbm);
	kuint_if(js, "rx_bitrate_bits", h & NLG_WIFI_HAS_RX_BITRATE, w.rx_bitrate);
	kuint_if(js, "tx_bitrate_bits", h & NLG_WIFI_HAS_TX_BITRATE, w.tx_bitrate);
	kint_if(js, "stations", h & NLG_WIFI_HAS_STATIONS, w.stations);
	Nlg_js_kstr(js, "source", w.source);
	Nlg_js_kstr(js, "unavailable", w.why);
	Nlg_js_obj_close(js);
}

static void pair(struct Nlg_js *js, const char *key, uint64_t rx, uint64_t tx)
{
	Nlg_js_key(js, key);
	Nlg_js_obj_open(js);
	Nlg_js_kuint(js, "rx_bytes", rx);
	Nlg_js_kuint(js, "tx_bytes", tx);
	Nlg_js_obj_close(js);
}

static void scope_total(struct Nlg_js *js, const struct nlg_monitor *mon, enum nlg_total_scope s)
{
	struct nlg_total t;
	if (nlg_monitor_total(mon, s, &t) < 0) {
		Nlg_js_null(js);
		return;
	}
	Nlg_js_obj_open(js);
	Nlg_js_key(js, "interfaces");
	Nlg_js_arr_open(js);
	for (size_t i = 0; i < nlg_iface_count(mon); i++) {
		const struct nlg_iface *it = nlg_iface_at(mon, i);
		if (nlg_iface_counted(it, s))
			Nlg_js_str(js, nlg_iface_name(it));
	}
	Nlg_js_arr_close(js);
	pair(js, "total", t.rx_total, t.tx_total);
	pair(js, "since_start", t.rx_since_start, t.tx_since_start);
	Nlg_js_key(js, "rate");
	Nlg_js_obj_open(js);
	Nlg_js_kdouble(js, "rx_bytes", t.rx_rate);
	Nlg_js_kdouble(js, "tx_bytes", t.tx_rate);
	Nlg_js_obj_close(js);
	Nlg_js_obj_close(js);
}

void Nlg_json_totals(struct Nlg_js *js, const struct nlg_monitor *mon)
{
	Nlg_js_obj_open(js);
	Nlg_js_key(js, "physical");
	scope_total(js, mon, NLG_TOTAL_PHYSICAL);
	Nlg_js_key(js, "all");
	scope_total(js, mon, NLG_TOTAL_ALL);
	Nlg_js_obj_close(js);
}
