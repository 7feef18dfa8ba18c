/* SPDX-License-Identifier: MIT */
/* test_json_stream.c - the streaming JSON writer: the same text as json-c
 * for the same values, commas and nesting, flushing to a FILE, and names
 * that are not UTF-8 made valid JSON. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <json-c/json.h>

#include "export/json_stream.h"
#include "export/utf8.h"

/* Writes v with json-c and with the writer (as one array element, so that
 * the writer's commas are exercised too) and compares the texts. */
static void same_as_jsonc(struct json_object *v, void (*write)(struct Nlg_js *, const void *),
			  const void *arg)
{
	static const struct { int jc; unsigned js; } modes[] = {
		{ JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, 0 },
		{ JSON_C_TO_STRING_PLAIN, NLG_JS_ESCAPE_SLASH },
	};
	struct json_object *arr = json_object_new_array();
	assert_non_null(arr);
	assert_int_equal(json_object_array_add(arr, json_object_get(v)), 0);
	assert_int_equal(json_object_array_add(arr, json_object_get(v)), 0);
	for (size_t m = 0; m < 2; m++) {
		struct Nlg_js js;
		Nlg_js_init(&js, NULL, modes[m].js);
		Nlg_js_arr_open(&js);
		write(&js, arg);
		write(&js, arg);
		Nlg_js_arr_close(&js);
		assert_string_equal(Nlg_js_text(&js, NULL),
				    json_object_to_json_string_ext(arr, modes[m].jc));
		assert_int_equal(Nlg_js_done(&js), 0);
	}
	json_object_put(arr);
	json_object_put(v);
}

static void w_str(struct Nlg_js *js, const void *a)
{
	Nlg_js_str(js, a);
}

static void w_double(struct Nlg_js *js, const void *a)
{
	Nlg_js_double(js, *(const double *)a);
}

static void w_int(struct Nlg_js *js, const void *a)
{
	Nlg_js_int(js, *(const int64_t *)a);
}

static void w_uint(struct Nlg_js *js, const void *a)
{
	Nlg_js_uint(js, *(const uint64_t *)a);
}

static void strings_as_jsonc(void **state)
{
	(void)state;
	static const char *const valid[] = {
		"", "eth0", "a\"b\\c/d", "\b\f\n\r\t", "\x01\x1f\x7f", "\x1b[2J\x07",
		"\xc2\x9b" "c1", "\xe4\xb8\xad\xe6\x96\x87", "\xf0\x9f\x98\x80 emoji",
		"\xe2\x80\xae" "rtl", "/usr/bin/curl", "U+FFFD \xef\xbf\xbd",
	};
	for (size_t i = 0; i < sizeof(valid) / sizeof(valid[0]); i++)
		same_as_jsonc(json_object_new_string(valid[i]), w_str, valid[i]);
	/* every ASCII byte, one string each */
	for (int c = 1; c < 0x80; c++) {
		char s[4] = { 'x', (char)c, 'y', 0 };
		same_as_jsonc(json_object_new_string(s), w_str, s);
	}
}

static void numbers_as_jsonc(void **state)
{
	(void)state;
	static const double d[] = { 0, -0.0, 1, -1, 0.5, 0.1, 1.0 / 3, 123456.789, 1e15, 1e16,
				    1e17, 1e21, 1e-7, 5e-324, 1.7976931348623157e308, 2.5e9,
				    12345678901234567890.0, -273.15 };
	for (size_t i = 0; i < sizeof(d) / sizeof(d[0]); i++)
		same_as_jsonc(json_object_new_double(d[i]), w_double, &d[i]);
	static const double odd[] = { NAN, INFINITY, -INFINITY };
	for (size_t i = 0; i < 3; i++)
		same_as_jsonc(json_object_new_double(odd[i]), w_double, &odd[i]);
	static const int64_t n[] = { 0, 1, -1, 9, 10, -10, INT64_MAX, INT64_MIN, 65536 };
	for (size_t i = 0; i < sizeof(n) / sizeof(n[0]); i++)
		same_as_jsonc(json_object_new_int64(n[i]), w_int, &n[i]);
	static const uint64_t u[] = { 0, 7, UINT64_MAX, 1ull << 63, 18446744073709551614ull };
	for (size_t i = 0; i < sizeof(u) / sizeof(u[0]); i++)
		same_as_jsonc(json_object_new_uint64(u[i]), w_uint, &u[i]);
}

