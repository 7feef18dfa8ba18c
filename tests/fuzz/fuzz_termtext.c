/* SPDX-License-Identifier: MIT */
/* fuzz_termtext.c - the terminal renderer and the CSV field over any
 * bytes: nothing but printable text comes out, never wider than asked,
 * a cell exactly as wide as asked. The first byte picks the width. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/termtext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_printable(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int width = data[0] % 64;
	char *s = strndup((const char *)data + 1, size - 1);
	size_t cap = (size - 1) * 4 + 1 + (size_t)width;
	char *out = malloc(cap), *again = malloc(cap);
	if (!s || !out || !again)
		goto done;
	Nlg_term_set_utf8(data[0] & 0x80);
	int w = Nlg_term_render(s, -1, out, cap);
	check_printable(out);
	if (w != Nlg_term_width(s) || Nlg_term_cut(out, -1, again, cap) != w || strcmp(out, again))
		abort();
	if (Nlg_term_render(s, width, out, cap) > width)
		abort();
	Nlg_term_cell(s, width, data[0] & 0x40, out, cap);
	check_printable(out);
	if (Nlg_term_cut(out, -1, again, cap) != width)
		abort();
	FILE *f = fopen("/dev/null", "w");
	if (f) {
		Nlg_csv_field(s, f);
		fclose(f);
	}
done:
	Nlg_term_set_utf8(true);
	free(s);
	free(out);
	free(again);
	return 0;
}
