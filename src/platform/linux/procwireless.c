/* SPDX-License-Identifier: MIT */
/*
 * procwireless.c - decodes /proc/net/wireless. After two header lines,
 * one line per interface:
 *   " wlan0: 0000   54.  -56.  -256        0      0      0      0      0        0"
 * name, status (hex), link quality, level and noise (each followed by '.'
 * when updated since the last read), then discard counters. cfg80211
 * prints the level in dBm (negative); a driver with a relative scale
 * prints a positive number, which is no dBm value.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "platform/linux/procwireless.h"

#define LINE_MAX_LEN 256
/* Anything weaker than this is no real reading (the kernel prints -256
 * for "no value"). */
#define DBM_FLOOR (-150)

/* Return: 0 with *dbm from the fields after "name:", or a negative code. */
static int parse_fields(const char *p, int *dbm)
{
	char *end;
	strtoul(p, &end, 16); /* status */
	if (end == p)
		return -EPROTO;
	p = end;
	strtol(p, &end, 10); /* link quality */
	if (end == p)
		return -EPROTO;
	p = *end == '.' ? end + 1 : end;
	long level = strtol(p, &end, 10);
	if (end == p)
		return -EPROTO;
	if (level >= 0 || level < DBM_FLOOR)
		return -ERANGE;
	*dbm = (int)level;
	return 0;
}

/* Return: as Nlg_procwireless_level for one line, -ENOENT when it is
 * another interface's (or a header). */
static int parse_line(const char *line, const char *name, int *dbm)
{
	while (*line == ' ' || *line == '\t')
		line++;
	const char *colon = strchr(line, ':');
	size_t nlen = strlen(name);
	if (!colon || (size_t)(colon - line) != nlen || memcmp(line, name, nlen) != 0)
		return -ENOENT;
	return parse_fields(colon + 1, dbm);
}

int Nlg_procwireless_level(const char *text, size_t len, const char *name, int *dbm)
{
	char line[LINE_MAX_LEN + 1];
	size_t off = 0;

	if (!name[0])
		return -ENOENT;
	while (off < len) {
		const char *nl = memchr(text + off, '\n', len - off);
		size_t n = nl ? (size_t)(nl - (text + off)) : len - off;
		size_t keep = n < LINE_MAX_LEN ? n : LINE_MAX_LEN;
		memcpy(line, text + off, keep);
		line[keep] = '\0';
		off += n + (nl ? 1 : 0);
		/* A NUL inside the line would hide the rest: no such file has one. */
		if (memchr(line, '\0', keep) || strchr(line, '|'))
			continue;
		int err = parse_line(line, name, dbm);
		if (err != -ENOENT)
			return err;
	}
	return -ENOENT;
}
