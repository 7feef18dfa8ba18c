/* SPDX-License-Identifier: MIT */
/* wifi_fmt.h - a wireless link in words, for the ifaces table and top. */
#ifndef NLG_CLI_WIFI_FMT_H
#define NLG_CLI_WIFI_FMT_H

#include <stddef.h>

#include "netledger.h"

/* Writes the SSID rendered for a terminal (export/termtext.h; a NUL byte
 * as \x00): an SSID is anyone's choice of 32 bytes. Return: buf. */
char *Nlg_fmt_ssid(const struct nlg_wifi *w, char *buf, size_t size);

/* The full line under an interface in netledger ifaces ("station
 * ssid \"home\" bssid ... signal -56 dBm ..."), rendered. Return: buf. */
char *Nlg_fmt_wifi(const struct nlg_wifi *w, char *buf, size_t size);

/* A short form for a column ("home ch36 -56 dBm 867/780 Mb/s"), with the
 * SSID NOT rendered: the caller renders the whole cell. Return: buf. */
char *Nlg_fmt_wifi_short(const struct nlg_wifi *w, char *buf, size_t size);

#endif
