/* SPDX-License-Identifier: MIT */
/* snmp.h - a namespace's count of forwarded packets, from /proc/net/snmp
 * (Ip: ForwDatagrams) and /proc/net/snmp6 (Ip6OutForwDatagrams). */
#ifndef NLG_LINUX_SNMP_H
#define NLG_LINUX_SNMP_H

#include <stdint.h>

/* Parses the text of /proc/net/snmp or /proc/net/snmp6 (pure).
 * Return: 0 with *packets set, or -ENOENT when the field is missing. */
int Nlg_snmp_parse_forwarded(const char *text, uint64_t *packets);

/* Return: 0 with the IPv4 plus IPv6 forwarded packets of the namespace of
 * those files in *packets, or a negative error code. */
int Nlg_snmp_forwarded(const char *snmp, const char *snmp6, uint64_t *packets);

#endif
