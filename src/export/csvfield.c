/* SPDX-License-Identifier: MIT */
/* csvfield.c - one CSV field of a name another user chose (see
 * termtext.h): safe in a terminal and in a spreadsheet. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "export/termtext.h"

void Nlg_csv_field(const char *s, FILE *f)
{
	size_t size = strlen(s) * 4 + 1;
	char small[256], *buf = size <= sizeof(small) ? small : malloc(size);
	if (!buf) {
		fputs("\"?\"", f);   /* a field, even without memory */
		return;
	}
	Nlg_term_render(s, -1, buf, size);
	fputc('"', f);
	if (buf[0] && strchr("=+-@\t\r", buf[0]))
		fputc('\'', f);
	for (const char *p = buf; *p; p++) {
		if (*p == '"')
			fputc('"', f);
		fputc(*p, f);
	}
	fputc('"', f);
	if (buf != small)
		free(buf);
}