/* A document with every kind of value, nested, empty containers, null
 * members: the same as the tree json-c builds of it. */
static void document_as_jsonc(void **state)
{
	(void)state;
	struct json_object *o = json_object_new_object(), *a = json_object_new_array();
	json_object_object_add(o, "n", json_object_new_int(3));
	json_object_object_add(o, "e", json_object_new_object());
	json_object_object_add(o, "ea", json_object_new_array());
	json_object_object_add(o, "x", NULL);
	json_object_object_add(o, "k\"ey", json_object_new_boolean(1));
	json_object_array_add(a, json_object_new_boolean(0));
	json_object_array_add(a, NULL);
	json_object_array_add(a, json_object_new_array());
	json_object_array_add(a, json_object_new_string("s"));
	json_object_object_add(o, "a", a);

	struct Nlg_js js;
	Nlg_js_init(&js, NULL, 0);
	Nlg_js_obj_open(&js);
	Nlg_js_kint(&js, "n", 3);
	Nlg_js_key(&js, "e");
	Nlg_js_obj_open(&js);
	Nlg_js_obj_close(&js);
	Nlg_js_key(&js, "ea");
	Nlg_js_arr_open(&js);
	Nlg_js_arr_close(&js);
	Nlg_js_knull(&js, "x");
	Nlg_js_kbool(&js, "k\"ey", true);
	Nlg_js_key(&js, "a");
	Nlg_js_arr_open(&js);
	Nlg_js_bool(&js, false);
	Nlg_js_str_or_null(&js, NULL);
	Nlg_js_arr_open(&js);
	Nlg_js_arr_close(&js);
	Nlg_js_raw(&js, "\"s\"");
	Nlg_js_arr_close(&js);
	Nlg_js_obj_close(&js);
	assert_string_equal(Nlg_js_text(&js, NULL),
			    json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
							      JSON_C_TO_STRING_NOSLASHESCAPE));
	assert_int_equal(Nlg_js_done(&js), 0);
	json_object_put(o);
}

/* Return: true when s[0..n) is strict UTF-8. */
static bool utf8(const char *s, size_t n)
{
	uint32_t cp;
	for (size_t i = 0, len; i < n; i += len)
		if (!(len = Nlg_utf8_decode((const unsigned char *)s + i, n - i, &cp)))
			return false;
	return true;
}

/* Bytes that are not UTF-8 become the text \xHH; the result is valid
 * UTF-8 JSON that json-c reads back as that text. */
static void invalid_utf8(void **state)
{
	(void)state;
	static const struct { const char *in; size_t n; const char *json; const char *value; } c[] = {
		{ "bad\xff\xfeutf", 8, "\"bad\\\\xff\\\\xfeutf\"", "bad\\xff\\xfeutf" },
		/* a 15-byte comm cut in the middle of a character */
		{ "\xd0\x9f\xd1\x80\xd0", 5, "\"\xd0\x9f\xd1\x80\\\\xd0\"", "\xd0\x9f\xd1\x80\\xd0" },
		{ "\xc0\xaf", 2, "\"\\\\xc0\\\\xaf\"", "\\xc0\\xaf" },           /* overlong */
		{ "\xed\xa0\x80", 3, "\"\\\\xed\\\\xa0\\\\x80\"", "\\xed\\xa0\\x80" }, /* surrogate */
		{ "\xf4\x90\x80\x80", 4, "\"\\\\xf4\\\\x90\\\\x80\\\\x80\"", "\\xf4\\x90\\x80\\x80" },
		{ "\x80" "a\x1b", 3, "\"\\\\x80a\\u001b\"", "\\x80a\x1b" },
		{ "n\0ul", 4, "\"n\\u0000ul\"", NULL },                          /* NUL kept */
	};
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct Nlg_js js;
		size_t len;
		Nlg_js_init(&js, NULL, 0);
		Nlg_js_str_len(&js, c[i].in, c[i].n);
		const char *t = Nlg_js_text(&js, &len);
		assert_string_equal(t, c[i].json);
		assert_true(utf8(t, len));
		struct json_object *v = json_tokener_parse(t);
		assert_non_null(v);
		if (c[i].value)
			assert_string_equal(json_object_get_string(v), c[i].value);
		json_object_put(v);
		assert_int_equal(Nlg_js_done(&js), 0);
	}
}

