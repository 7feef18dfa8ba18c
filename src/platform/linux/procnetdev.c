/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "platform/linux/procnetdev.h"

/* The sixteen columns after "name:", and the counter each one is exactly.
 * Columns the kernel prints as sums of several counters (rx drop is
 * dropped + missed; frame and carrier are sums of error kinds) are
 * mapped only where the sum is the counter we report. */
#define NCOLS 16
static const int column_counter[NCOLS] = {
	NLG_RX_BYTES, NLG_RX_PACKETS, NLG_RX_ERRORS, NLG_RX_DROPPED,
	NLG_RX_FIFO_ERRORS, -1 /* frame: a sum */, NLG_RX_COMPRESSED, NLG_MULTICAST,
	NLG_TX_BYTES, NLG_TX_PACKETS, NLG_TX_ERRORS, NLG_TX_DROPPED,
	NLG_TX_FIFO_ERRORS, NLG_COLLISIONS, -1 /* carrier: a sum */, NLG_TX_COMPRESSED,
};

/* Return: 0 and one reading from a line "  name: v0 v1 ... v15", or -EPROTO. */
static int parse_line(const char *line, const char *end, struct Nlg_raw_link *l)
{
	while (line < end && *line == ' ')
		line++;
	const char *colon = memchr(line, ':', (size_t)(end - line));
	if (!colon || colon == line || colon - line >= NLG_NAME_MAX)
		return -EPROTO;
	memcpy(l->name, line, (size_t)(colon - line));
	l->name[colon - line] = '\0';
	const char *p = colon + 1;
	for (int col = 0; col < NCOLS; col++) {
		while (p < end && *p == ' ')
			p++;
		if (p >= end || *p < '0' || *p > '9')
			return -EPROTO;
		uint64_t v = 0;
		for (; p < end && *p >= '0' && *p <= '9'; p++) {
			unsigned d = (unsigned)(*p - '0');
			if (v > (UINT64_MAX - d) / 10)
				return -EPROTO;
			v = v * 10 + d;
		}
		if (column_counter[col] >= 0) {
			l->counters[column_counter[col]] = v;
			l->counter_mask |= 1u << column_counter[col];
		}
	}
	l->counter_width = 64;
	return 0;
}

int Nlg_procnetdev_parse(const char *text, size_t len, struct Nlg_raw_links *out)
{
	const char *p = text, *end = text + len;
	int lineno = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		/* The first two lines are headers. */
		if (lineno++ >= 2 && eol > p) {
			struct Nlg_raw_link *l = Nlg_raw_links_push(out);
			if (!l)
				return -ENOMEM;
			if (parse_line(p, eol, l) < 0)
				return -EPROTO;
		}
		p = eol + 1;
	}
	return lineno >= 2 ? 0 : -EPROTO;
}
