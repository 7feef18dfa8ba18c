/* SPDX-License-Identifier: MIT */
/* json.c - JSON answers: documents through json-c, errors as
 * {"error": "..."}. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/web/web_int.h"

#define JSON_TYPE "application/json; charset=utf-8"

int web_add(struct json_object *o, const char *k, struct json_object *v)
{
	if (!v)
		return -1;
	if (json_object_object_add(o, k, v)) {
		json_object_put(v);
		return -1;
	}
	return 0;
}

int web_json(struct Nlg_web_resp *out, unsigned status, struct json_object *doc)
{
	const char *s = doc ? json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN) : NULL;
	char *body = s ? strdup(s) : NULL;
	json_object_put(doc);
	if (!body)
		return -ENOMEM;
	*out = (struct Nlg_web_resp){ .status = status, .type = JSON_TYPE, .body = body,
				      .len = strlen(body), .release = free, .release_cls = body };
	return 0;
}

int web_error(struct Nlg_web_resp *out, unsigned status, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	struct json_object *doc = json_object_new_object();
	if (doc && web_add(doc, "error", Nlg_json_text(msg)) < 0) {
		json_object_put(doc);
		doc = NULL;
	}
	return web_json(out, status, doc);
}

struct json_object *web_range_doc(const struct web_range *r)
{
	struct json_object *doc = json_object_new_object();
	if (!doc)
		return NULL;
	if (web_add(doc, "version", json_object_new_int(1)) ||
	    web_add(doc, "resolution", Nlg_json_text(Nlg_res_name(r->res))) ||
	    web_add(doc, "since", json_object_new_int64(r->since)) ||
	    web_add(doc, "until", json_object_new_int64(r->until))) {
		json_object_put(doc);
		return NULL;
	}
	return doc;
}
