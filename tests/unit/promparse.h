/* SPDX-License-Identifier: MIT */
/* promparse.h - a strict reader of the Prometheus text format (0.0.4), for
 * checking what the exporter writes. */
#ifndef NLG_TEST_PROMPARSE_H
#define NLG_TEST_PROMPARSE_H

#include <stdbool.h>
#include <stddef.h>

struct prom_sample {
	char *series;   /* name{labels} as written */
	char *family;
	double value;
};

struct prom_doc {
	struct prom_sample *v;
	size_t n, cap;
	char err[256];  /* why parsing failed, with the line number */
};

/* Checks every rule the exporter promises: each sample line parses, each
 * family has HELP then TYPE before its samples and its samples are
 * together, no series repeats, counters end in _total and are not
 * negative, label values use only the three escapes.
 * Return: true when text is valid; else false with doc->err set. */
bool prom_parse(const char *text, struct prom_doc *doc);

/* Return: the value of a series (as written), or -1 when absent. */
double prom_value(const struct prom_doc *doc, const char *series);

void prom_doc_done(struct prom_doc *doc);

#endif
