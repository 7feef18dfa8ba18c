/* SPDX-License-Identifier: MIT */
/* fuzz_json_stream.c - the JSON writer's strings over any bytes: the text
 * is valid UTF-8 in JSON string syntax (quotes only at its ends, no raw
 * control, every escape well formed), and reads back as the input when
 * the input was UTF-8. The first byte picks the flags. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "export/json_stream.h"
#include "export/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int hexval(unsigned char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	       c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Checks t[0..n) is one JSON string of valid UTF-8 and decodes it into
 * out (the writer escapes only to \u00XX, so each escape is one byte).
 * Return: the decoded length. */
static size_t check_string(const unsigned char *t, size_t n, unsigned char *out)
{
	size_t o = 0, len;
	uint32_t cp;
	if (n < 2 || t[0] != '"' || t[n - 1] != '"')
		abort();
	for (size_t i = 1; i < n - 1; i += len) {
		if (t[i] < 0x20 || t[i] == '"')
			abort();
		if (t[i] != '\\') {
			len = Nlg_utf8_decode(t + i, n - 1 - i, &cp);
			if (!len)
				abort();
			memcpy(out + o, t + i, len);
			o += len;
			continue;
		}
		if (i + 1 >= n - 1)
			abort();
		const char *simple = strchr("\"\\/bfnrt", t[i + 1]);
		if (simple && t[i + 1]) {
			static const char dec[] = "\"\\/\b\f\n\r\t";
			out[o++] = (unsigned char)dec[simple - "\"\\/bfnrt"];
			len = 2;
			continue;
		}
		if (t[i + 1] != 'u' || i + 5 >= n - 1)
			abort();
		int v = 0;
		for (int k = 2; k < 6; k++) {
			int h = hexval(t[i + k]);
			if (h < 0)
				abort();
			v = v << 4 | h;
		}
		if (v > 0x1f)
			abort(); /* only controls are written as \u00XX */
		out[o++] = (unsigned char)v;
		len = 6;
	}
	return o;
}

static bool utf8(const uint8_t *s, size_t n)
{
	uint32_t cp;
	for (size_t i = 0, len; i < n; i += len)
		if (!(len = Nlg_utf8_decode(s + i, n - i, &cp)))
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct Nlg_js js;
	size_t n;
	Nlg_js_init(&js, NULL, data[0] & 1 ? NLG_JS_ESCAPE_SLASH : 0);
	Nlg_js_str_len(&js, (const char *)data + 1, size - 1);
	const char *t = Nlg_js_text(&js, &n);
	if (!t)
		abort();
	unsigned char *back = malloc(n + 1);
	if (back) {
		size_t m = check_string((const unsigned char *)t, n, back);
		if (utf8(data + 1, size - 1) && (m != size - 1 || memcmp(back, data + 1, m)))
			abort();
		free(back);
	}
	if (Nlg_js_done(&js) != 0)
		abort();
	return 0;
}
