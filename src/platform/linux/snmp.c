/* SPDX-License-Identifier: MIT */
/* snmp.c - forwarded packets: the proof that a namespace forwards, which
 * bounds what the attribution may call forwarded. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "platform/linux/readfile.h"
#include "platform/linux/snmp.h"

#define SNMP_MAX 16384

/* "Ip: a b c\nIp: 1 2 3": the value in the second Ip: line at the
 * position of the name in the first. */
static int ipv4(const char *text, uint64_t *out)
{
	const char *names = strstr(text, "Ip: "), *vals;
	if (!names || !(vals = strstr(names + 4, "\nIp: ")))
		return -ENOENT;
	names += 4;
	vals += 5;
	const char *eol = strchr(names, '\n');
	for (const char *n = names; n && n < eol;) {
		size_t len = strcspn(n, " \n");
		if (len == strlen("ForwDatagrams") && !strncmp(n, "ForwDatagrams", len)) {
			*out = strtoull(vals, NULL, 10);
			return 0;
		}
		n += len;
		n += *n == ' ';
		vals += strcspn(vals, " \n");
		vals += *vals == ' ';
	}
	return -ENOENT;
}

/* "Ip6OutForwDatagrams   17" */
static int ipv6(const char *text, uint64_t *out)
{
	const char *f = strstr(text, "Ip6OutForwDatagrams");
	if (!f)
		return -ENOENT;
	*out = strtoull(f + strlen("Ip6OutForwDatagrams"), NULL, 10);
	return 0;
}

int Nlg_snmp_parse_forwarded(const char *text, uint64_t *packets)
{
	return strstr(text, "Ip6") ? ipv6(text, packets) : ipv4(text, packets);
}

int Nlg_snmp_forwarded(const char *snmp, const char *snmp6, uint64_t *packets)
{
	char buf[SNMP_MAX];
	uint64_t v4 = 0, v6 = 0;
	if (Nlg_read_small_at(AT_FDCWD, snmp, buf, sizeof(buf), NULL) < 0)
		return -ENOENT;
	int err = Nlg_snmp_parse_forwarded(buf, &v4);
	if (err < 0)
		return err;
	/* A kernel without IPv6 has no snmp6. */
	if (Nlg_read_small_at(AT_FDCWD, snmp6, buf, sizeof(buf), NULL) >= 0)
		Nlg_snmp_parse_forwarded(buf, &v6);
	*packets = v4 + v6;
	return 0;
}
