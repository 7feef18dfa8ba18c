/* SPDX-License-Identifier: MIT */
/*
 * json_wifi.c - the JSON form of a wireless link and of the machine's
 * totals (see netledger(1)). A field the platform could not read is
 * null, never 0.
 */
#include <stdio.h>
#include <string.h>

#include "export/json.h"

static int add(struct json_object *o, const char *key, struct json_object *v)
{
	if (!v)
		return -1;
	return json_object_object_add_ex(o, key, v, JSON_C_OBJECT_ADD_KEY_IS_NEW |
						       JSON_C_OBJECT_ADD_CONSTANT_KEY);
}

/* Adds v under key when the field is known, else null. */
static int add_if(struct json_object *o, const char *key, bool known, struct json_object *v)
{
	if (!known) {
		json_object_put(v);
		return json_object_object_add(o, key, NULL);
	}
	return add(o, key, v);
}

/* Return: true when s[0..n) is UTF-8 without NUL, which JSON can carry. */
static bool utf8_text(const uint8_t *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint8_t c = s[i];
		size_t len = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 :
			     (c & 0xf8) == 0xf0 ? 4 : 0;
		if (c == 0 || len == 0 || (len == 2 && c < 0xc2) || i + len > n)
			return false;
		for (size_t k = 1; k < len; k++)
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
		i += len;
	}
	return true;
}

/* An SSID is any 0-32 bytes: text when it is UTF-8, hex always. */
static int add_ssid(struct json_object *o, const struct nlg_wifi *w)
{
	char hex[2 * sizeof(w->ssid) + 1] = "";
	bool known = w->has & NLG_WIFI_HAS_SSID;
	for (size_t i = 0; known && i < w->ssid_len; i++)
		snprintf(hex + 2 * i, 3, "%02x", w->ssid[i]);
	bool text = known && utf8_text(w->ssid, w->ssid_len);
	return add_if(o, "ssid", text, json_object_new_string_len((const char *)w->ssid,
								     (int)w->ssid_len)) ||
	       add_if(o, "ssid_hex", known, json_object_new_string(hex));
}

static struct json_object *bssid(const struct nlg_wifi *w)
{
	char b[18];
	const uint8_t *m = w->bssid;
	snprintf(b, sizeof(b), "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
	return json_object_new_string(b);
}

struct json_object *Nlg_json_wifi(const struct nlg_iface *it)
{
	struct nlg_wifi w;
	if (nlg_iface_wifi(it, &w) < 0)
		return NULL; /* callers ask only about present wireless links */
	struct json_object *o = json_object_new_object();
	unsigned h = w.has;
	if (!o || add(o, "mode", json_object_new_string(nlg_wifi_mode_name(w.mode))) ||
	    add_ssid(o, &w) ||
	    add_if(o, "bssid", h & NLG_WIFI_HAS_BSSID, bssid(&w)) ||
	    add_if(o, "freq_mhz", h & NLG_WIFI_HAS_FREQ, json_object_new_int64(w.freq_mhz)) ||
	    add_if(o, "channel", (h & NLG_WIFI_HAS_FREQ) && w.channel,
		   json_object_new_int64(w.channel)) ||
	    add_if(o, "signal_dbm", h & NLG_WIFI_HAS_SIGNAL, json_object_new_int(w.signal_dbm)) ||
	    add_if(o, "signal_avg_dbm", h & NLG_WIFI_HAS_SIGNAL_AVG,
		   json_object_new_int(w.signal_avg_dbm)) ||
	    add_if(o, "rx_bitrate_bits", h & NLG_WIFI_HAS_RX_BITRATE,
		   json_object_new_uint64(w.rx_bitrate)) ||
	    add_if(o, "tx_bitrate_bits", h & NLG_WIFI_HAS_TX_BITRATE,
		   json_object_new_uint64(w.tx_bitrate)) ||
	    add_if(o, "stations", h & NLG_WIFI_HAS_STATIONS, json_object_new_int64(w.stations)) ||
	    add(o, "source", json_object_new_string(w.source)) ||
	    add(o, "unavailable", json_object_new_string(w.why))) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static struct json_object *pair(const char *rxk, const char *txk, struct json_object *rx,
				struct json_object *tx)
{
	struct json_object *o = json_object_new_object();
	if (!o || add(o, rxk, rx) || add(o, txk, tx)) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static struct json_object *scope_total(const struct nlg_monitor *mon, enum nlg_total_scope s)
{
	struct nlg_total t;
	struct json_object *o = json_object_new_object(), *names = json_object_new_array();
	if (!o || !names || nlg_monitor_total(mon, s, &t) < 0 || add(o, "interfaces", names)) {
		json_object_put(o);
		json_object_put(names);
		return NULL;
	}
	for (size_t i = 0; i < nlg_iface_count(mon); i++) {
		const struct nlg_iface *it = nlg_iface_at(mon, i);
		if (nlg_iface_counted(it, s) &&
		    json_object_array_add(names, json_object_new_string(nlg_iface_name(it)))) {
			json_object_put(o);
			return NULL;
		}
	}
	if (add(o, "total", pair("rx_bytes", "tx_bytes", json_object_new_uint64(t.rx_total),
				 json_object_new_uint64(t.tx_total))) ||
	    add(o, "since_start", pair("rx_bytes", "tx_bytes",
				       json_object_new_uint64(t.rx_since_start),
				       json_object_new_uint64(t.tx_since_start))) ||
	    add(o, "rate", pair("rx_bytes", "tx_bytes", json_object_new_double(t.rx_rate),
				json_object_new_double(t.tx_rate)))) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

struct json_object *Nlg_json_totals(const struct nlg_monitor *mon)
{
	struct json_object *o = json_object_new_object();
	if (!o || add(o, "physical", scope_total(mon, NLG_TOTAL_PHYSICAL)) ||
	    add(o, "all", scope_total(mon, NLG_TOTAL_ALL))) {
		json_object_put(o);
		return NULL;
	}
	return o;
}
