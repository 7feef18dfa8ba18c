/* SPDX-License-Identifier: MIT */
/* wifi_fmt.c - a wireless link in words. A field the platform could not
 * read is left out, and the reason said, never shown as 0. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli/wifi_fmt.h"
#include "export/termtext.h"

char *Nlg_fmt_ssid(const struct nlg_wifi *w, char *buf, size_t size)
{
	char raw[sizeof(w->ssid) + 1];
	size_t pos = 0, n = w->ssid_len < sizeof(w->ssid) ? w->ssid_len : sizeof(w->ssid);
	buf[0] = '\0';
	/* An SSID is any 32 bytes, NUL included: render the runs between NULs
	 * as every other name is rendered, and each NUL as its escape. */
	for (size_t i = 0; i <= n && pos + 1 < size; i++) {
		size_t start = i;
		while (i < n && w->ssid[i])
			i++;
		memcpy(raw, w->ssid + start, i - start);
		raw[i - start] = '\0';
		Nlg_term_render(raw, -1, buf + pos, size - pos);
		pos += strlen(buf + pos);
		if (i < n)
			pos += (size_t)snprintf(buf + pos, size - pos, "\\x00");
	}
	return buf;
}

/* The SSID as a C string, unrendered, for text that is rendered as a whole
 * later (a cell of top); a NUL byte, which cannot travel in it, shows as ?. */
static char *raw_ssid(const struct nlg_wifi *w, char *buf, size_t size)
{
	size_t pos = 0, n = w->ssid_len < sizeof(w->ssid) ? w->ssid_len : sizeof(w->ssid);
	for (size_t i = 0; i < n && pos + 2 < size; i++)
		buf[pos++] = w->ssid[i] ? (char)w->ssid[i] : '?';
	buf[pos] = '\0';
	return buf;
}

struct out {
	char *buf;
	size_t size, pos;
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	if (o->pos >= o->size)
		return;
	va_start(ap, fmt);
	int n = vsnprintf(o->buf + o->pos, o->size - o->pos, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->pos += (size_t)n;
}

/* Megabits per second, as Wi-Fi rates are quoted. */
static double mbits(uint64_t bits)
{
	return (double)bits / 1e6;
}

char *Nlg_fmt_wifi(const struct nlg_wifi *w, char *buf, size_t size)
{
	struct out o = { buf, size, 0 };
	char ssid[4 * 32 + 1];
	unsigned h = w->has;
	buf[0] = '\0';
	put(&o, "%s", h & NLG_WIFI_HAS_MODE ? nlg_wifi_mode_name(w->mode) : "wifi");
	if (h & NLG_WIFI_HAS_SSID)
		put(&o, " ssid \"%s\"", Nlg_fmt_ssid(w, ssid, sizeof(ssid)));
	if (h & NLG_WIFI_HAS_BSSID)
		put(&o, " bssid %02x:%02x:%02x:%02x:%02x:%02x", w->bssid[0], w->bssid[1],
		    w->bssid[2], w->bssid[3], w->bssid[4], w->bssid[5]);
	if (h & NLG_WIFI_HAS_FREQ)
		put(&o, w->channel ? " %u MHz ch %u" : " %u MHz", w->freq_mhz, w->channel);
	if (h & NLG_WIFI_HAS_SIGNAL)
		put(&o, " signal %d dBm", w->signal_dbm);
	if (h & NLG_WIFI_HAS_SIGNAL_AVG)
		put(&o, " (avg %d dBm)", w->signal_avg_dbm);
	if (h & NLG_WIFI_HAS_RX_BITRATE)
		put(&o, " rx %.1f Mb/s", mbits(w->rx_bitrate));
	if (h & NLG_WIFI_HAS_TX_BITRATE)
		put(&o, " tx %.1f Mb/s", mbits(w->tx_bitrate));
	if (h & NLG_WIFI_HAS_STATIONS)
		put(&o, ", %u station%s", w->stations, w->stations == 1 ? "" : "s");
	if (w->source[0] && strcmp(w->source, "nl80211") != 0)
		put(&o, " (from %s)", w->source);
	if (w->why[0])
		put(&o, "; %s: %s", h & ~NLG_WIFI_HAS_MODE ? "the rest is not available" :
			"link quality not available", w->why);
	return buf;
}

char *Nlg_fmt_wifi_short(const struct nlg_wifi *w, char *buf, size_t size)
{
	struct out o = { buf, size, 0 };
	char ssid[4 * 32 + 1];
	unsigned h = w->has;
	buf[0] = '\0';
	if (h & NLG_WIFI_HAS_SSID)
		put(&o, "%s ", raw_ssid(w, ssid, sizeof(ssid)));
	if (h & NLG_WIFI_HAS_FREQ && w->channel)
		put(&o, "ch%u ", w->channel);
	if (h & NLG_WIFI_HAS_SIGNAL)
		put(&o, "%d dBm ", w->signal_dbm);
	if (h & (NLG_WIFI_HAS_RX_BITRATE | NLG_WIFI_HAS_TX_BITRATE)) {
		char rx[24] = "-", tx[24] = "-";
		if (h & NLG_WIFI_HAS_RX_BITRATE)
			snprintf(rx, sizeof(rx), "%.0f", mbits(w->rx_bitrate));
		if (h & NLG_WIFI_HAS_TX_BITRATE)
			snprintf(tx, sizeof(tx), "%.0f", mbits(w->tx_bitrate));
		put(&o, "%s/%s Mb/s ", rx, tx);
	}
	if (h & NLG_WIFI_HAS_STATIONS)
		put(&o, "%u sta ", w->stations);
	if (!o.pos && w->why[0])
		put(&o, "%s", w->why);
	while (o.pos && o.pos < size && buf[o.pos - 1] == ' ')
		buf[--o.pos] = '\0';
	return buf;
}
