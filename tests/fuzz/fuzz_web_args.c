/* SPDX-License-Identifier: MIT */
/* fuzz_web_args.c - the history page API's query parameters: a query
 * string ("k=v&k2=v2") split as the HTTP server would, then checked and
 * read as a range, as every /api/v1/ request is. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/web/web_int.h"

#define MAX_ARGS 16

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const allowed[] = { "range", "since", "until", "res", "iface", "app",
					       NULL };
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	struct Nlg_web_arg a[MAX_ARGS];
	size_t n = 0;
	for (char *save = NULL, *kv = strtok_r(text, "&", &save); kv && n < MAX_ARGS;
	     kv = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(kv, '=');
		if (eq)
			*eq = '\0';
		a[n++] = (struct Nlg_web_arg){ kv, eq ? eq + 1 : NULL };
	}
	struct Nlg_web_opts o = { .billing_day = (unsigned)(size % 33) };
	o.keep[NLG_RES_MINUTE] = 172800;
	o.keep[NLG_RES_HOUR] = 90 * 86400;
	struct web_range r;
	char err[256];
	if (web_args_check(a, n, allowed, err, sizeof(err)) == 0 &&
	    web_range_parse(a, n, 1797338096, &o, &r, err, sizeof(err)) == 0 &&
	    (r.since >= r.until || r.since < 0))
		abort();
	free(text);
	return 0;
}
