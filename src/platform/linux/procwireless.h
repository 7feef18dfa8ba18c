/* SPDX-License-Identifier: MIT */
/*
 * procwireless.h - the signal level of a wireless interface from the text
 * of /proc/net/wireless (wireless extensions), for when nl80211 cannot be
 * asked. Only the level: the file has no SSID, bitrate or frequency.
 */
#ifndef NLG_LINUX_PROCWIRELESS_H
#define NLG_LINUX_PROCWIRELESS_H

#include <stddef.h>

/*
 * Finds the line of interface name in text (len bytes, no terminator
 * needed) and reads its signal level.
 * Return: 0 with *dbm set; -ENOENT when the interface is not listed;
 * -ERANGE when its level is not in dBm (a driver's relative scale, or no
 * reading yet); -EPROTO when its line is malformed.
 */
int Nlg_procwireless_level(const char *text, size_t len, const char *name, int *dbm);

#endif
