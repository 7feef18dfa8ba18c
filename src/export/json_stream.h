/* SPDX-License-Identifier: MIT */
/*
 * json_stream.h - a JSON writer that streams: values go straight into a
 * growing buffer (flushed to a FILE when one is given) with no document
 * tree, for outputs whose size follows the number of interfaces or
 * connections. Its text is the same, byte for byte, as json-c's
 * JSON_C_TO_STRING_PLAIN for the same values (numbers, escapes, "\/"
 * only when asked), so that outputs written either way agree.
 *
 * Strings are made valid UTF-8 (see netledger(1), "JSON output"): each
 * byte that is not part of strict UTF-8 is written as the four characters
 * \xHH (JSON text "\\xHH"), the form the terminal shows for it; valid
 * text, controls included (as JSON escapes), keeps its exact value.
 *
 * Commas and colons are the writer's business: call key() before each
 * member's value, and nothing between array elements. The first error
 * (out of memory, a failed write, nesting past NLG_JS_MAX_DEPTH) sticks;
 * later calls do nothing and Nlg_js_done() returns it.
 */
#ifndef NLG_EXPORT_JSON_STREAM_H
#define NLG_EXPORT_JSON_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define NLG_JS_MAX_DEPTH 64

enum {
	NLG_JS_ESCAPE_SLASH = 1, /* "/" as "\/", as json-c does by default */
};

struct Nlg_js {
	char *buf;
	size_t len, cap;
	FILE *out;           /* NULL: keep everything in buf */
	unsigned flags;
	int err;             /* 0, or the first negative errno-style code */
	unsigned depth;
	uint64_t has_items;  /* bit d: the container at depth d has a member */
	bool after_key;
};

/* Starts a writer that flushes to out now and then, or keeps the whole
 * text in memory when out is NULL (read it with Nlg_js_text). */
void Nlg_js_init(struct Nlg_js *js, FILE *out, unsigned flags);

/* Marks the document failed with err (< 0): nothing more is written and
 * Nlg_js_done() returns err. What was flushed already stays written. */
void Nlg_js_fail(struct Nlg_js *js, int err);

/* Flushes what is left to out (when there is one) and frees the buffer.
 * Return: 0, -ENOMEM, -EIO (a failed write) or -EINVAL (bad nesting). */
int Nlg_js_done(struct Nlg_js *js);

/* Return: the text written so far (NUL-terminated, valid until the next
 * call), or NULL after an error. Only for a writer without out. */
const char *Nlg_js_text(struct Nlg_js *js, size_t *len);

void Nlg_js_obj_open(struct Nlg_js *js);
void Nlg_js_obj_close(struct Nlg_js *js);
void Nlg_js_arr_open(struct Nlg_js *js);
void Nlg_js_arr_close(struct Nlg_js *js);
/* The next member's name; the value follows. */
void Nlg_js_key(struct Nlg_js *js, const char *key);

void Nlg_js_str(struct Nlg_js *js, const char *s);
void Nlg_js_str_len(struct Nlg_js *js, const char *s, size_t n);
void Nlg_js_int(struct Nlg_js *js, int64_t v);
void Nlg_js_uint(struct Nlg_js *js, uint64_t v);
/* As json-c: %.17g, ".0" added to a whole number, NaN and Infinity bare. */
void Nlg_js_double(struct Nlg_js *js, double v);
void Nlg_js_bool(struct Nlg_js *js, bool v);
void Nlg_js_null(struct Nlg_js *js);
/* A value that is already JSON text (an element serialized elsewhere). */
void Nlg_js_raw(struct Nlg_js *js, const char *json);
/* A string, or null when s is NULL. */
void Nlg_js_str_or_null(struct Nlg_js *js, const char *s);

/* Members: key then value. */
#define Nlg_js_kstr(js, key, v) (Nlg_js_key(js, key), Nlg_js_str(js, v))
#define Nlg_js_kint(js, key, v) (Nlg_js_key(js, key), Nlg_js_int(js, v))
#define Nlg_js_kuint(js, key, v) (Nlg_js_key(js, key), Nlg_js_uint(js, v))
#define Nlg_js_kdouble(js, key, v) (Nlg_js_key(js, key), Nlg_js_double(js, v))
#define Nlg_js_kbool(js, key, v) (Nlg_js_key(js, key), Nlg_js_bool(js, v))
#define Nlg_js_knull(js, key) (Nlg_js_key(js, key), Nlg_js_null(js))

/* Appends the body of a JSON string for s[0..n) (no quotes) to js, with
 * the escapes and the UTF-8 rule above; the fuzzer calls it alone. */
void Nlg_js_escape(struct Nlg_js *js, const char *s, size_t n);

#endif
