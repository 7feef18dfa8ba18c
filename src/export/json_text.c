/* SPDX-License-Identifier: MIT */
/* json_text.c - text for a json-c document, made valid UTF-8 by the rule
 * the streaming writer follows (json_stream.h): each byte that is not
 * part of strict UTF-8 becomes the four characters \xHH. json-c itself
 * passes such bytes through, which makes the document invalid JSON. */
#include <stdlib.h>
#include <string.h>

#include "export/json.h"
#include "export/utf8.h"

struct json_object *Nlg_json_text(const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, len;
	uint32_t cp;
	while (i < n && (len = Nlg_utf8_decode(u + i, n - i, &cp)))
		i += len;
	if (i == n)
		return json_object_new_string(s); /* the usual case: valid already */
	char *t = malloc(4 * n + 1), *o = t;
	if (!t)
		return NULL;
	memcpy(o, s, i);
	o += i;
	while (i < n) {
		len = Nlg_utf8_decode(u + i, n - i, &cp);
		if (len) {
			memcpy(o, s + i, len);
			o += len;
			i += len;
			continue;
		}
		*o++ = '\\';
		*o++ = 'x';
		*o++ = hex[u[i] >> 4];
		*o++ = hex[u[i] & 15];
		i++;
	}
	struct json_object *j = json_object_new_string_len(t, (int)(o - t));
	free(t);
	return j;
}