/* A document bigger than the buffer flushes to its FILE as it goes and
 * comes out the same as one kept in memory. */
static void flushes_to_file(void **state)
{
	(void)state;
	struct Nlg_js mem, file;
	FILE *f = tmpfile();
	assert_non_null(f);
	Nlg_js_init(&mem, NULL, 0);
	Nlg_js_init(&file, f, 0);
	struct Nlg_js *both[] = { &mem, &file };
	for (int w = 0; w < 2; w++) {
		Nlg_js_obj_open(both[w]);
		Nlg_js_key(both[w], "rows");
		Nlg_js_arr_open(both[w]);
		for (int i = 0; i < 20000; i++) {
			Nlg_js_obj_open(both[w]);
			Nlg_js_kint(both[w], "i", i);
			Nlg_js_kdouble(both[w], "r", i / 7.0);
			Nlg_js_obj_close(both[w]);
		}
		Nlg_js_arr_close(both[w]);
		Nlg_js_obj_close(both[w]);
	}
	size_t len;
	const char *t = Nlg_js_text(&mem, &len);
	assert_true(len > 256 * 1024);
	assert_int_equal(Nlg_js_done(&file), 0);
	assert_int_equal((long)len, ftell(f));
	char *back = malloc(len);
	assert_non_null(back);
	rewind(f);
	assert_int_equal(fread(back, 1, len, f), len);
	assert_memory_equal(back, t, len);
	free(back);
	fclose(f);
	assert_int_equal(Nlg_js_done(&mem), 0);
}

/* Misuse is reported, not written as broken JSON. */
static void bad_nesting(void **state)
{
	(void)state;
	struct Nlg_js js;
	Nlg_js_init(&js, NULL, 0);
	Nlg_js_obj_close(&js);
	assert_int_equal(Nlg_js_done(&js), -EINVAL);
	Nlg_js_init(&js, NULL, 0);
	Nlg_js_obj_open(&js);
	Nlg_js_key(&js, "dangling");
	Nlg_js_obj_close(&js);
	assert_null(Nlg_js_text(&js, NULL));
	assert_int_equal(Nlg_js_done(&js), -EINVAL);
	Nlg_js_init(&js, NULL, 0);
	for (int i = 0; i < NLG_JS_MAX_DEPTH + 1; i++)
		Nlg_js_arr_open(&js);
	assert_int_equal(Nlg_js_done(&js), -EINVAL);
	Nlg_js_init(&js, NULL, 0);
	Nlg_js_arr_open(&js);
	assert_int_equal(Nlg_js_done(&js), -EINVAL); /* never closed */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(strings_as_jsonc),
		cmocka_unit_test(numbers_as_jsonc),
		cmocka_unit_test(document_as_jsonc),
		cmocka_unit_test(invalid_utf8),
		cmocka_unit_test(flushes_to_file),
		cmocka_unit_test(bad_nesting),
	};
	return cmocka_run_group_tests_name("json_stream", tests, NULL, NULL);
}
